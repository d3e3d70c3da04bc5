/**
 * The uniter's rules: which hooks a unit may run next, and what a hook that
 * succeeded (or failed) changes. Both drivers (the in-process harness and the
 * simulator) use these and nothing else, so Juju's behaviour is written once.
 *
 * A unit first runs its start-up sequence (install, `-relation-created` for
 * every relation, leader-elected or leader-settings-changed, config-changed,
 * start). Then, for each relation, the first rule of Juju's resolver that
 * applies gives that relation's next hook (`juju-hook-contract.md` §2):
 * created, the changed owed after a joined, departed, broken (not for peers
 * unless asked), a remote-less changed for a newer application bag, joined,
 * changed for a newer unit bag. Leadership and config hooks come from the
 * versions the unit has seen. A dying unit departs, breaks, stops and is
 * removed. A failed hook blocks its unit until it succeeds (or is resolved).
 */
import type { HookEvent } from "./events.js";
import { appOf, type Model, type Relation, type Unit } from "./model.js";
import { relationLocal, type RelationLocal } from "./uniter-state.js";

export interface UniterOptions {
  /** Deliver `-relation-broken` on a peer relation to a unit being removed (Juju does not). */
  readonly deliverPeerBroken: boolean;
}

export interface Runnable {
  readonly events: HookEvent[];
  /** The events are the retry of a failed hook. */
  readonly retry: boolean;
}

const NONE: Runnable = { events: [], retry: false };
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function relationEvent(rel: Relation, unit: Unit, kind: HookEvent["kind"], model: Model, extra: Partial<HookEvent> = {}): HookEvent {
  return {
    kind,
    relationId: rel.id,
    endpoint: model.endOf(rel, unit.app)!.endpoint,
    remoteUnit: "",
    remoteApp: model.remoteAppOf(rel, unit.app),
    ...extra,
  };
}

/**
 * The first of `names` in byte order for which `keep` holds: what sorting and
 * taking the first match gives, in one pass (the scheduler asks this of every
 * unit and relation before every hook, so a sort per call made large models slow).
 */
function least(names: Iterable<string>, keep: (name: string) => boolean): string | undefined {
  let best: string | undefined;
  for (const name of names) if ((best === undefined || name < best) && keep(name)) best = name;
  return best;
}

/** The next hook for one relation (rules 3 to 7 of the resolver; 1 and 2 are handled by the caller). */
function nextForRelation(model: Model, rel: Relation, unit: Unit, local: RelationLocal, options: UniterOptions): HookEvent | null {
  const app = model.applications.get(unit.app);
  const going = rel.life !== "alive" || unit.life !== "alive" || app?.life !== "alive";
  // `members` without making its set (asked of every unit before every hook): a known unit is of the other
  // application and never this one, so it is a member while in scope, unless everything is going.
  const departed = least(local.known.keys(), (k) => going || !rel.scope.has(k));
  if (departed !== undefined) {
    const leaving = unit.life !== "alive" || app?.life !== "alive";
    return relationEvent(rel, unit, "relation-departed", model, { remoteUnit: departed, departingUnit: leaving ? unit.name : departed });
  }
  if (going) {
    const broken = !rel.peer || (options.deliverPeerBroken && unit.life !== "alive");
    return broken ? relationEvent(rel, unit, "relation-broken", model) : null;
  }
  const remoteApp = model.remoteAppOf(rel, unit.app);
  const appVersion = model.version(rel, remoteApp);
  if (appVersion !== (local.appSeen.get(remoteApp) ?? 0)) {
    return relationEvent(rel, unit, "relation-changed", model, { version: appVersion });
  }
  const newcomer = least(rel.scope, (m) => m !== unit.name && !local.known.has(m) && appOf(m) === remoteApp);
  if (newcomer !== undefined) {
    return relationEvent(rel, unit, "relation-joined", model, { remoteUnit: newcomer, version: model.version(rel, newcomer) });
  }
  const changed = least(local.known.keys(), (remote) => model.version(rel, remote) !== local.known.get(remote));
  if (changed !== undefined) return relationEvent(rel, unit, "relation-changed", model, { remoteUnit: changed, version: model.version(rel, changed) });
  return null;
}

