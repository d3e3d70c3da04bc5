/**
 * Typed Juju actions in a charm: `charm.action("get-password", async (hook,
 * params) => results)`.
 *
 * When Juju runs an action (`JUJU_ACTION_NAME`, `JUJU_DISPATCH_PATH=actions/<name>`),
 * `charm.run()` runs the action's handler instead of the reactive handlers,
 * inside a hook like any other: the endpoints are snapshotted and bound (a
 * handler reads them as in a hook), staged relation writes and leader settings
 * are flushed when it succeeds, and the unit state file (flags, what was seen)
 * is read but never written: an action does not move the reactive state.
 *
 * In order, the action:
 * 1. reads its parameters with `action-get --format=json` and checks them
 *    with the generated validator (`generated/actions.ts`, from actions.yaml):
 *    invalid ones fail the action (`action-fail`) naming every parameter at
 *    fault, never its value, and the handler does not run;
 * 2. runs the handler with a typed `params` and an `ActionHook`: the hook,
 *    plus `fail(message)` (`action-fail`; the handler goes on) and
 *    `progress(message)` (`action-log`). Messages are scrubbed of every secret
 *    the hook knows and escaped and bounded as log lines (runtime/text.ts);
 * 3. writes the returned results with one `action-set`: nested objects become
 *    dotted keys, values strings. Every key is checked first with Juju's rules
 *    (see src/juju/actions.ts): a bad or reserved key fails the action naming it
 *    and nothing is set. A value that holds a secret the hook knows (secret
 *    content, a secret key of a bag, the peer application bag, leader settings)
 *    fails the action too, unless the handler said it means to return it:
 *    `hook.revealSecretResult("password")`.
 *
 * A handler that throws fails the action with its (scrubbed) message, and
 * the process exits 1, so nothing it staged is committed.
 */
import type { Backend, RawBag } from "./backend.js";
import type { StandaloneValidator, Validator } from "./bag.js";
import { RunningHook, type Hook } from "./context.js";
import type { HandlerSpec } from "./dispatch.js";
import type { RunHookOptions } from "./hook.js";
import { HookToolBackend } from "./hook-tool-backend.js";
import { KnownSecrets } from "./scrub.js";
import { FileShownStatus } from "./shown-status.js";
import { FileStateStore, type StateStore } from "./state.js";

/** Each action's parameters by action name (what `generated/actions.ts` declares as `CharmActions`). */
export type ActionParamsMap = object;
/** The actions of a charm without generated definitions: any name, parameters untyped. */
export type UntypedActions = Record<string, Record<string, unknown>>;

/** A validator of one action's parameters (ajv standalone): a guard of the parameters `P`. */
export type ActionValidator<P> = Validator<P>;

/** One action as generated from actions.yaml. */
export interface ActionDefinition<P> {
  readonly description?: string;
  /** Checks (and fills in defaults of) the parameters `action-get` gives. */
  readonly validate: ActionValidator<P>;
}

/** Every action of a charm, by name (`generated/actions.ts` exports one as `actions`). */
export type ActionDefinitions<A extends ActionParamsMap> = { readonly [N in keyof A & string]: ActionDefinition<A[N]> };

export type ActionResultValue = string | number | boolean | { readonly [key: string]: ActionResultValue };
/** What a handler returns: written with `action-set` (nested objects as dotted keys, values as strings). */
export type ActionResults = { readonly [key: string]: ActionResultValue };

/** The hook an action's handler gets: the running hook, and the action's own tools. */
export interface ActionHook extends Hook {
  /** `JUJU_ACTION_NAME` and `JUJU_ACTION_UUID`. */
  readonly action: { readonly name: string; readonly id: string };
  /** `action-fail`: the action ends failed with this message (scrubbed, escaped, bounded); the handler goes on. */
  fail(message: string): Promise<void>;
  /** `action-log`: a progress message (scrubbed, escaped, bounded). */
  progress(message: string): Promise<void>;
  /** Allows the result at this dotted key to hold a secret the hook knows (refused otherwise). */
  revealSecretResult(key: string): void;
}

