/** Failed and hanging hooks, retries, the settle bound, and seeded reproducibility. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SimulationNotQuietError } from "../../src/sim/index.js";
import { ended } from "../support/processes.js";
import { recorderCharm, simulator } from "./helpers.js";

const FAIL_TWICE = `
if [ "$JUJU_UNIT_NAME" = "mysql/1" ] && [ "$JUJU_HOOK_NAME" = "cluster-relation-joined" ]; then
  n=$(cat "$JUJU_CHARM_DIR/fails" 2>/dev/null || echo 0)
  echo $((n + 1)) > "$JUJU_CHARM_DIR/fails"
  relation-set "attempt=$n"
  [ "$n" -ge 2 ] || { echo "not yet" >&2; exit 1; }
fi`;

describe("failed hooks", () => {
  it("discards a failed hook's relation-set writes and retries it before the unit's later events", async () => {
    const sim = await simulator({ charmDir: recorderCharm(FAIL_TWICE), seed: 12 });
    sim.addUnits(2);
    await sim.runUntilQuiet();
    const mine = sim.hooks.filter((h) => h.unit === "mysql/1");
    const from = mine.findIndex((h) => h.hook === "cluster-relation-joined");
    expect(mine.slice(from, from + 4).map((h) => [h.hook, h.attempt, h.ok])).toEqual([
      ["cluster-relation-joined", 1, false],
      ["cluster-relation-joined", 2, false],
      ["cluster-relation-joined", 3, true],
      ["cluster-relation-changed", 1, true],
    ]);
    expect(mine[from]!.stderr).toBe("not yet\n");
    expect(mine[from]!.exitCode).toBe(1);
    expect(sim.databag("mysql/1").attempt).toBe("2");
    expect(sim.failures()).toEqual([]);
  });

  it("leaves a unit in error after maxHookRetries, and resolve() moves it on", async () => {
    const sim = await simulator({
      charmDir: recorderCharm('[ "$JUJU_UNIT_NAME/$JUJU_HOOK_NAME" != "mysql/1/config-changed" ] || exit 7'),
      seed: 3,
      maxHookRetries: 2,
    });
    sim.addUnits(2);
    const { hooksRun } = await sim.runUntilQuiet();
    expect(sim.hooks.filter((h) => h.unit === "mysql/1" && h.hook === "config-changed").map((h) => h.attempt)).toEqual([1, 2, 3]);
    expect(sim.failures()).toEqual([{ unit: "mysql/1", hook: "config-changed", attempts: 3, exhausted: true, backoffMs: 20_000 }]);
    expect(sim.pending()[0]).toMatchObject({ unit: "mysql/1", event: "config-changed", state: "failed" });
    expect(sim.hooks.some((h) => h.unit === "mysql/1" && h.hook === "start")).toBe(false);
    expect(sim.hooks.some((h) => h.unit === "mysql/1" && h.hook === "cluster-relation-joined")).toBe(false);
    expect(hooksRun).toBe(sim.hooks.length);
    sim.resolve("mysql/1", { retry: false });
    await sim.runUntilQuiet();
    expect(sim.failures()).toEqual([]);
    expect(sim.hooks.some((h) => h.unit === "mysql/1" && h.hook === "cluster-relation-joined" && h.remoteUnit === "mysql/0")).toBe(true);
  });

  it("kills a hanging hook (and its children) after the timeout; it counts as failed", async () => {
    const sim = await simulator({
      charmDir: recorderCharm(
        'if [ "$JUJU_HOOK_NAME" = install ]; then relation-set -r cluster:0 x=1 2>/dev/null || true; sleep 30 & echo $! >> "$JUJU_CHARM_DIR/child.pids"; wait; fi',
      ),
      seed: 1,
      hookTimeoutMs: 1000,
      maxHookRetries: 1,
    });
    sim.addUnits(1);
    await sim.runUntilQuiet();
    const installs = sim.hooks.filter((h) => h.hook === "install");
    expect(installs).toHaveLength(2);
    // Killed by the timeout, not ended by itself: no exit code, SIGKILL, timedOut.
    for (const install of installs) expect(install).toMatchObject({ ok: false, timedOut: true, exitCode: null, signal: "SIGKILL" });
    expect(sim.failures()).toEqual([{ unit: "mysql/0", hook: "install", attempts: 2, exhausted: true, backoffMs: 10_000 }]);
    // Each attempt's child (the sleep it waited for) was killed with it.
    const children = readFileSync(join(sim.charmDir("mysql/0"), "child.pids"), "utf8").trim().split("\n").map(Number);
    expect(children).toHaveLength(2);
    for (const pid of children) expect(await ended(pid), `child ${pid}`).toBe(true);
  });

  it("runUntilQuiet gives up after maxHooks and says what is pending", async () => {
    const sim = await simulator({ charmDir: recorderCharm('[[ "$JUJU_HOOK_NAME" != *-relation-changed ]] || relation-set "tick=$(date +%s%N)"'), seed: 8 });
    sim.addUnits(2);
    const err = await sim.runUntilQuiet({ maxHooks: 40 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimulationNotQuietError);
    expect((err as SimulationNotQuietError).hooksRun).toBe(40);
    expect((err as Error).message).toMatch(/^the model did not settle: ran 40 hooks and events are still pending: mysql\/\d: cluster-relation-changed\(mysql\/\d\)/);
  });
});

describe("seeded reproducibility", () => {
  const order = async (seed: number): Promise<string[]> => {
    const sim = await simulator({ charmDir: recorderCharm(), seed });
    sim.addUnits(3);
    await sim.runUntilQuiet();
    sim.addUnits(1);
    sim.removeUnit("mysql/0");
    await sim.runUntilQuiet();
    return sim.hooks.map((h) => `${h.unit} ${h.hook} ${h.remoteUnit}`);
  };
  it("the same seed gives the same hook order; different seeds give different orders", async () => {
    const a = await order(42);
    expect(await order(42)).toEqual(a);
    const others = await Promise.all([order(1), order(2), order(3)]);
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(a))).toBe(true);
    expect(new Set(others.map((o) => JSON.stringify(o))).size).toBeGreaterThan(1);
  });
});
