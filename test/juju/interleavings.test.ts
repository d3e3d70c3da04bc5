/**
 * Every order of hooks Juju allows, for the demo cluster charm: units are
 * deployed from scratch until no hook can run (phase 1), then a unit is added
 * to each distinct quiet state phase 1 reached (phase 2). The explorer
 * (test/support/explore.ts) asks the engine's own scheduler which hooks may run
 * next (each unit one hook at a time, fresh work before retries, by the uniter's
 * rules) and runs every one of them from every state, depth first; equal states
 * (canonical: bags, app bags, leader settings, runtime states, statuses, flags,
 * agents' records, pending hooks) are explored once.
 *
 * What is exhaustive: every state reachable by any order of the pending hooks is
 * visited and every hook runnable in it is taken; there is no partial-order
 * reduction. A hook whose effect is already known (it changed only its own
 * unit's part, and the same hook ran with the same own and shared parts before)
 * is not run again: its successor is made from that effect, which gives the same
 * states, transitions and terminal states ("remembering effects changes nothing"
 * below checks it, and 1 in 50 such hooks is run anyway and compared).
 *
 * The checks: no hook fails in any state; every terminal state (no hook can
 * run) is converged, that is, for 3 units or more, every unit clustered (flags,
 * status, its bag, the leader's settings) and, for 2, both waiting with their
 * connection info published; a terminal state that is not converged is a
 * deadlock. And the state graph has no cycle, so no order goes on for ever.
 * Every terminal state is also reached again by replaying its path on a fresh
 * model, which checks that restoring states is faithful.
 *
 * Fixed, not explored: the cluster password (the charm's only randomness: fixed
 * so that runs are deterministic and equal states compare equal; no branch of the
 * charm depends on its value), leadership (the first unit leads throughout), and
 * no update-status, config change or failure is injected: the orders are those of
 * the hooks the deployment itself causes.
 *
 * `npm test` explores 2 units, then a 3rd, in full (4,272 states), and 3 units,
 * then a 4th, with phase 1 stopped at BOUNDED_STATES states (depth first, so
 * some orders run to their end; it reaches the one quiet state) and phase 2 in
 * full (6,385 states). RELGEN_EXPLORE=full (`npm run explore`) explores phase 1
 * in full too: 30,572 states, 101,283 transitions, one quiet state; one to two
 * minutes on a 2-core machine. Each run prints its counts ("interleavings: ...").
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusteredKey } from "../../examples/mysql-innodb-cluster/src/cluster.js";
import { Harness } from "../../src/testing/harness.js";
import { CLUSTER_FLAGS, interfaceFlags } from "../demo/support.js";
import { cluster, demoCharm, fixPasswords, outcome, outcomes, READ_ALL, type Wrap } from "../support/demo-explorer.js";
import type { Exploration, Explorer, Snapshot } from "../support/explore.js";

const FULL = process.env.RELGEN_EXPLORE === "full";
/** States of phase 1 of the 3-unit deployment in `npm test`. */
const BOUNDED_STATES = 1_000;

const decode = (raw: string | undefined): unknown => {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
};

/** Why the model is not where the deployment should end (empty: converged). */
function problems(h: Harness): string[] {
  const out: string[] = [];
  const units = h.allUnits();
  const clustered = units.length >= 3;
  for (const f of h.failures()) out.push(`${f.unit}: ${f.hook} failed ${f.attempts} times`);
  for (const p of h.pending()) out.push(`${p.unit}: ${p.event} is still ${p.state}`);
  const password = decode(h.appDatabag("mysql", "cluster")["cluster-password"]);
  if (typeof password !== "string" || password === "") out.push("no cluster password in the application bag");
  const settings = h.leaderSettings("mysql");
  if (clustered && settings["cluster-created"] !== "true") out.push("the leader never created the cluster");
  for (const { name, address } of units) {
    const bag = h.databag(name, "cluster");
    if (decode(bag["cluster-address"]) !== address) out.push(`${name} did not publish its cluster-address`);
    if (decode(bag["cluster-password"]) !== password) out.push(`${name} did not publish the cluster password`);
    const flags = interfaceFlags(h.flags(name)).sort();
    const wanted = clustered ? CLUSTER_FLAGS : ["cluster.connected"];
    if (flags.join(" ") !== wanted.join(" ")) out.push(`${name} has flags [${flags.join(", ")}], not [${wanted.join(", ")}]`);
    const status = h.status(name);
    const text = `${status.state}: ${status.message}`;
    const want = clustered ? "active: Unit is ready and clustered" : "waiting: 'cluster' incomplete";
    if (text !== want) out.push(`${name} is "${text}", not "${want}"`);
    if (clustered && settings[clusteredKey(address)] !== "true") out.push(`the leader never admitted ${name}`);
    if (clustered && !decode(bag["unit-clustered"])) out.push(`${name} never said it is clustered`);
  }
  return out;
}

interface Phase {
  readonly label: string;
  readonly result: Exploration;
  /** Problems of every terminal state, with the path that reaches it. */
  readonly deadlocks: string[];
}