export type ActionHandler<P> = (hook: ActionHook, params: P) => ActionResults | void | Promise<ActionResults | void>;

/** The action tools a backend must offer (`ToolBackend` does). */
export interface ActionTools {
  actionGet(): Promise<unknown>;
  actionSet(values: RawBag): Promise<void>;
  actionFail(message: string): Promise<void>;
  actionLog(message: string): Promise<void>;
}

/** A result the runtime refuses before calling `action-set`. */
export class ActionResultError extends Error {
  override readonly name = "ActionResultError";
}

/** One part of a result key, as Juju's `action-set` checks it. */
const KEY_RULE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const RESERVED: readonly string[] = ["stdout", "stdout-encoding", "stderr", "stderr-encoding"];

/** Why a dotted result key is refused (naming the key), or null. */
export function resultKeyProblem(key: string): string | null {
  for (const part of key.split(".")) {
    if (!KEY_RULE.test(part)) {
      return `result key ${JSON.stringify(key)} is not one Juju accepts: each part between dots must be lowercase letters, digits and hyphens, starting and ending with a letter or digit`;
    }
    if (RESERVED.includes(part)) return `result key ${JSON.stringify(key)} uses ${JSON.stringify(part)}, which Juju reserves for the action's output`;
  }
  return null;
}

/** The results as `action-set` takes them: dotted keys, string values; throws `ActionResultError` naming a bad key or value. */
export function flattenResults(results: ActionResults): Record<string, string> {
  if (results === null || typeof results !== "object" || Array.isArray(results)) throw new ActionResultError("the action handler must return an object of results (or nothing)");
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const walk = (node: object, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      const key = prefix + k;
      const problem = resultKeyProblem(key);
      if (problem) throw new ActionResultError(problem);
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
        const text = String(v);
        if (text.includes("\0")) throw new ActionResultError(`result ${JSON.stringify(key)} holds a NUL character, which no command line can carry`);
        if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) throw new ActionResultError(`result ${JSON.stringify(key)} is not valid Unicode text (a lone surrogate)`);
        out[key] = text;
      } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        walk(v, key + ".");
      } else {
        throw new ActionResultError(`result ${JSON.stringify(key)} is ${Array.isArray(v) ? "an array" : v === null ? "null" : typeof v}: give a string, a number, a boolean or an object of them`);
      }
    }
  };
  walk(results, "");
  return out;
}

/** What is wrong with the parameters, one entry per parameter, never quoting a value. */
export function paramProblems(action: string, validate: StandaloneValidator | undefined, params: unknown): string[] {
  if (params === null || typeof params !== "object" || Array.isArray(params)) return ["the parameters are not a map"];
  if (!validate || validate(params)) return [];
  const out = new Set<string>();
  for (const e of validate.errors ?? []) {
    const at = e.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).join(".");
    const p = e.params as { missingProperty?: string; additionalProperty?: string };
    if (e.keyword === "required" && p.missingProperty !== undefined) out.add(`${JSON.stringify(at ? `${at}.${p.missingProperty}` : p.missingProperty)} is required`);
    else if (e.keyword === "additionalProperties" && p.additionalProperty !== undefined) {
      out.add(`${JSON.stringify(at ? `${at}.${p.additionalProperty}` : p.additionalProperty)} is not a parameter of ${action}`);
    } else out.add(`${at ? JSON.stringify(at) : "the parameters"} ${e.message ?? `fail ${e.keyword}`}`);
  }
  return [...out];
}

/** The action Juju runs, from the hook environment, or null in a hook. */
export function actionFromEnv(env: NodeJS.ProcessEnv): { name: string; id: string } | null {
  const dispatch = env["JUJU_DISPATCH_PATH"] ?? "";
  const name = env["JUJU_ACTION_NAME"] || (dispatch.startsWith("actions/") ? dispatch.slice("actions/".length) : "");
  return name ? { name, id: env["JUJU_ACTION_UUID"] ?? "" } : null;
}

