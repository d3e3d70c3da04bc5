/**
 * The demo charm on the simulator, with real hook processes: deploy 3 units,
 * scale to 5, remove mysql/4, under several seeds; small applications; a unit
 * removed mid-configuration; the committed wire bytes.
 */
import { describe, expect, it } from "vitest";
import { buildDemoCharm, CLUSTER_FLAGS, demoSim, interfaceFlags } from "./support.js";

const charmDir = buildDemoCharm();

describe("the demo lifecycle converges under every seed", () => {
  for (const seed of [11, 12, 13, 14, 15]) {
    it(`seed ${seed}: 3 units -> 5 -> remove mysql/4, all clustered after each step`, async () => {
      const sim = await demoSim(await charmDir, { seed });
      try {
        sim.addUnits(3);
        await sim.runUntilQuiet();
        for (const u of sim.units()) expect(interfaceFlags(sim.flags(u)), `${u} after deploy`).toEqual(CLUSTER_FLAGS);
        sim.addUnits(2);
        await sim.runUntilQuiet();
        expect(sim.units()).toHaveLength(5);
        for (const u of sim.units()) expect(interfaceFlags(sim.flags(u)), `${u} after scale-out`).toEqual(CLUSTER_FLAGS);
        sim.removeUnit("mysql/4");
        await sim.runUntilQuiet();
        expect(sim.units()).toEqual(["mysql/0", "mysql/1", "mysql/2", "mysql/3"]);
        for (const u of sim.units()) {
          expect(interfaceFlags(sim.flags(u)), `${u} after removal`).toEqual(CLUSTER_FLAGS);
          expect(sim.status(u)).toMatchObject({ state: "active", message: "Unit is ready and clustered" });
        }
        expect(sim.failures()).toEqual([]);
      } finally {
        await sim.close();
      }
    }, 120_000);
  }
});

describe("small applications", () => {
  it("a 1-unit application stays blocked and a 2-unit application stays waiting", async () => {
    for (const [n, state, message] of [[1, "blocked", "'cluster' missing"], [2, "waiting", "'cluster' incomplete"]] as const) {
      const sim = await demoSim(await charmDir, { seed: 3 });
      try {
        sim.addUnits(n);
        await sim.runUntilQuiet();
        for (const u of sim.units()) {
          expect(sim.status(u)).toMatchObject({ state, message });
          expect(interfaceFlags(sim.flags(u))).toEqual(n === 1 ? [] : ["cluster.connected"]);
        }
      } finally {
        await sim.close();
      }
    }
  }, 120_000);
});

describe("a unit removed mid-configuration", () => {
  it("leaves the other units to converge", async () => {
    const sim = await demoSim(await charmDir, { seed: 7 });
    try {
      sim.addUnits(4);
      for (let i = 0; i < 25; i++) await sim.step();
      expect(interfaceFlags(sim.flags("mysql/0"))).not.toEqual(CLUSTER_FLAGS);
      sim.removeUnit("mysql/3");
      await sim.runUntilQuiet();
      for (const u of sim.units()) expect(interfaceFlags(sim.flags(u)), u).toEqual(CLUSTER_FLAGS);
      expect(interfaceFlags(sim.flags("mysql/3"))).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 120_000);
});

describe("the wire", () => {
  it("a clustered unit's committed databag is the spec's wire example, modulo password and address", async () => {
    const sim = await demoSim(await charmDir, { seed: 5 });
    try {
      sim.addUnits(3);
      await sim.runUntilQuiet();
      const bag = sim.databag("mysql/1");
      const password = JSON.parse(bag["cluster-password"]!) as string;
      expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
      const address = bag["ingress-address"]!;
      const expected =
        '{"cluster-address":"\\"10.5.0.21\\"","cluster-password":"\\"Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5\\"","cluster-user":"\\"clusteruser\\"","egress-subnets":"10.5.0.21/32","ingress-address":"10.5.0.21","private-address":"10.5.0.21","unit-clustered":"true","unit-configure-ready":"true"}'
          .replaceAll("Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5", password)
          .replaceAll("10.5.0.21", address);
      const { stdout } = await sim.execInHook("mysql/0", "update-status", ["relation-get", "--format=json", "-r", sim.relationId(), "-", "mysql/1"]);
      expect(stdout).toBe(expected + "\n");

      // The password travelled only on stdin: no tool ever had it (or a key=<value> for it) in argv.
      const calls = sim.hooks.flatMap((h) => h.trace);
      expect(calls.length).toBeGreaterThan(100);
      for (const call of calls) {
        expect(call.argv.join(" ")).not.toContain(password);
        expect(call.argv.some((a) => a.startsWith("cluster-password="))).toBe(false);
      }
      expect(calls.some((c) => c.tool === "relation-set" && c.argv.includes("--app") && c.stdinBytes > 0)).toBe(true);
    } finally {
      await sim.close();
    }
  }, 120_000);
});
