/**
 * The demo charms under the interleaving explorer (explore.ts): the cluster
 * alone, or with a client application, with the status memory each unit's
 * runtime keeps saved and restored with every state.
 */
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { charm as webappCharm } from "../../examples/webapp/src/charm.js";
import type { ShownStatus, ShownStatusMemory } from "../../src/runtime/shown-status.js";
import type { HarnessCharm, RunFunction } from "../../src/testing/harness.js";
import { exampleMetadata } from "../demo/support.js";
import { expect, vi } from "vitest";
import { Explorer, type Exploration, type SideState, type Snapshot } from "./explore.js";

/** What a hook's environment says to read every bag in every hook, as before the read cache. */
export const READ_ALL = { RELGEN_READ: "all" } as const;

/**
 * The status each unit's runtime remembers showing (it skips a status-set
 * that would change nothing). In-process, the runtime keeps it in memory
 * beside the unit's state store; here it is given explicitly, so that the
 * explorer saves and restores it with every state.
 */
export class ShownStatuses implements SideState {
  #shown = new Map<string, ShownStatus | undefined>();
  memory(unit: string): ShownStatusMemory {
    return { read: () => this.#shown.get(unit), write: (s) => void this.#shown.set(unit, s && { state: s.state, message: s.message }) };
  }
  save(): ReadonlyMap<string, unknown> {
    return new Map(this.#shown);
  }
  load(saved: ReadonlyMap<string, unknown>): void {
    this.#shown = new Map(saved as ReadonlyMap<string, ShownStatus | undefined>);
  }
}

export type Wrap = (run: RunFunction, unit: string, hook: string) => RunFunction;

/** How the explored charms run: `wrap` may change how a hook runs (a deliberately broken variant); `env` is added to every hook's environment. */
export interface DemoOptions {
  readonly wrap?: Wrap;
  readonly env?: Readonly<Record<string, string>>;
}

function runner(run: RunFunction, shown: ShownStatuses, options: DemoOptions): RunFunction {
  const base: RunFunction = (o) => run({ ...o, env: { ...o.env, ...options.env }, shownStatus: shown.memory(o.env?.["JUJU_UNIT_NAME"] ?? "") });
  const wrap = options.wrap;
  return wrap ? (o) => wrap(base, o.env?.["JUJU_UNIT_NAME"] ?? "", o.env?.["JUJU_HOOK_NAME"] ?? "")(o) : base;
}

/** The demo cluster charm, with the status memory it runs with. */
export function demoCharm(wrap?: Wrap, env?: Readonly<Record<string, string>>, shown = new ShownStatuses()): { charm: HarnessCharm; shown: ShownStatuses } {
  return { charm: { metadata: exampleMetadata("mysql-innodb-cluster"), run: runner((o) => charm.run(o), shown, { ...(wrap ? { wrap } : {}), ...(env ? { env } : {}) }) }, shown };
}

/** An explorer of the demo cluster with `units` units. */
export function cluster(units: number, wrap?: Wrap, env?: Readonly<Record<string, string>>): Explorer {
  const { charm: c, shown } = demoCharm(wrap, env);
  return new Explorer((h) => h.addApplication("mysql", c, units), shown);
}

/**
 * An explorer of the demo cluster with `units` units, settled in the first
 * order the scheduler offers, then the webapp client with `clients` units
 * deployed and related: what is left to explore is every order of what the
 * client brings.
 */
export async function clusterThenClient(units: number, clients: number, env?: Readonly<Record<string, string>>): Promise<Explorer> {
  const { charm: c, shown } = demoCharm(undefined, env);
  const webapp: HarnessCharm = { metadata: exampleMetadata("webapp"), run: runner((o) => webappCharm.run(o), shown, env ? { env } : {}) };
  const x = new Explorer((h) => h.addApplication("mysql", c, units), shown);
  for (let next = await x.candidates(); next.length > 0; next = await x.candidates()) await x.run(next[0]!.key);
  x.h.addApplication("webapp", webapp, clients);
  x.h.relate("webapp:database", "mysql:database");
  return x;
}

/** A terminal state without the read cache: what the units and Juju hold. */
export function outcome(s: Snapshot): string {
  const m = s.engine.model;
  const files = s.engine.unitFiles.map(([unit, f]) => {
    const { state, shownStatus } = f as { state: string; shownStatus: unknown };
    const { reads, ...rest } = JSON.parse(state) as Record<string, unknown>;
    return [unit, rest, shownStatus];
  });
  return JSON.stringify({
    apps: m.applications.map((a) => [a.name, a.leader, a.leaderSettings, a.status]),
    units: m.units.map((u) => [u.name, u.life, u.status, u.workloadVersion]),
    relations: m.relations.map((r) => [r.id, r.life, r.scope, r.unitBags, r.appBags]),
    secrets: m.secrets.secrets.map((x) => [x.owner, x.grants, x.revisions.find(([n]) => n === x.latest)?.[1]]),
    files,
    side: [...s.side].sort(),
  });
}

/** The distinct outcomes of every terminal state, and the counts that show how much was explored. */
export async function outcomes(x: Explorer, then?: (x: Explorer) => void): Promise<{ outcomes: Set<string>; states: number; terminals: number; failures: number }> {
  const first = await x.explore({});
  expect(first.truncated).toBe(false);
  if (!then) return summary([first]);
  const phases: Exploration[] = [first];
  for (const t of first.terminals) {
    x.restore(t.snapshot);
    then(x);
    const next = await x.explore({});
    expect(next.truncated).toBe(false);
    phases.push(next);
  }
  return summary(phases.slice(1), phases);
}

function summary(ends: readonly Exploration[], all: readonly Exploration[] = ends) {
  return {
    outcomes: new Set(ends.flatMap((e) => e.terminals.map((t) => outcome(t.snapshot)))),
    states: all.reduce((n, e) => n + e.states, 0),
    terminals: ends.reduce((n, e) => n + e.terminals.length, 0),
    failures: all.reduce((n, e) => n + e.failureCount, 0),
  };
}


/** Makes the charms' passwords (32 random bytes, their only randomness) the same in every run; returns the undo. */
export function fixPasswords(): () => void {
  const real = crypto.getRandomValues.bind(crypto);
  const spy = vi.spyOn(crypto, "getRandomValues").mockImplementation(<T extends Parameters<typeof real>[0]>(array: T): T => {
    if (array instanceof Uint8Array && array.length === 32) array.fill(7);
    else real(array);
    return array;
  });
  return () => spy.mockRestore();
}