function setupEvent(model: Model, unit: Unit): HookEvent {
  const u = unit.uniter;
  const app = model.app(unit.app);
  switch (u.stage) {
    case "install":
      return { kind: "install", setup: true };
    case "relations": {
      const uncreated = model.relationsOf(unit.app).find((r) => r.life === "alive" && !u.relations.get(r.id)?.created);
      if (uncreated) return { ...relationEvent(uncreated, unit, "relation-created", model), setup: true };
    }
    // falls through: every relation is created
    case "leader":
      return app.leader === unit.name
        ? { kind: "leader-elected", setup: true, version: app.leaderSettingsVersion }
        : { kind: "leader-settings-changed", setup: true, version: app.leaderSettingsVersion };
    case "config":
      return { kind: "config-changed", setup: true, version: app.configVersion };
    default:
      return { kind: "start", setup: true };
  }
}

/** The hooks `unit` may run now. */
export function runnable(model: Model, unit: Unit, options: UniterOptions): Runnable {
  const u = unit.uniter;
  if (unit.life === "removed" || u.running) return NONE;
  if (u.failing) return u.failing.exhausted ? NONE : { events: [u.failing.event], retry: true };
  const relations = model.relationsOf(unit.app);

  // Rule 2: the changed owed after a joined comes next, dying or not.
  for (const rel of relations) {
    const local = u.relations.get(rel.id);
    if (local?.created && !local.broken && local.changedPending !== null) {
      const remote = local.changedPending;
      return { events: [relationEvent(rel, unit, "relation-changed", model, { remoteUnit: remote, version: model.version(rel, remote) })], retry: false };
    }
  }

  if (unit.life === "dying") {
    const events: HookEvent[] = [];
    for (const rel of relations) {
      const local = u.relations.get(rel.id);
      if (!local?.created || local.broken) continue;
      const ev = nextForRelation(model, rel, unit, local, options);
      if (ev) events.push(ev);
    }
    if (events.length > 0) return { events, retry: false };
    return { events: [{ kind: u.stopped ? "remove" : "stop" }], retry: false };
  }

  if (u.stage !== "done") return { events: [setupEvent(model, unit)], retry: false };

  const app = model.app(unit.app);
  const events: HookEvent[] = [];
  if (u.leaderElectedPending && app.leader === unit.name) events.push({ kind: "leader-elected", version: app.leaderSettingsVersion });
  if (app.leader !== unit.name && u.leaderSeen !== app.leaderSettingsVersion) {
    events.push({ kind: "leader-settings-changed", version: app.leaderSettingsVersion });
  }
  if (u.configSeen !== app.configVersion) events.push({ kind: "config-changed", version: app.configVersion });
  if (u.updateStatusPending) events.push({ kind: "update-status" });
  // secret-changed: a secret this unit reads has a newer revision than the last one it was told of.
  for (const secret of model.secrets.changedFor(unit.name)) {
    const label = secret.tracking.get(unit.name)!.label || (secret.owner.name === unit.app ? secret.meta.label : "");
    events.push({ kind: "secret-changed", secretId: secret.id, secretLabel: label, version: secret.latest });
  }
  for (const rel of relations) {
    const local = u.relations.get(rel.id);
    if (local?.broken) continue;
    if (!local?.created) {
      // Rule 1: a new relation is created before anything else happens on it.
      if (rel.life === "alive") events.push(relationEvent(rel, unit, "relation-created", model));
      continue;
    }
    const ev = nextForRelation(model, rel, unit, local, options);
    if (ev) events.push(ev);
  }
  return { events, retry: false };
}

/** Is the relation reachable by the unit's hook tools (from its created hook until its broken hook)? */
export function canSee(unit: Unit, rel: Relation, running: HookEvent | null): boolean {
  if (rel.life === "removed") return false;
  const local = unit.uniter.relations.get(rel.id);
  const here = running?.relationId === rel.id;
  if (here && (running!.kind === "relation-created" || running!.kind === "relation-broken")) return true;
  return local !== undefined && local.created && !local.broken;
}

