/**
 * The proof that the read cache changes no outcome (docs/read-cache.md): the
 * interleaving explorer (test/support/explore.ts) takes every order of hooks
 * Juju allows, once with units that read only what Juju says changed (the
 * read cache) and once with units that read every bag in every hook
 * (RELGEN_READ=all), and the terminal states (no hook can run) of the two
 * are the same set: every bag, application bag, leader setting, status,
 * secret and each unit's flags and digests, all but the cache itself.
 *
 * `npm test`: the demo cluster from 2 units, then a 3rd added in every quiet
 * state, in full (about 25 s). `npm run explore` (RELGEN_EXPLORE=full) adds
 * the cluster (3 units, settled) with a client related, every order of what
 * follows, in full (about 35 s), and 3 units, then a 4th, in full.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cluster, clusterThenClient } from "../support/demo-explorer.js";
import type { Exploration, Explorer, Snapshot } from "../support/explore.js";

const FULL = process.env.RELGEN_EXPLORE === "full";
const ALL = { RELGEN_READ: "all" } as const;

/** A terminal state without the read cache: what the units and Juju hold. */
function outcome(s: Snapshot): string {
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
async function outcomes(x: Explorer, then?: (x: Explorer) => void): Promise<{ outcomes: Set<string>; states: number; terminals: number; failures: number }> {
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

let restoreRandom: (() => void) | undefined;
beforeAll(() => {
  // The passwords are the charms' only randomness: fixed, so that the two runs' outcomes compare equal.
  const real = crypto.getRandomValues.bind(crypto);
  const spy = vi.spyOn(crypto, "getRandomValues").mockImplementation(<T extends Parameters<typeof real>[0]>(array: T): T => {
    if (array instanceof Uint8Array && array.length === 32) array.fill(7);
    else real(array);
    return array;
  });
  restoreRandom = () => spy.mockRestore();
});
afterAll(() => restoreRandom?.());

async function compare(label: string, make: (env?: typeof ALL) => Explorer | Promise<Explorer>, then?: (x: Explorer) => void): Promise<void> {
  const cached = await outcomes(await make(), then);
  const everything = await outcomes(await make(ALL), then);
  console.log(
    `read cache proof: ${label}: with the cache ${cached.states} states, ${cached.terminals} terminal, ${cached.outcomes.size} distinct outcomes; ` +
      `reading everything ${everything.states} states, ${everything.terminals} terminal, ${everything.outcomes.size} distinct outcomes`,
  );
  expect(cached.failures).toBe(0);
  expect(everything.failures).toBe(0);
  expect(cached.outcomes.size).toBeGreaterThan(0);
  expect([...cached.outcomes].sort()).toEqual([...everything.outcomes].sort());
}

describe("the read cache changes no outcome: every order of hooks ends where reading everything ends", () => {
  it("the demo cluster: 2 units, then a 3rd from every quiet state", async () => {
    await compare("2 units + 1", (env) => cluster(2, undefined, env), (x) => x.h.addUnits("mysql", 1));
  }, 600_000);

  it.runIf(FULL)("the cluster with a client: 3 units settled, then the webapp related, every order of what follows (RELGEN_EXPLORE=full)", async () => {
    await compare("3 units settled + webapp", (env) => clusterThenClient(3, 1, env));
  }, 600_000);

  it.runIf(FULL)("the demo cluster: 3 units, then a 4th from every quiet state (RELGEN_EXPLORE=full)", async () => {
    await compare("3 units + 1", (env) => cluster(3, undefined, env), (x) => x.h.addUnits("mysql", 1));
  }, 3_600_000);
});
