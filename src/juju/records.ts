/**
 * The vocabulary of the engine: what a driver records of a hook, the options
 * and inputs of model operations, what inspection returns, and its errors.
 */
import type { ToolCall } from "./context.js";
import type { CharmMetadata } from "./metadata.js";
import type { LogEntry, Status } from "./model.js";
import type { Chooser } from "./scheduler.js";
import type { ConfigValue } from "./tools/types.js";

/** What a driver keeps of each hook it ran. */
export interface HookRecord {
  /** 1-based order of the run. */
  readonly seq: number;
  readonly unit: string;
  readonly app: string;
  /** The hook name, e.g. `cluster-relation-joined`. */
  readonly hook: string;
  /** `JUJU_RELATION_ID` (`cluster:0`) for relation hooks, else null. */
  readonly relationId: string | null;
  /** `JUJU_REMOTE_UNIT` ("" when none). */
  readonly remoteUnit: string;
  /** `JUJU_REMOTE_APP` ("" outside relation hooks). */
  readonly remoteApp: string;
  /** `JUJU_DEPARTING_UNIT` in departed hooks ("" otherwise). */
  readonly departingUnit: string;
  /** 1 for the first run of this hook, 2 for its first retry, ... */
  readonly attempt: number;
  /** The hook succeeded: its relation-set writes were committed. */
  readonly ok: boolean;
  /** Exit code; null when the process was killed or did not start. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Killed after the hook timeout. */
  readonly timedOut: boolean;
  /** The charm had nothing to run for this hook (only `hooks/` without this one). */
  readonly missingHandler: boolean;
  /** Why the hook could not be started. */
  readonly spawnError?: string;
  /** The error the hook reported (in-process hooks). */
  readonly error?: string;
  /** When the hook started, in milliseconds since the model was created (the engine's clock). */
  readonly startedMs: number;
  readonly durationMs: number;
  /** The hook's `juju-log` lines, in order, as the charm wrote them. */
  readonly logs: readonly LogEntry[];
  /** Every hook-tool call of the hook, in order (argv redacted). */
  readonly trace: readonly ToolCall[];
  readonly stdout: string;
  readonly stderr: string;
  /** The unit's status after the hook (`error` while a hook of it is failing). */
  readonly status: Readonly<Status>;
  /** The unit's flags after the hook, as its driver's inspector reads them (`[]` without one). */
  readonly flags: readonly string[];
  /**
   * Set when `deliver` ran a hook the unit would not have run then: it ran
   * on its own, as `juju exec` does, and changed none of the uniter's books
   * (its writes took effect as any hook's do).
   */
  readonly adhoc?: true;
}