function actionTools(backend: Backend): ActionTools {
  const b = backend as Partial<ActionTools>;
  if (typeof b.actionGet !== "function" || typeof b.actionSet !== "function" || typeof b.actionFail !== "function" || typeof b.actionLog !== "function") {
    throw new Error("this backend has no action tools (action-get, action-set, action-fail, action-log): use a ToolBackend");
  }
  return b as ActionTools;
}

/** A charm's registered actions: handler and, when generated, definition. */
export interface ActionEntry {
  readonly handler: ActionHandler<never>;
  readonly definition?: ActionDefinition<unknown>;
}

/**
 * The options `charm.run()` gives `runHook` when Juju runs an action (empty in
 * a hook): one handler, the action's; the unit state read but never saved;
 * the status Juju shows remembered where the hooks remember it.
 */
export function actionRunOptions(registry: ReadonlyMap<string, ActionEntry>, options: RunHookOptions): Partial<RunHookOptions> {
  const env = options.env ?? process.env;
  const action = actionFromEnv(env);
  if (!action) return {};
  const backend = options.backend ?? new HookToolBackend({ env });
  const charmDir = env["JUJU_CHARM_DIR"] || env["CHARM_DIR"] || process.cwd();
  const store: StateStore = options.state ?? new FileStateStore(charmDir);
  const readOnly: StateStore = { load: () => store.load(), save: () => undefined };
  const spec: HandlerSpec = { name: `action ${action.name}`, all: [], none: [], any: [], run: (hook) => runAction(actionTools(backend), hook, action, registry.get(action.name)) };
  return {
    backend,
    state: readOnly,
    handlers: [spec],
    ...(options.shownStatus ? { shownStatus: options.shownStatus } : options.state ? {} : { shownStatus: new FileShownStatus(charmDir) }),
  };
}

async function runAction(tools: ActionTools, running: Hook, action: { name: string; id: string }, entry: ActionEntry | undefined): Promise<void> {
  const known = running instanceof RunningHook ? running.known : new KnownSecrets();
  const fail = (message: string): Promise<void> => tools.actionFail(known.scrub(message));
  if (!entry) {
    await fail(`this charm has no handler for action ${JSON.stringify(action.name)}`);
    return;
  }
  const params = await tools.actionGet();
  const problems = paramProblems(action.name, entry.definition?.validate, params);
  if (problems.length > 0) {
    await fail(`invalid parameters for action ${action.name}: ${problems.join("; ")}`);
    return;
  }
  const revealed = new Set<string>();
  const extras = {
    action: Object.freeze({ ...action }),
    fail: (message: string) => fail(message),
    progress: (message: string) => tools.actionLog(known.scrub(message)),
    revealSecretResult: (key: string) => void revealed.add(key),
  };
  // A view of the running hook with the action's tools: its methods stay bound to it.
  const hook = new Proxy(running, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(extras, prop)) return extras[prop as keyof typeof extras];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as ActionHook;
  let results: ActionResults | void;
  try {
    results = await entry.handler(hook, params as never);
  } catch (e) {
    await fail(`action ${action.name} failed: ${e instanceof Error ? e.message : String(e)}`).catch(() => undefined);
    throw e;
  }
  if (results === undefined) return;
  try {
    const flat = flattenResults(results);
    for (const [key, value] of Object.entries(flat)) {
      if (!revealed.has(key) && known.scrub(value) !== value) {
        throw new ActionResultError(`result ${JSON.stringify(key)} holds a secret this hook knows: return it only on purpose, with hook.revealSecretResult(${JSON.stringify(key)})`);
      }
    }
    await tools.actionSet(flat);
  } catch (e) {
    if (e instanceof ActionResultError) await fail(`action ${action.name}: ${e.message}`).catch(() => undefined);
    throw e;
  }
}