/** The remote units `relation-list` shows the unit during the hook `running`. */
export function listedMembers(unit: Unit, rel: Relation, running: HookEvent | null): string[] {
  const local = unit.uniter.relations.get(rel.id);
  const out = new Set(local?.known.keys() ?? []);
  if (running?.relationId === rel.id) {
    if (running.kind === "relation-joined" && running.remoteUnit) out.add(running.remoteUnit);
    if (running.kind === "relation-departed" && running.remoteUnit) out.delete(running.remoteUnit);
    if (running.kind === "relation-broken") out.clear();
  }
  return [...out].sort(byString);
}

/** Drops a dying relation once no unit has it open any more. */
export function reapRelation(model: Model, rel: Relation): void {
  if (rel.life !== "dying") return;
  for (const end of rel.ends) {
    for (const unit of model.unitsOf(end.app)) {
      const local = unit.uniter.relations.get(rel.id);
      if (local?.created && !local.broken) return;
    }
  }
  model.dropRelation(rel);
}

/** What a hook that exited 0 changes in the unit's record (its relation writes are committed separately). */
export function hookSucceeded(model: Model, unit: Unit, ev: HookEvent): void {
  const u = unit.uniter;
  if (u.failing && u.failing.event === ev) u.failing = null;
  const rel = ev.relationId === undefined ? undefined : model.relations.get(ev.relationId);
  const local = rel ? relationLocal(u, rel.id) : undefined;
  switch (ev.kind) {
    case "install":
      u.stage = "relations";
      break;
    case "leader-elected":
      u.leaderElectedPending = false;
      u.leaderSeen = ev.version ?? u.leaderSeen;
      if (ev.setup) u.stage = "config";
      break;
    case "leader-settings-changed":
      u.leaderSeen = ev.version ?? u.leaderSeen;
      if (ev.setup) u.stage = "config";
      break;
    case "config-changed":
      u.configSeen = ev.version ?? u.configSeen;
      if (ev.setup) u.stage = "start";
      break;
    case "start":
      u.stage = "done";
      break;
    case "secret-changed": {
      const tracking = model.secrets.secrets.get(ev.secretId ?? "")?.tracking.get(unit.name);
      if (tracking) tracking.notified = ev.version ?? tracking.notified;
      break;
    }
    case "update-status":
      u.updateStatusPending = false;
      break;
    case "relation-created":
      if (rel && local) {
        local.created = true;
        model.enterScope(unit, rel);
      }
      break;
    case "relation-joined":
      if (local && ev.remoteUnit) {
        local.known.set(ev.remoteUnit, ev.version ?? 0);
        local.changedPending = ev.remoteUnit;
      }
      break;
    case "relation-changed":
      if (local && ev.remoteUnit) {
        if (local.known.has(ev.remoteUnit)) local.known.set(ev.remoteUnit, ev.version ?? 0);
        if (local.changedPending === ev.remoteUnit) local.changedPending = null;
      } else if (local && ev.remoteApp) {
        local.appSeen.set(ev.remoteApp, ev.version ?? 0);
      }
      break;
    case "relation-departed":
      if (local && ev.remoteUnit) {
        local.known.delete(ev.remoteUnit);
        if (local.changedPending === ev.remoteUnit) local.changedPending = null;
      }
      break;
    case "relation-broken":
      if (local && rel) {
        local.broken = true;
        reapRelation(model, rel);
      }
      break;
    case "stop":
      u.stopped = true;
      break;
    case "remove":
      removeNow(model, unit);
      break;
    default:
      break;
  }
}

/** Juju's retry strategy for failed hooks: 5 s, then twice as long each time, at most 5 min. */
export const RETRY = { minMs: 5_000, maxMs: 300_000, factor: 2 } as const;

/**
 * A hook failed: it blocks the unit, which retries it with backoff until it
 * succeeds. A driver's run loop gives it `maxRetries` retries, then leaves it
 * for the next run loop (or, with `autoRetry` off, for `resolve()`).
 */
