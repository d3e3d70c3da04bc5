/** Juju's event-ordering guarantees, checked over many seeds with the recorder charm. */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { HookRecord, Simulator } from "../../src/sim/index.js";
import { events, recorderCharm, simulator } from "./helpers.js";

// The guarantees under many seeds and histories are a property test in the harness
// (test/juju/event-order.property.test.ts); here one seed checks them through real hook processes.
const SEEDS = [1];
const byUnit = (sim: Simulator, unit: string): HookRecord[] => sim.hooks.filter((h) => h.unit === unit);

async function lifecycle(seed: number, extra = "", opts: { deliverPeerBroken?: boolean } = {}): Promise<Simulator> {
  const sim = await simulator({ charmDir: recorderCharm(extra), seed, ...opts });
  sim.addUnits(3);
  await sim.runUntilQuiet();
  sim.addUnits(2);
  await sim.runUntilQuiet();
  sim.removeUnit("mysql/1");
  await sim.runUntilQuiet();
  return sim;
}

describe("event ordering guarantees", () => {
  it.each(SEEDS)("seed %i: setup sequence, joined→changed, membership, departures", async (seed) => {
    const sim = await lifecycle(seed);
    expect(sim.failures()).toEqual([]);
    expect(sim.pending()).toEqual([]);
    for (const unit of ["mysql/0", "mysql/1", "mysql/2", "mysql/3", "mysql/4"]) {
      const hooks = byUnit(sim, unit);
      const names = hooks.map((h) => h.hook);
      // install, relation-created, leader-elected (first unit) or leader-settings-changed, config-changed, start
      expect(names.slice(0, 5)).toEqual([
        "install",
        "cluster-relation-created",
        unit === "mysql/0" ? "leader-elected" : "leader-settings-changed",
        "config-changed",
        "start",
      ]);
      expect(names.filter((n) => n === "cluster-relation-broken")).toEqual([]);
      const log = events(sim, unit);
      expect(log.map((e) => e.hook)).toEqual(names);
      const joinedAt = new Map<string, number>();
      const departedAt = new Map<string, number>();
      hooks.forEach((h, i) => {
        const members = log[i]!.members ?? [];
        if (h.hook === "cluster-relation-joined") {
          joinedAt.set(h.remoteUnit, i);
          // the very next hook of this unit is changed for the same remote
          expect(hooks[i + 1]).toMatchObject({ hook: "cluster-relation-changed", remoteUnit: h.remoteUnit });
          expect(members).toContain(h.remoteUnit);
        }
        if (h.hook === "cluster-relation-changed" && h.remoteUnit) {
          expect(joinedAt.has(h.remoteUnit), `${unit}: changed(${h.remoteUnit}) before joined`).toBe(true);
          expect(departedAt.has(h.remoteUnit)).toBe(false);
        }
        if (h.hook === "cluster-relation-departed") {
          departedAt.set(h.remoteUnit, i);
          expect(members).not.toContain(h.remoteUnit);
          expect(h.departingUnit).toBe("mysql/1");
        }
        expect(members).not.toContain(unit);
        // a remote is listed exactly from its joined hook until its departed hook
        for (const m of members) expect(joinedAt.has(m) && !departedAt.has(m), `${unit} ${h.hook} lists ${m}`).toBe(true);
        if (h.relationId) for (const [r] of joinedAt) if (!departedAt.has(r)) expect(members).toContain(r);
      });
    }
    // the removed unit: one departed per remaining peer (departing = itself), then stop and remove, last
    const removed = byUnit(sim, "mysql/1");
    const tail = removed.slice(-6);
    expect(tail.slice(0, 4).map((h) => [h.hook, h.departingUnit]).every(([n, d]) => n === "cluster-relation-departed" && d === "mysql/1")).toBe(true);
    expect(tail.slice(0, 4).map((h) => h.remoteUnit).sort()).toEqual(["mysql/0", "mysql/2", "mysql/3", "mysql/4"]);
    expect(tail.slice(4).map((h) => h.hook)).toEqual(["stop", "remove"]);
    expect(events(sim, "mysql/1").at(-3)!.members).toEqual([]);
    for (const u of ["mysql/0", "mysql/2", "mysql/3", "mysql/4"]) {
      expect(byUnit(sim, u).filter((h) => h.hook === "cluster-relation-departed").map((h) => [h.remoteUnit, h.departingUnit])).toEqual([["mysql/1", "mysql/1"]]);
    }
    expect(sim.units()).toEqual(["mysql/0", "mysql/2", "mysql/3", "mysql/4"]);
  });

  it("keeps a departed unit's bag readable in departed hooks", async () => {
    const sim = await lifecycle(11, 'case "$JUJU_HOOK_NAME" in *-departed) relation-get --format=json - "$JUJU_REMOTE_UNIT" >> "$JUJU_CHARM_DIR/departed.log";; esac');
    const seen = readFileSync(join(sim.charmDir("mysql/0"), "departed.log"), "utf8");
    expect(JSON.parse(seen)).toMatchObject({ "private-address": "10.5.0.11", "joined-count": expect.any(String) });
  });

  it("fires relation-changed only when a committed bag really changed", async () => {
    const sim = await simulator({ charmDir: recorderCharm(), seed: 5 });
    sim.addUnits(3);
    await sim.runUntilQuiet();
    const same = await sim.execInHook("mysql/1", "update-status", ["relation-set", "-r", "cluster:0", "joined-count=2"]);
    expect(same.exitCode).toBe(0);
    expect(sim.pending()).toEqual([]);
    await sim.execInHook("mysql/1", "update-status", ["relation-set", "-r", "cluster:0", "joined-count=2", "new=1"]);
    expect(sim.pending().map((p) => `${p.unit} ${p.event}`).sort()).toEqual([
      "mysql/0 cluster-relation-changed(mysql/1)",
      "mysql/2 cluster-relation-changed(mysql/1)",
    ]);
    // several changes before delivery coalesce into one hook
    await sim.execInHook("mysql/1", "update-status", ["relation-set", "-r", "cluster:0", "new=2"]);
    expect(sim.pending()).toHaveLength(2);
    await sim.runUntilQuiet();
    expect(sim.pending()).toEqual([]);
  });

  it("sends leader-settings-changed to non-leaders after a leader-set that changed something", async () => {
    const sim = await simulator({ charmDir: recorderCharm(), seed: 9 });
    sim.addUnits(3);
    await sim.runUntilQuiet();
    await sim.execInHook("mysql/0", "update-status", ["leader-set", "k=v"]);
    expect(sim.pending().map((p) => `${p.unit} ${p.event}`).sort()).toEqual(["mysql/1 leader-settings-changed", "mysql/2 leader-settings-changed"]);
    await sim.runUntilQuiet();
    await sim.execInHook("mysql/0", "update-status", ["leader-set", "k=v"]);
    expect(sim.pending()).toEqual([]);
  });

  it("elects the lowest remaining unit when the leader is removed", async () => {
    const sim = await simulator({ charmDir: recorderCharm(), seed: 4 });
    sim.addUnits(3);
    await sim.runUntilQuiet();
    sim.removeUnit("mysql/0");
    expect(sim.leader()).toBe("mysql/1");
    await sim.runUntilQuiet();
    expect(byUnit(sim, "mysql/1").filter((h) => h.hook === "leader-elected")).toHaveLength(1);
    expect((await sim.execInHook("mysql/1", "update-status", ["is-leader"])).stdout).toBe("True\n");
    expect(sim.units()).toEqual(["mysql/1", "mysql/2"]);
  });

  it("delivers a peer relation-broken to the removed unit only when asked", async () => {
    const sim = await lifecycle(2, 'case "$JUJU_HOOK_NAME" in *-broken) relation-ids cluster --format=json > "$JUJU_CHARM_DIR/broken-ids";; esac', { deliverPeerBroken: true });
    const hooks = byUnit(sim, "mysql/1").map((h) => h.hook);
    expect(hooks.slice(-3)).toEqual(["cluster-relation-broken", "stop", "remove"]);
    const broken = byUnit(sim, "mysql/1").at(-3)!;
    expect(broken.remoteUnit).toBe("");
    expect(readFileSync(join(sim.charmDir("mysql/1"), "broken-ids"), "utf8")).toBe("[]\n");
    for (const u of sim.units()) expect(byUnit(sim, u).some((h) => h.hook === "cluster-relation-broken")).toBe(false);
  });

  it("gives hooks the Juju environment", async () => {
    const sim = await simulator({ charmDir: recorderCharm('env | grep -E "^(JUJU_|CHARM_DIR)" | sort > "$JUJU_CHARM_DIR/env-$JUJU_HOOK_NAME"'), seed: 1, env: { EXTRA: "1" } });
    sim.addUnits(2);
    await sim.runUntilQuiet();
    const env = (hook: string): Record<string, string> =>
      Object.fromEntries(
        readFileSync(join(sim.charmDir("mysql/1"), `env-${hook}`), "utf8")
          .trim()
          .split("\n")
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      );
    const joined = env("cluster-relation-joined");
    expect(joined).toMatchObject({
      JUJU_UNIT_NAME: "mysql/1",
      JUJU_CHARM_DIR: sim.charmDir("mysql/1"),
      CHARM_DIR: sim.charmDir("mysql/1"),
      JUJU_HOOK_NAME: "cluster-relation-joined",
      JUJU_DISPATCH_PATH: "hooks/cluster-relation-joined",
      JUJU_RELATION: "cluster",
      JUJU_RELATION_ID: "cluster:0",
      JUJU_REMOTE_UNIT: "mysql/0",
      JUJU_REMOTE_APP: "mysql",
      JUJU_AGENT_SOCKET_ADDRESS: sim.socketPath,
      JUJU_AGENT_SOCKET_NETWORK: "unix",
      JUJU_MODEL_NAME: "relgen-sim",
      JUJU_VERSION: "3.6.4",
    });
    expect(joined.JUJU_MODEL_UUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(joined.JUJU_CONTEXT_ID).toMatch(/^mysql\/1-cluster-relation-joined-[0-9a-f]{24}$/);
    expect(joined.JUJU_DEPARTING_UNIT).toBeUndefined();
    expect(env("cluster-relation-created")).toMatchObject({ JUJU_REMOTE_UNIT: "", JUJU_REMOTE_APP: "mysql" });
    expect(env("install").JUJU_RELATION).toBeUndefined();
  });

  it("wakes the other units with a remote-less relation-changed when the leader changes the application bag", async () => {
    const sim = await simulator({ charmDir: recorderCharm(), seed: 6 });
    sim.addUnits(3);
    await sim.runUntilQuiet();
    await sim.execInHook("mysql/0", "update-status", ["relation-set", "-r", "cluster:0", "--app", "cluster-name=x"]);
    expect(sim.pending().map((p) => `${p.unit} ${p.event}`).sort()).toEqual(["mysql/1 cluster-relation-changed(app mysql)", "mysql/2 cluster-relation-changed(app mysql)"]);
    await sim.runUntilQuiet();
    const appChanged = sim.hooks.filter((h) => h.hook === "cluster-relation-changed" && h.remoteUnit === "");
    expect(appChanged.map((h) => h.unit).sort()).toEqual(["mysql/1", "mysql/2"]);
  });

  it("removes a unit that never started without running its hooks", async () => {
    const sim = await simulator({ charmDir: recorderCharm(), seed: 6 });
    sim.addUnits(2);
    sim.removeUnit("mysql/1");
    await sim.runUntilQuiet();
    expect(sim.hooks.filter((h) => h.unit === "mysql/1")).toEqual([]);
    expect(sim.units()).toEqual(["mysql/0"]);
  });

  it("runs hooks/<name> when there is no dispatch, and treats a missing hook as a no-op", async () => {
    const charm = recorderCharm();
    const { renameSync, mkdirSync, rmSync } = await import("node:fs");
    mkdirSync(join(charm, "hooks"));
    renameSync(join(charm, "dispatch"), join(charm, "hooks", "install"));
    rmSync(join(charm, "extra.sh"), { force: true });
    const sim = await simulator({ charmDir: charm, seed: 1 });
    sim.addUnits(1);
    await sim.runUntilQuiet();
    expect(sim.hooks.map((h) => [h.hook, h.missingHandler, h.ok])).toEqual([
      ["install", false, true],
      ["cluster-relation-created", true, true],
      ["leader-elected", true, true],
      ["config-changed", true, true],
      ["start", true, true],
    ]);
    expect(events(sim, "mysql/0").map((e) => e.hook)).toEqual(["install"]);
  });

  it("hides the peer relation from a unit's hook tools until its relation-created hook", async () => {
    const sim = await simulator({
      charmDir: recorderCharm(
        'if [ "$JUJU_HOOK_NAME" = install ] || [ "$JUJU_HOOK_NAME" = cluster-relation-created ]; then relation-ids cluster --format=json > "ids-$JUJU_HOOK_NAME"; relation-list -r cluster:0 2> "rl-$JUJU_HOOK_NAME" || true; fi',
      ),
      seed: 1,
    });
    sim.addUnits(1);
    await sim.runUntilQuiet();
    const read = (f: string): string => readFileSync(join(sim.charmDir("mysql/0"), f), "utf8");
    expect(read("ids-install")).toBe("[]\n");
    expect(read("rl-install")).toBe('ERROR invalid value "cluster:0" for option -r: relation not found\n');
    expect(read("ids-cluster-relation-created")).toBe('["cluster:0"]\n');
    expect(read("rl-cluster-relation-created")).toBe("");
  });
});

