/**
 * `runHook()`: one Juju hook, start to end. It reads the hook environment,
 * snapshots every registered endpoint, derives the flags, dispatches the
 * handlers, flushes relation data and commits the unit state — in that order,
 * and only if everything before succeeded. On an error it logs the message at
 * ERROR through juju-log, scrubbed of secrets, commits nothing, and sets a
 * non-zero exit code so that Juju retries the hook.
 */
import type { Backend, RawBag } from "./backend.js";
import { RunningHook } from "./context.js";
import { dispatch, type HandlerSpec } from "./dispatch.js";
import { checkBag } from "./bag.js";
import { BIND, UNBIND, type EndpointBinding } from "./endpoint.js";
import { EndpointRuntime } from "./endpoint-runtime.js";
import { endpointFlags, MAX_UNKNOWN_KEYS, type Seen } from "./flags.js";
import { readHookEnv, type HookEnv } from "./hook-env.js";
import { HookToolBackend } from "./hook-tool-backend.js";
import type { EndpointDefinition, RelationSnapshot } from "./port.js";
import { readSecrets, secretId } from "./secrets.js";
import type { ConfigDefinition } from "./config.js";
import { readHookConfig } from "./config-hook.js";
import { freshKey, loadRelations, readPlan, type LoadedEndpoint } from "./snapshot.js";
import { knownValues } from "./held-bag.js";
import { readsEverything, refreshPlan, READ_CACHE_VERSION, type CachedRelation, type ReadCache } from "./read-cache.js";
import { RelationNotFoundError } from "./errors.js";
import { FileStateStore, type StateStore, type UnitState } from "./state.js";
import { FileShownStatus, MemoryShownStatus, type ShownStatusMemory } from "./shown-status.js";
import { KnownSecrets, watchSecrets } from "./scrub.js";
import { MAX_LOG_BYTES, shown } from "./text.js";

