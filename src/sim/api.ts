/** Options, results and errors of the `Simulator` API. */
import type { ClientKind } from "./client/build.js";
import type { ToolCall } from "./context.js";
import type { HookRecord } from "./hook-exec.js";

export interface SimulatorOptions {
  /** The charm directory (with `metadata.yaml` and an executable `dispatch` or `hooks/<name>`). */
  readonly charmDir: string;
  /** Application name; default the charm's `name`, else "mysql". */
  readonly app?: string;
  /** PRNG seed; default random (see `sim.seed`). */
  readonly seed?: number;
  /** A hook running longer is killed and counts as failed. Default 30 000. */
  readonly hookTimeoutMs?: number;
  /** Default: a fresh directory under the OS temp dir, removed by `close()`. */
  readonly workDir?: string;
  /** Keep the work dir on `close()` (a given `workDir` is always kept). */
  readonly keepWorkDir?: boolean;
  /** Times a failed hook is retried before the unit is left in error. Default 5. */
  readonly maxHookRetries?: number;
  /** Deliver `-relation-broken` to a removed unit on peer relations (Juju does not). Default false. */
  readonly deliverPeerBroken?: boolean;
  /** Application config (over the charm's `config.yaml` defaults). */
  readonly config?: Record<string, string | number | boolean>;
  /** Extra environment for every hook. */
  readonly env?: Record<string, string>;
  /** Hook-tool client: "auto" (C if `cc` works, else Node), "c" or "node". */
  readonly client?: "auto" | ClientKind;
  /** Bytes of stdout and of stderr kept per hook. Default 256 KiB. */
  readonly maxOutputBytes?: number;
  readonly modelName?: string;
  /** Called after every hook (also available as `sim.onHook`). */
  readonly onHook?: (record: HookRecord) => void;
}

export interface ExecOptions {
  readonly stdin?: string | Uint8Array;
  readonly env?: Record<string, string>;
  /** For relation hook names: the relation (`cluster:0` or 0); default the endpoint's relation. */
  readonly relationId?: string | number;
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly trace: readonly ToolCall[];
  readonly durationMs: number;
}

export interface PendingEvent {
  readonly unit: string;
  readonly event: string;
  readonly state: "queued" | "retrying" | "failed";
}

/** Thrown by `runUntilQuiet` when the hook bound is reached. */
export class SimulationNotQuietError extends Error {
  override readonly name = "SimulationNotQuietError";
  constructor(
    readonly hooksRun: number,
    readonly pending: readonly PendingEvent[],
  ) {
    const list = pending.map((p) => `${p.unit}: ${p.event}${p.state === "queued" ? "" : ` (${p.state})`}`).join(", ");
    super(`the model did not settle: ran ${hooksRun} hooks and events are still pending: ${list}`);
  }
}