/** Explores from the explorer's current state and checks every terminal state. */
async function phase(x: Explorer, label: string, maxStates: number): Promise<Phase> {
  const onProgress = FULL ? (states: number, transitions: number, ms: number) => console.log(`interleavings: ${label}: ${states} states, ${transitions} transitions, ${(ms / 1000).toFixed(0)} s`) : undefined;
  const result = await x.explore({ maxStates, verifyEvery: 50, onProgress });
  const deadlocks: string[] = [];
  for (const t of result.terminals) {
    x.restore(t.snapshot);
    const found = problems(x.h);
    if (found.length > 0) deadlocks.push(`${label}, after ${t.path.join(" -> ")}:\n  ${found.join("\n  ")}`);
  }
  return { label, result, deadlocks };
}

const line = (p: Phase): string => {
  const r = p.result;
  const part = r.truncated ? `bounded at ${r.states} states` : `${r.states} states (all)`;
  return `${p.label}: ${part}, ${r.transitions} transitions (${r.hooksRun} hooks run, ${r.verified} known effects checked), ${r.terminals.length} terminal, depth ${r.maxDepth}, ${(r.ms / 1000).toFixed(1)} s`;
};

/** Phase 1 from `units` units, then phase 2 (one more unit) from every distinct terminal state of phase 1. */
async function deployThenAdd(units: number, maxStates: number, maxStates2 = maxStates): Promise<{ phases: Phase[]; replays: number }> {
  const first = cluster(units);
  const one = await phase(first, `${units} units`, maxStates);
  const phases = [one];
  let replays = 0;
  for (const [i, t] of one.result.terminals.entries()) {
    const second = cluster(units);
    second.restore(t.snapshot);
    second.h.addUnits("mysql", 1);
    const two = await phase(second, `${units} units + 1 from quiet state ${i + 1}`, maxStates2);
    phases.push(two);
    // Restoring is faithful: a fresh model that replays the path reaches the same terminal state.
    for (const end of two.result.terminals) {
      await expectReplayed(end.snapshot, t.path, end.path, units, second);
      replays++;
    }
  }
  for (const t of one.result.terminals) {
    await expectReplayed(t.snapshot, t.path, null, units, first);
    replays++;
  }
  for (const p of phases) console.log(`interleavings: ${line(p)}`);
  return { phases, replays };
}

async function expectReplayed(end: Snapshot, path1: readonly string[], path2: readonly string[] | null, units: number, explorer: Explorer): Promise<void> {
  const fresh = cluster(units);
  await fresh.replay(path1);
  if (path2) {
    fresh.h.addUnits("mysql", 1);
    await fresh.replay(path2);
  }
  explorer.restore(end);
  expect(fresh.canonical()).toBe(explorer.canonical());
}

function expectSound(phases: readonly Phase[], exhaustive: boolean): void {
  for (const p of phases) {
    expect(p.result.failures, p.label).toEqual([]);
    expect(p.deadlocks, p.label).toEqual([]);
    expect(p.result.cycle, p.label).toBeNull();
    expect(p.result.terminals.length, p.label).toBeGreaterThan(0);
    if (exhaustive) expect(p.result.truncated, p.label).toBe(false);
  }
}

// The password is the charm's only randomness: fixed, so that equal states compare equal and paths replay.
let restoreRandom: (() => void) | undefined;
beforeAll(() => void (restoreRandom = fixPasswords()));
afterAll(() => restoreRandom?.());