export interface RunHookOptions {
  /** Default: the real hook tools (`HookToolBackend`). */
  readonly backend?: Backend;
  /** Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default: `$JUJU_CHARM_DIR/.unit-state.json`. */
  readonly state?: StateStore;
  /** The status Juju shows, remembered as each status-set returns. Default: `$JUJU_CHARM_DIR/.unit-status.json`, or memory beside a given `state`. */
  readonly shownStatus?: ShownStatusMemory;
  /** The charm's handlers (`defineCharm` passes its own). */
  readonly handlers?: readonly HandlerSpec[];
  /** The charm's endpoints, bound to this hook while it runs (`defineCharm` passes its own). */
  readonly endpoints?: readonly EndpointBinding[];
  /** The charm's config options (`defineCharm({ config })` passes its own): read with config-get once per hook. */
  readonly config?: ConfigDefinition;
  /** Called with the running hook before handlers run, and with null when it ends (the charm uses it). */
  readonly onHook?: (hook: RunningHook | null) => void;
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

/**
 * Warnings for required keys the other side published with a value its
 * schema refuses, once per change of that value: naming the endpoint, the
 * unit (or application), the key and the schema's complaint, never the value.
 */
function invalidRequired(binding: EndpointBinding, relations: readonly RelationSnapshot[], changes: ReturnType<typeof endpointFlags>["changes"]): string[] {
  const out: string[] = [];
  for (const { relationId, owner, key } of changes) {
    const relation = relations.find((r) => r.id === relationId);
    const isUnit = owner.includes("/");
    const bag = isUnit ? relation?.units.find((u) => u.name === owner)?.raw : relation?.app;
    const typed = isUnit ? binding.definition.remote.unit : binding.definition.remote.app;
    if (!bag || !typed || !typed.spec.keys.some((k) => k.wire === key && k.required)) continue;
    if (bag[key] === undefined || bag[key] === "") continue; // missing, not invalid
    const issue = checkBag(bag, typed.spec, typed.validate).issues.find((i) => i.key === key);
    if (issue) out.push(`${binding.endpoint}: ${owner} published ${JSON.stringify(key)} on ${relationId}, and it is not valid: ${issue.message}`);
  }
  return out;
}

/** Memories of the shown status for state stores given by the caller (in-process hooks), one per store. */
const shownByStore = new WeakMap<StateStore, ShownStatusMemory>();

/** Where the status Juju shows is remembered: beside the state file, or in memory beside a given store. */
function shownStatus(options: RunHookOptions, charmDir: string): ShownStatusMemory {
  if (options.shownStatus) return options.shownStatus;
  if (!options.state) return new FileShownStatus(charmDir);
  let memory = shownByStore.get(options.state);
  if (!memory) shownByStore.set(options.state, (memory = new MemoryShownStatus()));
  return memory;
}

export async function runHook(options: RunHookOptions = {}): Promise<HookResult> {
  const setExitCode = options.setExitCode ?? true;
  let env: HookEnv;
  try {
    env = readHookEnv(options.env ?? process.env);
  } catch (e) {
    process.stderr.write(`relgen: ${shown((e as Error).message, MAX_LOG_BYTES)}\n`);
    if (setExitCode) process.exitCode = 1;
    return { ok: false, hook: "", unit: "", flags: [], ran: [], relationSets: 0, error: (e as Error).message };
  }
  // Every secret read or staged in this hook, scrubbed from its logs and its error (see scrub.ts).
  const knownSecrets = new KnownSecrets();
  const backend = watchSecrets(options.backend ?? new HookToolBackend({ env: options.env ?? process.env }), knownSecrets);
  const store = options.state ?? new FileStateStore(env.charmDir);
  const endpoints = [...(options.endpoints ?? [])].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0));
  const seenNames = new Set<string>();
  for (const e of endpoints) {
    if (seenNames.has(e.endpoint)) throw new Error(`endpoint ${JSON.stringify(e.endpoint)} is bound twice in one charm`);
    seenNames.add(e.endpoint);
  }
  let hook: RunningHook | null = null;
  let before: readonly string[] = [];
  const runtimes: EndpointRuntime[] = [];
  const bound: EndpointBinding[] = [];
  try {
    const state = store.load();
    before = state.flags;
    const flags = new Set(state.flags);
    const running = new RunningHook(backend, env, flags, shownStatus(options, env.charmDir), knownSecrets);
    hook = running;
    // The charm's config, before the flags: config.changed.<option> chooses handlers too (see config-hook.ts).
    const config = options.config ? await readHookConfig(backend, options.config, env, state.config ?? {}) : null;
    if (config) {
      running.useConfig(config.values, config.issues);
      for (const f of config.changed) flags.add(f);
      for (const warning of config.warnings) running.logLater("WARNING", warning);
    }
    const leader = endpoints.length > 0 ? await running.isLeader() : false;
    // Which bags this hook reads: what Juju says changed, or everything (see read-cache.ts).
    const refresh = refreshPlan(state.reads, leader, env, readsEverything(options.env ?? process.env));
    const readNow = backend.syncReads === true && backend.relationGetSync ? syncReader(backend) : undefined;
    const load = (e: EndpointBinding, everything: boolean) =>
      loadRelations(backend, e.endpoint, readPlan(e.definition), leader, env, {
        definition: e.definition,
        cached: state.reads && Object.prototype.hasOwnProperty.call(state.reads.endpoints, e.endpoint) ? state.reads.endpoints[e.endpoint] : undefined,
        refresh: everything ? { everything: true, ownBags: true } : refresh,
        readNow,
        onLoad: () => undefined, // the endpoint's secretValues() and sharedValues() see a bag once read
      });
    const reads = await Promise.all(endpoints.map((e) => load(e, false)));
    // A secret shown for the first time is bound to the relation that shows it alone (secrets.ts): every
    // relation of the endpoint is read again, so that one showing it too in the meantime is seen now.
    for (const [i, e] of endpoints.entries()) if (!refresh.everything && showsNewSecret(e.definition, reads[i]!, state.secretBindings)) reads[i] = await load(e, true);
    const loaded = reads.map((r) => r.relations);
    // The secrets the bags point to, each read only on the relation it is bound to (see secrets.ts).
    const secretsRead = await readSecrets(backend, endpoints, loaded, env, state);
    const snapshots = secretsRead.snapshots;
    for (const warning of secretsRead.warnings) running.logLater("WARNING", warning);

    // A peer relation's application bag is where charms keep shared secrets: scrub its values from errors.
    for (const relations of snapshots) for (const r of relations) if (r.application === env.app) for (const v of knownValues(r.app)) knownSecrets.addShared(v);
    const seen: Seen = Object.create(null) as Seen;
    for (const [rid, units] of Object.entries(state.seen)) seen[rid] = units as Seen[string];
    endpoints.forEach((binding, i) => {
      const runtime = new EndpointRuntime(
        binding.endpoint,
        binding.definition,
        snapshots[i]!,
        backend,
        () => running.leader,
        (m) => running.logLater("WARNING", m),
        state.ingressOverride[binding.endpoint],
      );
      runtimes.push(runtime);
      knownSecrets.addSource(() => ({ secret: runtime.secretValues(), shared: runtime.sharedValues() }));
      const { unit: unitBag, app: appBag } = binding.definition.remote;
      const known = { unit: unitBag ? new Set(unitBag.spec.keys.map((k) => k.wire)) : null, app: appBag ? new Set(appBag.spec.keys.map((k) => k.wire)) : null };
      const update = endpointFlags(binding.endpoint, runtime.interfaceFlags(), runtime.snapshot, env, state.seen, known, refresh.everything ? undefined : reads[i]!.fresh);
      for (const warning of invalidRequired(binding, runtime.snapshot, update.changes)) running.logLater("WARNING", warning);
      for (const u of update.untracked) {
        running.logLater("WARNING", `${binding.endpoint}: ${u.owner} changed keys on ${u.relationId} that its schema does not know, beyond the ${MAX_UNKNOWN_KEYS} key names tracked one by one (${u.keys} keys): they set endpoint.${binding.endpoint}.changed only`);
      }
      for (const f of update.clear) flags.delete(f);
      for (const f of update.set) flags.add(f);
      // secret-changed: the endpoint whose relations point to that secret hears of it (consumers clear the flag).
      for (const key of secretChangedKeys(binding.definition, runtime.snapshot, env)) {
        flags.add(`endpoint.${binding.endpoint}.secret-changed`);
        flags.add(`endpoint.${binding.endpoint}.secret-changed.${key}`);
      }
      for (const rid of Object.keys(seen)) if (rid.startsWith(binding.endpoint + ":")) delete seen[rid];
      Object.assign(seen, update.seen);
    });
    endpoints.forEach((binding, i) => {
      binding[BIND](runtimes[i]!);
      bound.push(binding);
    });
    options.onHook?.(running);
    const ran = await dispatch(options.handlers ?? [], (f) => flags.has(f), running);

    let relationSets = 0;
    // The own bags to compare staged writes with: from the snapshot, or read now when the snapshot left them out.
    const readOwn = async (relation: RelationSnapshot, scope: "unit" | "app"): Promise<RawBag> => {
      if (scope === "unit") return relation.local ?? (await backend.relationGet(relation.id, env.unit));
      const bag = relation.localApp ?? (await backend.relationGet(relation.id, env.app, { app: true }));
      for (const v of knownValues(bag)) knownSecrets.addShared(v);
      return bag;
    };
    for (const runtime of runtimes) await runtime.removeBrokenSecrets(env);
    for (const runtime of runtimes) {
      await runtime.stageIngress((binding) => running.networkAddress(binding), (m) => running.logLater("WARNING", m));
      relationSets += await runtime.flush(backend, readOwn);
    }
    // Leader settings last: Juju applies leader-set at once, so only a hook that got this far changes them.
    await Promise.all(running.pending);
    if (Object.keys(running.stagedLeaderSettings).length > 0) await backend.leaderSet({ ...running.stagedLeaderSettings });

    const ingressOverride: Record<string, string> = { ...state.ingressOverride };
    for (const runtime of runtimes) if (runtime.ingressOverride !== undefined) ingressOverride[runtime.endpoint] = runtime.ingressOverride;
    const committed = [...flags].sort();
    const configDigests = config ? config.digests : state.config;
    const readCache = endpoints.length > 0 ? keptReads(leader, endpoints, reads, runtimes) : undefined;
    store.save({ flags: committed, seen, ingressOverride, secretBindings: secretsRead.bindings, ...(configDigests ? { config: configDigests } : {}), ...(readCache ? { reads: readCache } : {}) });
    return { ok: true, hook: env.hookName, unit: env.unit, flags: committed, ran, relationSets };
  } catch (e) {
    const message = knownSecrets.scrub(`${env.hookName} failed: ${e instanceof Error ? e.message : String(e)}`);
    try {
      await Promise.allSettled(hook?.pending ?? []);
      await backend.log("ERROR", message);
    } catch {
      process.stderr.write(`relgen: ${shown(message, MAX_LOG_BYTES)}\n`);
    }
    if (setExitCode) process.exitCode = 1;
    return { ok: false, hook: env.hookName, unit: env.unit, flags: [...before], ran: [], relationSets: 0, error: message };
  } finally {
    for (const binding of bound) binding[UNBIND]();
    options.onHook?.(null);
  }
}

