/**
 * `runHook()`: one Juju hook, start to end. It reads the hook environment,
 * snapshots every registered endpoint, derives the flags, dispatches the
 * handlers, flushes relation data and commits the unit state — in that order,
 * and only if everything before succeeded. On an error it logs the message at
 * ERROR through juju-log, scrubbed of secrets, commits nothing, and sets a
 * non-zero exit code so that Juju retries the hook.
 */
import type { Backend } from "./backend.js";
import { encodeJson } from "./codec.js";
import { RunningHook, setActiveContext } from "./context.js";
import { dispatch, type HandlerSpec } from "./dispatch.js";
import { EndpointRuntime } from "./endpoint-runtime.js";
import { endpointFlags, type Seen } from "./flags.js";
import { readHookEnv, type HookEnv } from "./hook-env.js";
import { HookToolBackend } from "./hook-tool-backend.js";
import { registeredEndpoints, setActivePorts } from "./registry.js";
import { loadEndpoint } from "./snapshot.js";
import { FileStateStore, type StateStore } from "./state.js";

export interface RunHookOptions {
  /** Default: the real hook tools (`HookToolBackend`). */
  readonly backend?: Backend;
  /** Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: `$JUJU_CHARM_DIR/.unit-state.json`. */
  readonly state?: StateStore;
  /** Default: the handlers registered with the module-level `when()` functions. */
  readonly handlers?: readonly HandlerSpec[];
  /** Bound on dispatch passes (default 100). */
  readonly maxPasses?: number;
  /** Set `process.exitCode = 1` on failure (default: true). */
  readonly setExitCode?: boolean;
}

export interface HookResult {
  readonly ok: boolean;
  readonly hook: string;
  readonly unit: string;
  /** Flags after the hook (what was committed, or what was there before on failure). */
  readonly flags: readonly string[];
  /** Handlers that ran, in order. */
  readonly ran: readonly string[];
  /** relation-set calls made. */
  readonly relationSets: number;
  /** The logged error message (scrubbed), on failure. */
  readonly error?: string;
}

const defaultHandlers: HandlerSpec[] = [];

/** The handler list the module-level `when()` functions add to. */
export function defaultHandlerList(): HandlerSpec[] {
  return defaultHandlers;
}

/**
 * Replaces every known secret (and its JSON-encoded forms) in a message.
 * Values of keys the schema marks secret count from 3 characters; leader
 * settings, which usually hold passwords but also short words such as "true",
 * count from 8.
 */
function scrub(message: string, secretValues: Iterable<string>, leaderValues: Iterable<string>): string {
  let out = message;
  const all = [...new Set([...[...secretValues].filter((s) => s.length >= 3), ...[...leaderValues].filter((s) => s.length >= 8)])].sort(
    (a, b) => b.length - a.length,
  );
  for (const secret of all) {
    for (const form of new Set([secret, encodeJson(secret), JSON.stringify(secret)])) out = out.split(form).join("<redacted>");
  }
  return out;
}

export async function runHook(options: RunHookOptions = {}): Promise<HookResult> {
  const setExitCode = options.setExitCode ?? true;
  let env: HookEnv;
  try {
    env = readHookEnv(options.env ?? process.env);
  } catch (e) {
    process.stderr.write(`relgen: ${(e as Error).message}\n`);
    if (setExitCode) process.exitCode = 1;
    return { ok: false, hook: "", unit: "", flags: [], ran: [], relationSets: 0, error: (e as Error).message };
  }
  const backend = options.backend ?? new HookToolBackend({ env: options.env ?? process.env });
  const store = options.state ?? new FileStateStore(env.charmDir);
  let context: RunningHook | null = null;
  let before: readonly string[] = [];
  try {
    const state = store.load();
    before = state.flags;
    const definitions = registeredEndpoints();
    const snapshots = await Promise.all(definitions.map((d) => loadEndpoint(backend, d, env)));

    const flags = new Set(state.flags);
    const seen: Seen = Object.create(null) as Seen;
    for (const [rid, units] of Object.entries(state.seen)) seen[rid] = units as Seen[string];
    const runtimes = new Map<string, EndpointRuntime>();
    definitions.forEach((definition, i) => {
      const snapshot = snapshots[i]!;
      const update = endpointFlags(definition, snapshot, env, state.seen);
      for (const f of update.clear) flags.delete(f);
      for (const f of update.set) flags.add(f);
      for (const rid of Object.keys(seen)) if (rid.startsWith(definition.endpoint + ":")) delete seen[rid];
      Object.assign(seen, update.seen);
      const warn = (message: string): void => context?.log("WARNING", message);
      runtimes.set(definition.endpoint, new EndpointRuntime(definition, snapshot, warn, state.ingressOverride[definition.endpoint]));
    });

    context = new RunningHook(backend, env, flags, runtimes, state.status);
    setActiveContext(context);
    setActivePorts(context);
    const ran = await dispatch(options.handlers ?? defaultHandlers, (f) => flags.has(f), options.maxPasses);

    let relationSets = 0;
    const ctx = context;
    for (const runtime of runtimes.values()) {
      await runtime.stageIngress((binding) => ctx.networkAddress(binding), (m) => ctx.log("WARNING", m));
      relationSets += await runtime.flush(backend, (rid) => ctx.ownAppBag(rid));
    }
    await Promise.all(context.pending);

    const ingressOverride: Record<string, string> = { ...state.ingressOverride };
    for (const [ep, runtime] of runtimes) if (runtime.ingressOverride !== undefined) ingressOverride[ep] = runtime.ingressOverride;
    const committed = [...flags].sort();
    const status = context.statusSet ?? state.status;
    store.save({ flags: committed, seen, ingressOverride, ...(status ? { status } : {}) });
    return { ok: true, hook: env.hookName, unit: env.unit, flags: committed, ran, relationSets };
  } catch (e) {
    const secrets: string[] = [];
    for (const runtime of context?.endpoints.values() ?? []) secrets.push(...runtime.secretValues());
    const message = scrub(`${env.hookName} failed: ${e instanceof Error ? e.message : String(e)}`, secrets, context?.leaderValues ?? []);
    try {
      await Promise.allSettled(context?.pending ?? []);
      await backend.log("ERROR", message);
    } catch {
      process.stderr.write(`relgen: ${message}\n`);
    }
    if (setExitCode) process.exitCode = 1;
    return { ok: false, hook: env.hookName, unit: env.unit, flags: [...before], ran: [], relationSets: 0, error: message };
  } finally {
    setActiveContext(null);
    setActivePorts(null);
  }
}
