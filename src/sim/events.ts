/**
 * Hook events, and the rules for which of a unit's pending events may run
 * next. The model decides *what* is pending (see model.ts); this module
 * decides *what may run*, and the seeded PRNG picks among the candidates.
 */

export type HookKind =
  | "install"
  | "leader-elected"
  | "leader-settings-changed"
  | "config-changed"
  | "start"
  | "upgrade-charm"
  | "update-status"
  | "stop"
  | "remove"
  | "relation-created"
  | "relation-joined"
  | "relation-changed"
  | "relation-departed"
  | "relation-broken";

/**
 * `setup`: the fixed start-up sequence (install, relation-created … start), run in order before anything else;
 * `normal`: any order the PRNG picks; `teardown`: broken/stop/remove, in order, once nothing else is pending.
 */
export type Phase = "setup" | "normal" | "teardown";

export interface SimEvent {
  readonly kind: HookKind;
  readonly phase: Phase;
  /** Relation hooks: the relation id. */
  readonly relationId?: number;
  /** Relation hooks: the endpoint name (hook name prefix). */
  readonly endpoint?: string;
  /** joined/changed/departed for a unit: the remote unit; "" for an application-bag change. */
  readonly remoteUnit?: string;
  /** Relation hooks: the remote application. */
  readonly remoteApp?: string;
  /** departed hooks: the unit going away (the remote, or the local unit when it is the one removed). */
  readonly departingUnit?: string;
}

export function isRelationKind(kind: HookKind): boolean {
  return kind.startsWith("relation-");
}

/** The hook name Juju uses, e.g. `cluster-relation-joined`. */
export function hookName(ev: SimEvent): string {
  return isRelationKind(ev.kind) ? `${ev.endpoint}-${ev.kind}` : ev.kind;
}

/** A short label for tables and messages: `cluster-relation-changed(mysql/1)`. */
export function eventLabel(ev: SimEvent): string {
  const name = hookName(ev);
  return ev.remoteUnit ? `${name}(${ev.remoteUnit})` : name;
}

export function sameEvent(a: SimEvent, b: SimEvent): boolean {
  return (
    a.kind === b.kind &&
    a.relationId === b.relationId &&
    (a.remoteUnit ?? "") === (b.remoteUnit ?? "") &&
    (a.departingUnit ?? "") === (b.departingUnit ?? "")
  );
}

/** What the scheduler needs to know about a unit. */
export interface SchedulableUnit {
  readonly name: string;
  readonly life: string;
  readonly queue: readonly SimEvent[];
  /** `-relation-changed` that must follow the `-relation-joined` just committed. */
  readonly forced: SimEvent | null;
  readonly failing: { readonly event: SimEvent; readonly exhausted: boolean } | null;
}

/**
 * The events of `unit` that may run now:
 * a failed hook blocks everything behind it (it is retried, unless its retries are exhausted);
 * the changed hook owed after a joined hook comes next; then the setup sequence in order;
 * then any normal event; then the teardown sequence in order.
 */
export function runnableEvents(unit: SchedulableUnit): { events: SimEvent[]; retry: boolean } {
  if (unit.life === "removed") return { events: [], retry: false };
  if (unit.failing) return { events: unit.failing.exhausted ? [] : [unit.failing.event], retry: true };
  if (unit.forced) return { events: [unit.forced], retry: false };
  const setup = unit.queue.find((e) => e.phase === "setup");
  if (setup) return { events: [setup], retry: false };
  const normal = unit.queue.filter((e) => e.phase === "normal");
  if (normal.length) return { events: normal, retry: false };
  const teardown = unit.queue.find((e) => e.phase === "teardown");
  return { events: teardown ? [teardown] : [], retry: false };
}

/** mulberry32: a small, fast, seedable PRNG (32-bit state). */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/**
 * Picks the next (unit, event). Units with fresh work come first; a failed
 * hook is retried only when no other unit has anything to do (Juju retries
 * errored hooks after a back-off, while the rest of the model moves on).
 */
export function pickNext<U extends SchedulableUnit>(units: readonly U[], prng: Prng): { unit: U; event: SimEvent; retry: boolean } | null {
  const fresh: Array<{ unit: U; events: SimEvent[] }> = [];
  const retries: Array<{ unit: U; events: SimEvent[] }> = [];
  for (const unit of units) {
    const r = runnableEvents(unit);
    if (r.events.length === 0) continue;
    (r.retry ? retries : fresh).push({ unit, events: r.events });
  }
  const pool = fresh.length ? fresh : retries;
  if (pool.length === 0) return null;
  const choice = prng.pick(pool);
  return { unit: choice.unit, event: prng.pick(choice.events), retry: pool === retries };
}

/**
 * The event for an ad-hoc command run "inside" `hook` (see `Simulator.execInHook`):
 * relation hook names (`<endpoint>-relation-<kind>`) get the endpoint's relation, or the one given.
 */
export function adhocEvent(
  hook: string,
  options: { relationId?: string | number; remoteUnit?: string; departingUnit?: string },
  relation: (endpoint: string, id: number | undefined) => { id: number; endpoint: string; apps: readonly string[] } | undefined,
): SimEvent {
  const m = /^(.+)-(relation-(?:created|joined|changed|departed|broken))$/.exec(hook);
  if (!m) return { kind: hook as HookKind, phase: "normal" };
  const rid = options.relationId;
  const id = rid === undefined ? undefined : typeof rid === "number" ? rid : Number(String(rid).split(":").pop());
  const rel = relation(m[1]!, id);
  if (!rel) throw new Error(`no relation for hook ${hook}`);
  return {
    kind: m[2] as HookKind,
    phase: "normal",
    relationId: rel.id,
    endpoint: rel.endpoint,
    remoteApp: rel.apps[0]!,
    remoteUnit: options.remoteUnit ?? "",
    ...(options.departingUnit ? { departingUnit: options.departingUnit } : {}),
  };
}