/** Whether a bag read in this hook points to a secret this unit has not bound to a relation yet. */
function showsNewSecret(definition: EndpointDefinition, loaded: LoadedEndpoint, bindings: UnitState["secretBindings"]): boolean {
  const { unit, app } = definition.remote;
  if (!unit?.secrets && !app?.secrets) return false;
  const fresh = (binding: typeof unit, relation: string, owner: string, raw: RawBag): boolean =>
    loaded.fresh.has(freshKey(relation, owner)) &&
    Object.keys(binding?.secrets ?? {}).some((wire) => {
      const uri = raw[wire];
      return uri !== undefined && uri !== "" && !(bindings && Object.prototype.hasOwnProperty.call(bindings, secretId(uri)));
    });
  return loaded.relations.some((r) => fresh(app, r.id, r.application, r.app) || r.units.some((u) => fresh(unit, r.id, u.name, u.raw)));
}

/** A bag read now, blocking (a held bag's secret key wanted by a handler); a relation gone since reads as empty. */
function syncReader(backend: Backend): (relationId: string, owner: string, app: boolean) => RawBag {
  return (relationId, owner, app) => {
    try {
      return backend.relationGetSync!(relationId, owner, app ? { app: true } : {});
    } catch (e) {
      if (e instanceof RelationNotFoundError) return {};
      throw e;
    }
  };
}

