/**
 * The demo cluster charm alone: deploy 3 units, scale to 5, remove mysql/4,
 * under several seeds in the harness (the same uniter rules and hook tools
 * as the simulator, in process; the simulator runs the whole demo deployment
 * in deployment.test.ts); small applications; a unit removed
 * mid-configuration.
 */
import { describe, expect, it } from "vitest";
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Harness } from "../../src/testing/harness.js";
import { CLUSTER_FLAGS, interfaceFlags } from "./support.js";

const harness = (seed: number): Harness => new Harness({ seed, app: "mysql", peer: "cluster", run: (o) => charm.run(o) });

describe("the demo lifecycle converges under every seed", () => {
  type Made = { sim: JujuEngine<unknown>; close(): Promise<void> };
  const drivers: Array<[string, number, () => Promise<Made>]> = [11, 12, 13, 14, 15].map((seed) => [
    "harness",
    seed,
    async () => ({ sim: harness(seed) as JujuEngine<unknown>, close: async () => undefined }),
  ]);
  for (const [driver, seed, make] of drivers) {
    it(`${driver}, seed ${seed}: 3 units -> 5 -> remove mysql/4, all clustered after each step`, async () => {
      const { sim, close } = await make();
      const argv: string[] = [];
      sim.observeTools((call) => argv.push(call.args.join(" ")));
      try {
        sim.addUnits(3);
        await sim.runUntilQuiet();
        for (const u of sim.units()) expect(interfaceFlags(sim.flags(u)), `${u} after deploy`).toEqual(CLUSTER_FLAGS);
        const password = JSON.parse(sim.databag("mysql/1")["cluster-password"]!) as string;
        expect(password).toMatch(/^[A-Za-z0-9]{32}$/);
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
        // The password travelled only on stdin: no tool call ever had it in its argv.
        expect(argv.length).toBeGreaterThan(100);
        for (const args of argv) expect(args).not.toContain(password);
      } finally {
        await close();
      }
    }, 120_000);
  }
});

describe("small applications", () => {
  it("a 1-unit application stays blocked and a 2-unit application stays waiting", async () => {
    for (const [n, state, message] of [[1, "blocked", "'cluster' missing"], [2, "waiting", "'cluster' incomplete"]] as const) {
      const sim = harness(3);
      sim.addUnits(n);
      await sim.runUntilQuiet();
      for (const u of sim.units()) {
        expect(sim.status(u)).toMatchObject({ state, message });
        expect(interfaceFlags(sim.flags(u))).toEqual(n === 1 ? [] : ["cluster.connected"]);
      }
    }
  });
});

describe("a unit removed mid-configuration", () => {
  it("leaves the other units to converge", async () => {
    const sim = harness(7);
    sim.addUnits(4);
    for (let i = 0; i < 25; i++) await sim.step();
    expect(interfaceFlags(sim.flags("mysql/0"))).not.toEqual(CLUSTER_FLAGS);
    sim.removeUnit("mysql/3");
    await sim.runUntilQuiet();
    for (const u of sim.units()) expect(interfaceFlags(sim.flags(u)), u).toEqual(CLUSTER_FLAGS);
    expect(interfaceFlags(sim.flags("mysql/3"))).toEqual([]);
  });
});