/** How a driver ran one hook. */
export interface ExecOutcome {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal?: string | null;
  readonly timedOut?: boolean;
  readonly missingHandler?: boolean;
  readonly spawnError?: string;
  readonly error?: string;
  readonly durationMs: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface EngineOptions {
  /** Seed of the PRNG that orders hooks. Without one, hooks run first in, first out. */
  readonly seed?: number;
  /** Picks the next hook instead of the seed or FIFO (exploring interleavings): an index into the candidates. */
  readonly choose?: Chooser;
  /** Deliver `-relation-broken` on peer relations to a removed unit (Juju does not). Default false. */
  readonly deliverPeerBroken?: boolean;
  /** Retries of a failed hook within one run loop (`runUntilQuiet`, `settle`): then its unit waits in error for the next run loop. Default 5. */
  readonly maxHookRetries?: number;
  /**
   * Juju's model setting `automatically-retry-hooks` (default true): a failed
   * hook is retried with backoff until it succeeds, `maxHookRetries` times per
   * run loop, again in the next. Off, it waits for `resolve()`.
   */
  readonly automaticallyRetryHooks?: boolean;
  readonly modelName?: string;
  /** `JUJU_VERSION` given to hooks. Default 3.6.4. */
  readonly jujuVersion?: string;
  /** Called after every hook. */
  readonly onHook?: (record: HookRecord) => void;
  /**
   * Hooks of different units that may run at the same time (default 1: one at
   * a time, so that a seed reproduces a run exactly).
   */
  readonly jobs?: number;
  /**
   * The most units the model holds at once (alive or being removed), over all
   * its applications: `addApplication`, `addUnits` and `deploy` refuse to go
   * past it before adding any. Default `DEFAULT_MAX_UNITS` (1000).
   */
  readonly maxUnits?: number;
}

/** The default of `maxUnits` (and of `relgen sim --max-units`): every unit is a charm directory and processes in the simulator. */
export const DEFAULT_MAX_UNITS = 1000;

/**
 * A fault injected into hook-tool calls: the tool answers with `response`
 * (exit code, stdout, stderr) instead of doing its job, and/or only after
 * `delayMs` (a hang, when longer than the caller's timeout).
 */
export interface ToolFault {
  readonly tool: string;
  /** Only calls from this unit (default: any). */
  readonly unit?: string;
  /** Only the first `times` matching calls (default: all). */
  readonly times?: number;
  /** Let this many matching calls through first (default 0): a fault at the n-th call of a tool. */
  readonly skip?: number;
  /** Kill the hook's process (its whole group) at this call, as a crash or an OOM kill would (simulator only). */
  readonly kill?: boolean;
  readonly response?: { readonly exitCode: number; readonly stdout?: string; readonly stderr?: string };
  readonly delayMs?: number;
}

/** A tool call as it arrived, argv not redacted (for tests that prove no secret is ever in argv). */
export interface RawToolCall {
  readonly unit: string;
  readonly hook: string;
  readonly tool: string;
  readonly args: readonly string[];
}

export interface ApplicationOptions {
  /** Config over the charm's defaults. */
  readonly config?: Record<string, ConfigValue>;
}

/** A relation as `relations()` shows it. */
export interface RelationSummary {
  readonly id: number;
  readonly key: string;
  readonly interface: string;
  readonly peer: boolean;
  readonly life: "alive" | "dying";
  readonly endpoints: readonly { readonly app: string; readonly endpoint: string; readonly role: string }[];
  /** Units in scope, sorted. */
  readonly units: readonly string[];
}

export interface PendingEvent {
  readonly unit: string;
  readonly hook: string;
  /** A label such as `cluster-relation-changed(mysql/1)`. */
  readonly event: string;
  readonly relationId?: string;
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
  readonly state: "queued" | "retrying" | "failed";
}

/** A hook to run by hand: the hook name and, for relation hooks, the relation and remote. */
export interface HookSpec {
  readonly unit: string;
  readonly hook: string;
  readonly relationId?: string | number;
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
}

/** Relation designation: its id (`3`, `"cluster:3"`) or an endpoint name of the unit's application. */
export type RelationRef = number | string;

/** `runUntilQuiet` reached its hook bound with hooks still pending. */
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

/**
 * Why a hook failed, in one line, as its unit's agent would put it: the
 * error the runtime reported, else its last ERROR (or CRITICAL) `juju-log`
 * line, else the last line of its stderr, else how it ended. Raw: a caller
 * that shows it escapes and scrubs it.
 */
export function failureReason(record: HookRecord): string {
  if (record.error) return record.error;
  const logged = [...record.logs].reverse().find((l) => l.level === "ERROR" || l.level === "CRITICAL");
  if (logged) return logged.message;
  const stderr = record.stderr.trimEnd().split("\n").at(-1)?.trim();
  if (stderr) return stderr;
  if (record.timedOut) return `killed after the hook timeout (${Math.round(record.durationMs)} ms)`;
  if (record.spawnError) return `could not start: ${record.spawnError}`;
  if (record.exitCode === null) return `killed by ${record.signal ?? "a signal"}`;
  return `exit status ${record.exitCode}`;
}

/** A hook failed during `settle()`. */
export class HookFailedError extends Error {
  override readonly name = "HookFailedError";
  constructor(readonly record: HookRecord) {
    super(`${record.unit} ${record.hook} failed: ${failureReason(record)}`);
  }
}

/** A mark on the model's clock: a step of a run, as `mark(label)` records it. */
export interface RunMark {
  /** Milliseconds since the model was created. */
  readonly atMs: number;
  readonly label: string;
}

export interface PreparedCharm {
  readonly metadata: CharmMetadata;
  readonly configDefaults: Record<string, ConfigValue>;
}

/** A secret as `secrets()` shows it: never its content. */
export interface SecretSummary {
  readonly id: string;
  readonly uri: string;
  /** The owning application or unit. */
  readonly owner: string;
  readonly label: string;
  /** The latest revision. */
  readonly revision: number;
  readonly grants: readonly { readonly target: string; readonly relationId: number }[];
  /** Unit -> the revision it tracks. */
  readonly tracking: Readonly<Record<string, number>>;
}
