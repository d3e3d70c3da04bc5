/**
 * A model upgraded from the Python charm: three units of a Python stand-in
 * for it (test/fixtures/charms/python-mysql, real Python writing with
 * json.dumps) form the cluster the way the original does, password in the
 * leader setting `cluster-password` and nothing in the peer application bag.
 * Two units of the demo charm then join the same application. They publish
 * the same password, the old units' data makes them available and clustered,
 * every unit of the mixed model ends clustered, and their bags are the Python
 * units' bytes, addresses aside. When leadership moves to one of ours, it
 * copies the password into the application bag once and leaves the setting.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/index.js";
import { buildDemoCharm, CLUSTER_FLAGS, interfaceFlags } from "./support.js";

const PYTHON_CHARM = join(import.meta.dirname, "..", "fixtures", "charms", "python-mysql");

/** The interpreter, by absolute path: hooks get Juju's fixed PATH, not this shell's. */
function python(): string | null {
  try {
    return execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

const interpreter = python();
const READY = { state: "active", message: "Unit is ready and clustered" };

describe.skipIf(interpreter === null)("a model upgraded from the Python charm (needs python3)", () => {
  it("takes two units of ours that join with the Python leader's password, byte for byte", async () => {
    const ours = await buildDemoCharm();
    const sim = await Simulator.create({ seed: 8, hookTimeoutMs: 20_000, env: { RELGEN_PYTHON: interpreter! } });
    try {
      // The model as the Python charm leaves it.
      sim.addApplication("mysql", PYTHON_CHARM, 3);
      await sim.runUntilQuiet({ maxHooks: 500 });
      expect(sim.failures()).toEqual([]);
      const legacy = sim.leaderSettings("mysql")["cluster-password"]!;
      expect(legacy).toMatch(/^[A-Za-z0-9]{32}$/);
      const peer = sim.relationId("cluster", "mysql");
      expect(sim.appDatabag("mysql", peer)).toEqual({});
      const pythonBag = sim.databag("mysql/1");
      expect(Object.keys(pythonBag).sort()).toEqual([
        "cluster-address", "cluster-password", "cluster-user", "egress-subnets", "ingress-address", "private-address", "unit-clustered", "unit-configure-ready",
      ]);
      expect(pythonBag["cluster-password"]).toBe(JSON.stringify(legacy));

      // Two units of ours join. Every tool call they make is watched, unredacted.
      const argv: string[] = [];
      sim.observeTools((call) => {
        if (call.unit === "mysql/3" || call.unit === "mysql/4") argv.push(`${call.unit} ${call.tool} ${call.args.join(" ")}`);
      });
      expect(sim.addUnits("mysql", 2, { charm: ours })).toEqual(["mysql/3", "mysql/4"]);
      await sim.runUntilQuiet({ maxHooks: 500 });
      expect(sim.failures()).toEqual([]);
      for (const unit of ["mysql/3", "mysql/4"]) {
        const bag = sim.databag(unit);
        expect(JSON.parse(bag["cluster-password"]!), unit).toBe(legacy);
        expect(interfaceFlags(sim.flags(unit)), unit).toEqual(CLUSTER_FLAGS);
        // Byte-identical to a Python unit's bag once the addresses are swapped.
        const address = bag["ingress-address"]!;
        const theirs = JSON.parse(JSON.stringify(pythonBag).replaceAll(pythonBag["ingress-address"]!, address)) as Record<string, string>;
        expect(bag, unit).toEqual(theirs);
      }
      // Every unit of the mixed model: the Python ones see ours as complete peers too.
      for (const unit of sim.units("mysql")) expect(sim.status(unit), unit).toEqual(READY);
      expect(sim.appDatabag("mysql", peer)).toEqual({}); // no leader of ours yet

      // Leadership moves to one of ours: it adopts the Python password once.
      sim.electLeader("mysql/3");
      await sim.runUntilQuiet({ maxHooks: 500 });
      expect(sim.appDatabag("mysql", peer)).toEqual({ "cluster-password": legacy });
      expect(sim.leaderSettings("mysql")["cluster-password"]).toBe(legacy);
      const writes = sim.hooks.filter((h) => h.trace.some((c) => c.tool === "relation-set" && c.argv.includes("--app")));
      expect(writes.map((h) => `${h.unit} ${h.hook}`)).toEqual(["mysql/3 leader-elected"]);
      sim.updateStatus();
      await sim.runUntilQuiet({ maxHooks: 500 });
      for (const unit of sim.units("mysql")) expect(sim.status(unit), unit).toEqual(READY);
      expect(sim.hooks.filter((h) => h.trace.some((c) => c.tool === "relation-set" && c.argv.includes("--app")))).toHaveLength(1);
      // The password never went through argv from our units (the Python stand-in's leader-set does, as the original did).
      expect(argv.length).toBeGreaterThan(100);
      for (const call of argv) expect(call).not.toContain(legacy);
    } finally {
      await sim.close();
    }
  }, 180_000);
});
