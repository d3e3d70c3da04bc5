/**
 * Which of the hooks that may run, runs next. Juju runs each unit's hooks one
 * at a time and the units concurrently, so any interleaving the uniter's
 * rules allow can happen. A scheduler picks one:
 * - first in, first out (no seed): the hook that has been pending longest;
 * - seeded: a unit at random among those with work, then one of its hooks,
 *   with a mulberry32 PRNG, so that a seed reproduces a run.
 * A failed hook is retried only when no unit has fresh work.
 */
import { eventKey, hookName, type HookEvent } from "./events.js";
import type { Unit } from "./model.js";
import type { Runnable } from "./uniter.js";

export interface Choice {
  readonly unit: Unit;
  readonly event: HookEvent;
  readonly retry: boolean;
}

/** mulberry32: a small, fast, seedable PRNG (32-bit state). */
export class Prng {
  /** The generator's whole state (part of the engine's snapshot). */
  state: number;
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

/** A hook that may run next, as a custom chooser sees it. */
export interface Candidate {
  readonly unit: string;
  /** The hook's name, e.g. `cluster-relation-changed`. */
  readonly hook: string;
  /** Unique among the candidates: unit, hook, relation and remote unit. */
  readonly key: string;
  readonly retry: boolean;
}

/** Picks the index of the hook to run among the candidates (fresh work first, in a stable order). */
export type Chooser = (candidates: readonly Candidate[]) => number;

export interface SchedulerValue {
  readonly prng: number | null;
  readonly stamps: readonly (readonly [string, number])[];
  readonly clock: number;
}

export class Scheduler {
  private readonly prng: Prng | null;
  /** For FIFO: when each pending (unit, event) was first seen. */
  private readonly stamps = new Map<string, number>();
  private clock = 0;

  constructor(
    readonly seed: number | null,
    private readonly chooser: Chooser | null = null,
  ) {
    this.prng = seed === null ? null : new Prng(seed);
  }

  /** Every (unit, event) that may run now, fresh work first, in a stable order. */
  static candidates(units: readonly Unit[], runnable: (unit: Unit) => Runnable): { fresh: Choice[]; retries: Choice[] } {
    const fresh: Choice[] = [];
    const retries: Choice[] = [];
    for (const unit of units) {
      const r = runnable(unit);
      for (const event of r.events) (r.retry ? retries : fresh).push({ unit, event, retry: r.retry });
    }
    return { fresh, retries };
  }

  /** What decides the next picks: the PRNG's state, or the first-in-first-out stamps. */
  value(): SchedulerValue {
    return { prng: this.prng?.state ?? null, stamps: [...this.stamps].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)), clock: this.clock };
  }

  restore(value: SchedulerValue): void {
    if (this.prng && value.prng !== null) this.prng.state = value.prng >>> 0;
    this.stamps.clear();
    for (const [key, stamp] of value.stamps) this.stamps.set(key, stamp);
    this.clock = value.clock;
  }

  pick(units: readonly Unit[], runnable: (unit: Unit) => Runnable): Choice | null {
    const { fresh, retries } = Scheduler.candidates(units, runnable);
    const pool = fresh.length > 0 ? fresh : retries;
    if (pool.length === 0) return null;
    if (this.chooser) {
      const index = this.chooser(pool.map((c) => ({ unit: c.unit.name, hook: hookName(c.event), key: `${c.unit.name}|${eventKey(c.event)}`, retry: c.retry })));
      const chosen = pool[index];
      if (!chosen) throw new RangeError(`the chooser picked ${index} of ${pool.length} candidates`);
      return chosen;
    }
    if (this.prng) {
      const byUnit = new Map<Unit, Choice[]>();
      for (const c of pool) byUnit.set(c.unit, [...(byUnit.get(c.unit) ?? []), c]);
      return this.prng.pick(this.prng.pick([...byUnit.values()]));
    }
    const keys = new Set<string>();
    let best: Choice | null = null;
    let bestStamp = Infinity;
    for (const c of [...fresh, ...retries]) {
      const key = `${c.unit.name}|${eventKey(c.event)}`;
      keys.add(key);
      let stamp = this.stamps.get(key);
      if (stamp === undefined) this.stamps.set(key, (stamp = ++this.clock));
      const inPool = fresh.length > 0 ? !c.retry : true; // the pool is the fresh work, or else the retries
      if (inPool && stamp < bestStamp) {
        best = c;
        bestStamp = stamp;
      }
    }
    for (const key of [...this.stamps.keys()]) if (!keys.has(key)) this.stamps.delete(key);
    return best;
  }
}