describe("every order of hooks Juju allows, deploying the demo cluster and adding a unit", () => {
  it("2 units, then a 3rd: every order, in full, ends clustered; none deadlocks or cycles; and where reading every bag ends", async () => {
    const { phases, replays } = await deployThenAdd(2, Infinity);
    expectSound(phases, true);
    expect(phases.length).toBeGreaterThanOrEqual(2);
    expect(replays).toBeGreaterThanOrEqual(2);
    // The read cache changes no outcome (docs/read-cache.md; test/juju/read-cache-proof.test.ts for larger models):
    // the terminal states of units that read every bag in every hook are the same set.
    const cached = new Set(phases.slice(1).flatMap((p) => p.result.terminals.map((t) => outcome(t.snapshot))));
    const everything = await outcomes(cluster(2, undefined, READ_ALL), (x) => x.h.addUnits("mysql", 1));
    console.log(`interleavings: read cache proof, 2 units + 1: ${cached.size} distinct outcomes with the cache, ${everything.outcomes.size} reading everything (${everything.states} states)`);
    expect(everything.failures).toBe(0);
    expect([...everything.outcomes].sort()).toEqual([...cached].sort());
  }, 600_000);

  it(`3 units${FULL ? "" : ` (the first ${BOUNDED_STATES} states; RELGEN_EXPLORE=full for all)`}, then a 4th: every order, in full, ends clustered; none deadlocks or cycles`, async () => {
    const { phases } = await deployThenAdd(3, FULL ? Infinity : BOUNDED_STATES, Infinity);
    expectSound(phases.slice(0, 1), FULL);
    expectSound(phases.slice(1), true);
  }, FULL ? 3_600_000 : 300_000);

  it("the checks catch an order-dependent deadlock that the first-in-first-out order misses", async () => {
    // A charm that ignores cluster-relation-changed on its non-leader units: it works when the leader's
    // password is already there at relation-joined, and never publishes otherwise. It reads every bag in
    // every hook (RELGEN_READ=all): with the read cache, a joined hook reads no application bag, and the
    // deadlock would not depend on the order.
    const ignoreChanged: Wrap = (run, unit, hook) =>
      unit !== "mysql/0" && hook === "cluster-relation-changed"
        ? async () => ({ ok: true, hook, unit, flags: [], ran: [], relationSets: 0 })
        : (o) => run({ ...o, env: { ...o.env, RELGEN_READ: "all" } });
    const fifo = new Harness();
    fifo.addApplication("mysql", demoCharm(ignoreChanged).charm, 2);
    await fifo.runUntilQuiet();
    expect(problems(fifo)).toEqual([]);
    const result = await phase(cluster(2, ignoreChanged), "2 units, broken", Infinity);
    console.log(`interleavings: ${line(result)}; ${result.deadlocks.length} of the terminal states not converged`);
    expect(result.result.truncated).toBe(false);
    expect(result.deadlocks.length).toBeGreaterThan(0);
    expect(result.deadlocks.length).toBeLessThan(result.result.terminals.length);
    expect(result.deadlocks.join("\n")).toContain("mysql/1 did not publish its cluster-address");
  });

  it("the checks catch a hook that fails in some orders", async () => {
    // mysql/1's start fails (before the charm runs) once the leader has published the password: the unit ends in error.
    const failing: Wrap = (run, unit, hook) => async (o) => {
      const bag = unit === "mysql/1" && hook === "start" ? await o.backend!.relationGet("cluster:0", "mysql", { app: true }) : {};
      return bag["cluster-password"] ? { ok: false, hook, unit, flags: [], ran: [], relationSets: 0, error: "boom" } : run(o);
    };
    const result = await phase(cluster(2, failing), "2 units, failing", Infinity);
    console.log(`interleavings: ${line(result)}; ${result.result.failureCount} hooks failed`);
    expect(result.result.failureCount).toBeGreaterThan(0);
    expect(result.result.failures[0]!.path.at(-1)).toBe("mysql/1|start|||||");
    expect(result.deadlocks.join("\n")).toContain('mysql/1: start failed');
    expect(result.deadlocks.length).toBeLessThan(result.result.terminals.length);
  });
});

describe("the explorer's restore", () => {
  it("remembering effects changes nothing: the same states, transitions and terminal states as running every hook", async () => {
    for (const [units, maxStates] of [[2, Infinity], [3, 300]] as const) {
      const [fast, plain] = [await cluster(units).explore({ maxStates }), await cluster(units).explore({ maxStates, remember: false })];
      const summary = (r: Exploration): unknown => [r.states, r.transitions, r.maxDepth, r.truncated, r.terminals.map((t) => [t.key, t.path])];
      expect(summary(fast)).toEqual(summary(plain));
      expect(plain.hooksRun).toBe(plain.transitions);
      expect(fast.hooksRun).toBeLessThan(plain.hooksRun);
    }
  });

  it("gives every state of an exploration, run or made from a remembered effect, as replaying its path on a fresh model does", async () => {
    const found: Array<{ snapshot: Snapshot; path: string[] }> = [];
    const x = cluster(2);
    const result = await x.explore({ onState: (snapshot, path) => found.push({ snapshot, path: path() }) });
    expect(found).toHaveLength(result.states - 1);
    expect(result.hooksRun).toBeLessThan(result.transitions);
    for (const { snapshot, path } of found) {
      const fresh = cluster(2);
      await fresh.replay(path);
      x.restore(snapshot);
      expect(x.canonical(), path.join(" -> ")).toBe(fresh.canonical());
    }
  });

  it("equals replaying the same hooks on a fresh model, along random orders (restoring into another model at every step)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 90, maxLength: 90 }), fc.integer({ min: 0, max: 60 }), async (choices, addAt) => {
        const walked = cluster(3);
        const other = cluster(3);
        const fresh = cluster(3);
        let here = walked;
        for (const [step, choice] of choices.entries()) {
          if (step === addAt) for (const x of [here, fresh]) x.h.addUnits("mysql", 1);
          const candidates = await here.candidates();
          expect((await fresh.candidates()).map((c) => c.key)).toEqual(candidates.map((c) => c.key));
          if (candidates.length === 0) continue;
          const key = candidates[choice % candidates.length]!.key;
          await here.run(key);
          await fresh.run(key);
          // Ping-pong: the state moves to the other model through a snapshot.
          const there = here === walked ? other : walked;
          if (step >= addAt && there.h.units().length < here.h.units().length) there.h.addUnits("mysql", 1);
          there.restore(here.snapshot());
          here = there;
          expect(here.canonical()).toBe(fresh.canonical());
        }
      }),
      { seed: 12, numRuns: 4 },
    );
  }, 120_000);
});