export function hookFailed(unit: Unit, ev: HookEvent, maxRetries: number, autoRetry = true): void {
  const u = unit.uniter;
  if (u.failing && u.failing.event === ev) {
    u.failing.attempts++;
    u.failing.triesThisRun++;
  } else u.failing = { event: ev, attempts: 1, triesThisRun: 1, exhausted: false, backoffMs: 0 };
  u.failing.backoffMs = Math.min(RETRY.maxMs, RETRY.minMs * RETRY.factor ** (u.failing.attempts - 1));
  u.failing.exhausted = !autoRetry || u.failing.triesThisRun > maxRetries;
}

/** A new run loop: failed hooks are retried again (Juju never stops retrying), unless automatic retries are off. */
export function newRunLoop(units: Iterable<Unit>, autoRetry = true): void {
  if (!autoRetry) return;
  for (const unit of units) {
    const failing = unit.uniter.failing;
    if (failing) {
      failing.triesThisRun = 1; // the failure that left it waiting counts
      failing.exhausted = false;
    }
  }
}

/** `juju resolved`: retry the failed hook with fresh attempts, or skip it as if it had succeeded (writes stay discarded). */
export function resolveUnit(model: Model, unit: Unit, retry: boolean): void {
  const failing = unit.uniter.failing;
  if (!failing) return;
  if (retry) unit.uniter.failing = { event: failing.event, attempts: 0, triesThisRun: 0, exhausted: false, backoffMs: 0 };
  else {
    unit.uniter.failing = null;
    hookSucceeded(model, unit, failing.event);
  }
}

/** The unit is gone: out of every scope; its relations and application may go with it. */
function removeNow(model: Model, unit: Unit): void {
  unit.life = "removed";
  for (const rel of model.relations.values()) {
    model.leaveScope(unit.name, rel);
    reapRelation(model, rel);
  }
  const app = model.applications.get(unit.app);
  if (app?.leader === unit.name) app.leader = null;
  if (app && app.life === "dying" && model.unitsOf(app.name).length === 0) finishApplication(model, app.name);
}

/** The last unit of a dying application is gone: so are the application and its peer relations. */
function finishApplication(model: Model, appName: string): void {
  const app = model.applications.get(appName)!;
  app.life = "removed";
  app.leader = null;
  for (const rel of model.relations.values()) {
    if (rel.life === "removed" || !rel.ends.some((e) => e.app === appName)) continue;
    if (rel.peer) model.dropRelation(rel);
    else reapRelation(model, rel);
  }
}

/** `juju remove-unit`: the unit leaves every scope now; it departs, breaks, stops and is removed. */
export function startRemoval(model: Model, unit: Unit): void {
  if (unit.life !== "alive") return;
  unit.life = "dying";
  const app = model.app(unit.app);
  if (app.leader === unit.name) {
    app.leader = null;
    const next = app.life === "alive" ? model.electLeader(unit.app) : null;
    if (next) next.uniter.leaderElectedPending = true;
  }
  for (const rel of model.relations.values()) model.leaveScope(unit.name, rel);
  const u = unit.uniter;
  const neverInstalled = u.stage === "install" && u.running?.kind !== "install";
  if (neverInstalled) {
    u.failing = null;
    removeNow(model, unit);
  }
}

/** `juju remove-relation`: both sides depart and break. */
export function startRelationRemoval(model: Model, rel: Relation): void {
  if (rel.life !== "alive") return;
  rel.life = "dying";
  rel.scope.clear();
  reapRelation(model, rel);
}

/** `juju remove-application`: its units and relations go away. */
export function startApplicationRemoval(model: Model, appName: string): void {
  const app = model.app(appName);
  if (app.life !== "alive") return;
  app.life = "dying";
  for (const unit of model.unitsOf(appName)) startRemoval(model, unit);
  for (const rel of model.relationsOf(appName)) if (!rel.peer) startRelationRemoval(model, rel);
  if (model.unitsOf(appName).length === 0) finishApplication(model, appName);
}
