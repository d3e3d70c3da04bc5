/** Options and results of the `Simulator` API. */
import type { ToolCall } from "../juju/context.js";
import type { EngineOptions } from "../juju/engine.js";
import type { ConfigValue } from "../juju/tools/types.js";
import type { ClientKind } from "./client/build.js";

export interface SimulatorOptions extends EngineOptions {
  /** Deploy this charm directory as one application (with no units yet). */
  readonly charmDir?: string;
  /** Its application name; default the charm's `name`. */
  readonly app?: string;
  /** Its config (over the charm's `config.yaml` defaults). */
  readonly config?: Record<string, ConfigValue>;
  /** A hook running longer is killed and counts as failed. Default 30 000. */
  readonly hookTimeoutMs?: number;
  /** Default: a fresh directory under the OS temp dir, removed by `close()`. */
  readonly workDir?: string;
  /** Keep the work dir on `close()` (a given `workDir` is always kept). */
  readonly keepWorkDir?: boolean;
  /**
   * Extra environment for every hook. Hooks do not inherit the simulator's
   * environment (Juju gives them a fixed set: PATH, LANG, the JUJU_* variables):
   * pass here what a test needs them to see, such as a PATH of your own.
   */
  readonly env?: Record<string, string>;
  /** Hook-tool client: "auto" (C if `cc` works, else Node), "c" or "node". */
  readonly client?: "auto" | ClientKind;
  /** Bytes of stdout and of stderr kept per hook. Default 256 KiB. */
  readonly maxOutputBytes?: number;
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
