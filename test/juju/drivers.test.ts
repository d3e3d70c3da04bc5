/**
 * The two drivers of the one Juju run the same two-application scenario,
 * with the same two small charms (in process, and bundled behind `dispatch`
 * as real hook processes), under the same seed: the same hooks in the same
 * order, and the same bags, flags and statuses after every step.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleHook } from "../../scripts/build-charm.mjs";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import { METADATA, relay } from "../fixtures/charms/relay/charm.js";

const root = join(import.meta.dirname, "..", "..");
const fixture = join(root, "test", "fixtures", "charms", "relay");
let work: string;
const dirs: Record<"provider" | "requirer", string> = { provider: "", requirer: "" };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "relgen-relay-"));
  for (const role of ["provider", "requirer"] as const) {
    const dir = join(work, role);
    await bundleHook(join(fixture, `${role}-hook.ts`), join(dir, "hook.mjs"));
    writeFileSync(join(dir, "metadata.yaml"), METADATA[role]);
    copyFileSync(join(root, "examples", "mysql-innodb-cluster", "dispatch"), join(dir, "dispatch"));
    chmodSync(join(dir, "dispatch"), 0o755);
    dirs[role] = dir;
  }
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Snapshot {
  readonly step: string;
  readonly hooks: string[];
  readonly bags: Record<string, Record<string, string>>;
  readonly flags: Record<string, string[]>;
  readonly status: Record<string, string>;
}

async function scenario<C>(engine: JujuEngine<C>, charm: (role: "provider" | "requirer") => C): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  let seen = 0;
  const snap = async (step: string): Promise<void> => {
    await engine.runUntilQuiet({ maxHooks: 500 });
    const bags: Record<string, Record<string, string>> = {};
    for (const rel of engine.relations()) {
      if (rel.peer) continue;
      for (const end of rel.endpoints) bags[`${rel.id} ${end.app}`] = engine.appDatabag(end.app, rel.id);
      for (const unit of rel.units) bags[`${rel.id} ${unit}`] = engine.databag(unit, rel.id);
    }
    const units = engine.units();
    out.push({
      step,
      hooks: engine.hooks.slice(seen).map((h) => `${h.unit} ${h.hook}${h.remoteUnit ? ` ${h.remoteUnit}` : ""}${h.ok ? "" : " FAILED"}`),
      bags,
      flags: Object.fromEntries(units.map((u) => [u, engine.flags(u)])),
      status: Object.fromEntries(units.map((u) => [u, `${engine.status(u).state}: ${engine.status(u).message}`])),
    });
    seen = engine.hooks.length;
  };
  engine.addApplication("db", charm("provider"), 2);
  engine.addApplication("app", charm("requirer"), 1);
  await snap("deploy");
  engine.relate("app:database", "db:database");
  await snap("relate");
  engine.addUnits("db", 1);
  engine.addUnits("app", 1);
  await snap("add a unit on each side");
  engine.removeUnit("db/0");
  engine.removeUnit("app/0");
  await snap("remove a unit on each side");
  engine.removeRelation("app:database", "db:database");
  await snap("remove the relation");
  return out;
}

describe("harness and simulator", () => {
  it("give the same hooks, bags, flags and statuses for the same scenario and seed", async () => {
    const seed = 4242;
    const inProcess = await scenario(new Harness({ seed }), (role) => ({ metadata: METADATA[role], run: relay(role) }));
    const sim = await Simulator.create({ seed, hookTimeoutMs: 20_000 });
    let outOfProcess: Snapshot[];
    try {
      outOfProcess = await scenario(sim, (role) => dirs[role]);
    } finally {
      await sim.close();
    }
    expect(outOfProcess).toEqual(inProcess);

    // And the scenario did what it says.
    const [deploy, related, added, removed, unrelated] = inProcess as [Snapshot, Snapshot, Snapshot, Snapshot, Snapshot];
    expect(deploy.status).toEqual({ "db/0": "blocked: no relation", "db/1": "blocked: no relation", "app/0": "blocked: no relation" });
    for (const unit of ["db/0", "db/1", "app/0"]) expect(related.flags[unit]).toEqual(["database.connected", "database.ready"]);
    expect(related.bags["0 app"]).toEqual({ request: "app-db" });
    expect(related.bags["0 db"]).toEqual({ answer: "app-db for 1 units" });
    expect(added.bags["0 db"]).toEqual({ answer: "app-db for 2 units" });
    expect(removed.hooks).toContain("db/0 database-relation-broken");
    expect(removed.hooks).toContain("db/1 database-relation-departed app/0");
    expect(Object.keys(removed.flags).sort()).toEqual(["app/1", "db/1", "db/2"]);
    expect(unrelated.hooks.filter((h) => h.endsWith("database-relation-broken")).map((h) => h.split(" ")[0]).sort()).toEqual(["app/1", "db/1", "db/2"]);
    for (const unit of ["db/1", "db/2", "app/1"]) {
      expect(unrelated.flags[unit]).toEqual([]);
      expect(unrelated.status[unit]).toBe("blocked: no relation");
    }
  }, 120_000);
});