/** The read cache this hook leaves: what it read or kept, with the relations it wrote marked to be read again. */
function keptReads(leader: boolean, endpoints: readonly EndpointBinding[], reads: readonly { cache: Record<string, CachedRelation> }[], runtimes: readonly EndpointRuntime[]): ReadCache {
  const out: Record<string, Record<string, CachedRelation>> = {};
  endpoints.forEach((binding, i) => {
    const relations: Record<string, CachedRelation> = {};
    for (const [id, r] of Object.entries(reads[i]!.cache)) {
      const { verify: _, ...rest } = r;
      relations[id] = runtimes[i]!.written.has(id) ? { ...rest, verify: true } : rest;
    }
    out[binding.endpoint] = relations;
  });
  return { v: READ_CACHE_VERSION, leader, endpoints: out };
}

/** The keys of the other side's bags that point to the secret of a secret-changed hook. */
function secretChangedKeys(definition: EndpointDefinition, relations: readonly RelationSnapshot[], env: HookEnv): string[] {
  if (!env.secret || env.hookName !== "secret-changed") return [];
  const id = secretId(env.secret.uri);
  const keys = new Set<string>();
  const look = (binding: EndpointDefinition["remote"]["app"], raw: RawBag): void => {
    for (const wire of Object.keys(binding?.secrets ?? {})) if (raw[wire] && secretId(raw[wire]!) === id) keys.add(wire);
  };
  for (const r of relations) {
    look(definition.remote.app, r.app);
    for (const u of r.units) look(definition.remote.unit, u.raw);
  }
  return [...keys].sort();
}
