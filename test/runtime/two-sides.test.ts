/**
 * Both sides of an interface through generated bindings: a mysql_client
 * provider charm and a requirer charm, side by side in one process (the
 * harness) and as real hook processes (the simulator). The requirer asks,
 * the provider answers in its application bag, both reach `available`; units
 * come and go on each side; the relation is removed and both see it broken.
 * The two drivers of the one Juju give the same hooks, bags, flags and
 * statuses for the same scenario and seed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCharm } from "../../src/project/build.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import * as provider from "../fixtures/charms/db/provider.js";
import * as requirer from "../fixtures/charms/db/requirer.js";

const root = join(import.meta.dirname, "..", "..");
let work: string;
const dirs = { provider: "", requirer: "" };
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "relgen-two-sides-"));
  for (const [role, metadata] of [["provider", provider.METADATA], ["requirer", requirer.METADATA]] as const) {
    // A project of one file (its metadata) whose hook program is the fixture, built as relgen build builds it.
    const project = join(work, `${role}-project`);
    mkdirSync(project);
    writeFileSync(join(project, "metadata.yaml"), metadata);
    const entry = join(root, "test", "fixtures", "charms", "db", `${role}-hook.ts`);
    dirs[role] = (await buildCharm({ project, entry, out: join(work, role), skipTypeCheck: true })).dir;
  }
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const harnessCharms = { provider: { metadata: provider.METADATA, run: provider.charm.run.bind(provider.charm) }, requirer: { metadata: requirer.METADATA, run: requirer.charm.run.bind(requirer.charm) } };
const iface = (flags: readonly string[]): string[] => flags.filter((f) => f.startsWith("database."));

interface Step {
  readonly hooks: string[];
  readonly bags: Record<string, Record<string, string>>;
  readonly flags: Record<string, string[]>;
  readonly status: Record<string, string>;
}

async function scenario<C>(e: JujuEngine<C>, charms: { provider: C; requirer: C }): Promise<Step[]> {
  const steps: Step[] = [];
  let seen = 0;
  const step = async (): Promise<void> => {
    await e.runUntilQuiet({ maxHooks: 500 });
    const bags: Record<string, Record<string, string>> = {};
    for (const rel of e.relations()) for (const end of rel.endpoints) bags[`${rel.id} ${end.app}`] = e.appDatabag(end.app, rel.id);
    const units = e.units();
    steps.push({
      hooks: e.hooks.slice(seen).map((h) => `${h.unit} ${h.hook}${h.remoteUnit ? ` ${h.remoteUnit}` : ""} ${h.ok ? "ok" : "FAILED"} ${iface(h.flags).join(",")}`),
      bags,
      flags: Object.fromEntries(units.map((u) => [u, e.flags(u)])),
      status: Object.fromEntries(units.map((u) => [u, `${e.status(u).state}: ${e.status(u).message}`])),
    });
    seen = e.hooks.length;
  };
  e.addApplication("db", charms.provider, 2);
  e.addApplication("app", charms.requirer, 2);
  e.relate("app:database", "db:database");
  await step();
  e.addUnits("db", 1);
  e.addUnits("app", 1);
  await step();
  e.removeUnit("db/0");
  e.removeUnit("app/0");
  await step();
  e.removeRelation("app:database", "db:database");
  await step();
  return steps;
}

function check(steps: Step[]): void {
  const [related, added, removed, unrelated] = steps as [Step, Step, Step, Step];
  for (const unit of ["db/0", "db/1", "app/0", "app/1"]) expect(iface(related.flags[unit]!), unit).toEqual(["database.available", "database.connected"]);
  expect(related.bags["0 app"]).toEqual({ database: "app", "requested-secrets": "[]" });
  const answer = related.bags["0 db"]!;
  expect(answer).toMatchObject({ database: "app", username: "relation-0", endpoints: "10.5.0.10:3306" });
  expect(answer["password"]).toMatch(/^[a-z0-9]{24}$/);
  expect(related.status["app/1"]).toBe("active: connected to 10.5.0.10:3306");
  expect(related.status["db/1"]).toBe("active: serving 1 clients");
  for (const unit of ["db/2", "app/2"]) expect(iface(added.flags[unit]!), unit).toEqual(["database.available", "database.connected"]);
  // The new leader of db keeps the password it finds in its application's bag; only the endpoint moves.
  expect(removed.bags["0 db"]).toEqual({ ...answer, endpoints: "10.5.0.11:3306" });
  expect(Object.keys(removed.flags).sort()).toEqual(["app/1", "app/2", "db/1", "db/2"]);
  // Removing the relation: -departed for every remote, then -broken on both sides, and the flags drop.
  for (const unit of ["db/1", "db/2", "app/1", "app/2"]) {
    const broken = unrelated.hooks.find((h) => h.startsWith(`${unit} database-relation-broken`));
    expect(broken, unit).toMatch(/ ok $/);
    expect(iface(unrelated.flags[unit]!)).toEqual([]);
  }
  expect(unrelated.status["app/1"]).toBe("blocked: needs a database relation");
}

describe("a provider and a requirer on generated bindings", () => {
  for (const seed of [3, 17]) {
    it(`converge, scale and break in the harness, side by side in one process (seed ${seed})`, async () => {
      check(await scenario(new Harness({ seed }), harnessCharms));
    });
  }

  it("behave the same as real hook processes in the simulator, hook for hook", async () => {
    const seed = 3;
    const inProcess = await scenario(new Harness({ seed }), harnessCharms);
    const sim = await Simulator.create({ seed, hookTimeoutMs: 20_000 });
    try {
      const outOfProcess = await scenario(sim, dirs);
      check(outOfProcess);
      // Passwords are random per run: compare everything else.
      const masked = (steps: Step[]) => JSON.parse(JSON.stringify(steps).replace(/"password":"[a-z0-9]{24}"/g, '"password":"*"')) as Step[];
      expect(masked(outOfProcess)).toEqual(masked(inProcess));
    } finally {
      await sim.close();
    }
  }, 120_000);
});
