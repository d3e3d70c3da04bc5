/**
 * Juju actions on the one model: what a running action holds (its name, id,
 * parameters, results, progress messages, failure), the rules Juju's action
 * tools apply to result keys, and running an action on a unit between hooks.
 *
 * Juju's rules, read from juju/juju (facts, not code):
 * - `action-set` (`worker/uniter/runner/jujuc/action-set.go`, newer trees
 *   `internal/worker/uniter/runner/jujuc/action-set.go`): every argument is
 *   `key=value` (else `argument "x" must be of the form key...=value`); the
 *   key is split at `.` and each part must match
 *   `^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$` (else `key "x" must start and end with
 *   lowercase alphanumeric, ...`) and must not be one of the reserved keys
 *   `stdout`, `stdout-encoding`, `stderr`, `stderr-encoding` (else `cannot set
 *   reserved action key "x"`); both are argument errors (exit 2) and nothing
 *   of the call is set. A dotted path builds nested maps; a later value
 *   replaces an earlier one, a map replaces a value on the way
 *   (`runner/context/action.go`, `addValueToMap`). Values are strings.
 * - `action-get [key[.key...]]` prints the parameters (`{}` when none) or the
 *   value at a dotted path (nothing when absent), in `--format` (smart by default).
 * - `action-fail ["message"]` marks the action failed with the message
 *   (default `action failed without reason given, check action for errors`);
 *   more than one argument is `unrecognized args`.
 * - `action-log <message...>` records a progress message (the arguments
 *   joined by a space); none is `no message specified`.
 * - Outside an action every one of them fails with `not running an action` (exit 1).
 * - The hook environment of an action has `JUJU_ACTION_NAME`,
 *   `JUJU_ACTION_UUID`, `JUJU_ACTION_TAG` and `JUJU_DISPATCH_PATH=actions/<name>`
 *   (`runner/context/context.go` `HookVars`, `runner/runner.go`), and no
 *   relation variables.
 * - The uniter's resolver asks for the next action before it looks at a
 *   failed hook (`worker/uniter/resolver.go`): a unit in error still runs
 *   actions, and an action neither clears nor retries the failed hook.
 */
import type { HookContext } from "./context.js";
import type { HookEvent } from "./events.js";
import { ModelError, type Model, type Unit } from "./model.js";
import type { ExecOutcome } from "./records.js";
import type { ToolCall } from "./context.js";

/** One part of a result key, as `action-set` checks it. */
export const ACTION_KEY_RULE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Result keys Juju keeps for itself (the output of the action's process). */
export const RESERVED_ACTION_KEYS: readonly string[] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];
/** What `action-fail` without a message says. */
export const DEFAULT_FAIL_MESSAGE = "action failed without reason given, check action for errors";

/** Why one part of a result key is refused, in Juju's words, or null when it is accepted. */
export function actionKeyProblem(part: string): string | null {
  if (!ACTION_KEY_RULE.test(part)) return `key "${part}" must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods`;
  if (RESERVED_ACTION_KEYS.includes(part)) return `cannot set reserved action key "${part}"`;
  return null;
}

export type ActionResultTree = { [key: string]: string | ActionResultTree };

/** The action a hook context runs: its parameters in, its results, messages and failure out. */
export class ActionRun {
  readonly results: ActionResultTree = Object.create(null) as ActionResultTree;
  readonly logs: string[] = [];
  failed = false;
  message = "";
  constructor(
    readonly name: string,
    /** `JUJU_ACTION_UUID`: Juju 3 numbers actions (`1`, `2`, ...). */
    readonly id: string,
    readonly params: Readonly<Record<string, unknown>>,
  ) {}

  /** One `action-set` value at a dotted path (already checked): nested maps are made, later values win. */
  update(keys: readonly string[], value: string): void {
    let node = this.results;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (typeof next === "object") node = next;
      else node = node[key] = Object.create(null) as ActionResultTree;
    });
  }

  fail(message: string): void {
    this.failed = true;
    this.message = message;
  }

  log(message: string): void {
    this.logs.push(message);
  }
}

/** What running an action gave (`juju run`'s answer, and what the harness returns). */
export interface ActionOutcome {
  /** `JUJU_ACTION_UUID`. */
  readonly id: string;
  readonly unit: string;
  readonly name: string;
  readonly status: "completed" | "failed";
  /** The results set with `action-set`, dotted keys made nested maps; values are strings. */
  readonly results: ActionResultTree;
  /** Progress messages (`action-log`), in order. */
  readonly logs: readonly string[];
  /** The `action-fail` message; else `exit status N` when the process failed; else "". */
  readonly message: string;
  /** Hook-tool calls of the action (argv redacted). */
  readonly trace: readonly ToolCall[];
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the engine lends `performAction` (its context and driver methods are protected). */
export interface ActionDriver {
  open(unit: Unit, event: HookEvent, name: string): HookContext;
  execute(unit: Unit, event: HookEvent, ctx: HookContext): Promise<ExecOutcome>;
  close(ctx: HookContext, ok: boolean): void;
}

/** The engine's count of actions, per model (Juju numbers them from 1). */
const counters = new WeakMap<Model, number>();

/**
 * Runs an action on a unit now (the engine calls it under its lock, so never
 * inside a hook): a hook context with the action attached, the driver's
 * process or function with the action's environment, its relation-set
 * writes committed when it exits 0 (as Juju flushes an action's context). A
 * unit in error runs it as Juju does, and stays in error.
 */
export async function performAction(model: Model, unitName: string, name: string, params: Readonly<Record<string, unknown>>, driver: ActionDriver): Promise<ActionOutcome> {
  const unit = model.unit(unitName);
  if (unit.life === "removed") throw new ModelError(`unit ${unitName} is removed: it runs no actions`);
  if (!/^[a-z](?:[a-z0-9-]*[a-z0-9])?$/.test(name)) throw new ModelError(`invalid action name ${JSON.stringify(name)}`);
  if (params === null || typeof params !== "object" || Array.isArray(params)) throw new ModelError("action parameters must be a map");
  const id = String((counters.get(model) ?? 0) + 1);
  counters.set(model, Number(id));
  const run = new ActionRun(name, id, structuredClone(params));
  const event: HookEvent = { kind: "action", action: { name, id } };
  const ctx = driver.open(unit, event, name);
  ctx.action = run;
  const u = unit.uniter;
  const before = u.running;
  u.running = event;
  let outcome: ExecOutcome;
  try {
    outcome = await driver.execute(unit, event, ctx);
  } finally {
    u.running = before;
  }
  driver.close(ctx, outcome.ok);
  const missing = outcome.missingHandler === true;
  const failed = run.failed || !outcome.ok || missing;
  const message = run.failed
    ? run.message
    : missing
      ? `action "${name}" not implemented on unit "${unitName}"`
      : outcome.ok
        ? ""
        : outcome.exitCode !== null
          ? `exit status ${outcome.exitCode}`
          : outcome.spawnError ?? outcome.error ?? `the action's process was killed (${outcome.signal ?? "timeout"})`;
  return {
    id,
    unit: unitName,
    name,
    status: failed ? "failed" : "completed",
    results: run.results,
    logs: [...run.logs],
    message,
    trace: ctx.trace,
    exitCode: outcome.exitCode,
    stdout: outcome.stdout ?? "",
    stderr: outcome.stderr ?? "",
  };
}
