/**
 * A secret URI is bound to the relation where the unit first saw it (issue
 * 17), with every hook a real process: the demo cluster (build/charms) serves
 * the greedy test client, which connects to every relation whose credentials
 * it can read; an evil provider (a charm that does nothing) related to the
 * same client copies mysql's `secret-user` URI into its own answer. The client
 * never connects to it, says the secret is foreign there, logs one WARNING
 * naming both relations, the key and the owner, keeps the binding in its unit
 * state file, and the password is in no bag, log, hook output or file of the
 * model's work dir. The same in process: test/runtime/foreign-secrets.test.ts.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCharm } from "../../src/project/build.js";
import { secretId } from "../../src/runtime/secrets.js";
import { Simulator } from "../../src/sim/index.js";
import { METADATA, sha256, type Connection } from "../fixtures/charms/greedy/charm.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");
const MYSQL = join(root, "build", "charms", "mysql-innodb-cluster");
const EVIL_ENDPOINTS = "6.6.6.6:3306";

let greedyDir = "";
let evilDir = "";
let sim: Simulator | undefined;
beforeAll(async () => {
  const work = tempDir("relgen-foreign-sim-");
  const project = join(work, "greedy-project");
  mkdirSync(project);
  writeFileSync(join(project, "metadata.yaml"), METADATA);
  greedyDir = (await buildCharm({ project, entry: join(root, "test", "fixtures", "charms", "greedy", "hook.ts"), out: join(work, "greedy"), skipTypeCheck: true })).dir;
  evilDir = join(work, "evil");
  mkdirSync(evilDir);
  writeFileSync(join(evilDir, "metadata.yaml"), "name: evil\nprovides:\n  database:\n    interface: mysql_client\n");
  writeFileSync(join(evilDir, "dispatch"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(evilDir, "dispatch"), 0o755);
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

/** Every regular file under a directory (the model's work dir), as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) out.push(...filesUnder(path));
    else if (st?.isFile()) out.push({ path, text: readFileSync(path, "latin1") });
  }
  return out;
}

describe("an evil provider that publishes mysql's secret-user URI, in the simulator", () => {
  it("gets no connection, the client logs a WARNING naming both relations, and the password is nowhere", async () => {
    sim = await Simulator.create({ seed: 4, hookTimeoutMs: 20_000 });
    sim.addApplication("mysql", MYSQL, 3);
    sim.addApplication("greedy", greedyDir, 1);
    sim.addApplication("evil", evilDir, 1);
    const good = sim.relate("greedy:database", "mysql:database");
    const bad = sim.relate("greedy:database", "evil:database");
    await sim.runUntilQuiet({ jobs: 2 });
    expect(sim.failures()).toEqual([]);
    expect(sim.status("greedy/0")).toEqual({ state: "active", message: `database:${good} connected, available; database:${bad} waiting, not available` });

    const uri = sim.appDatabag("mysql", good)["secret-user"]!;
    const password = sim.secretContent(uri)["password"]!;
    expect(password).toMatch(/^[A-Za-z0-9]{16,}$/);
    sim.writeDatabag("evil", bad, { database: "greedy", endpoints: EVIL_ENDPOINTS, "secret-user": uri });
    await sim.runUntilQuiet({ jobs: 2 });
    expect(sim.failures()).toEqual([]);

    expect(sim.status("greedy/0")).toEqual({ state: "active", message: `database:${good} connected, available; database:${bad} foreign, not available` });
    const connections = readFileSync(join(sim.charmDir("greedy/0"), "connections.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Connection);
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.filter((c) => c.relation !== `database:${good}` || c.endpoints === EVIL_ENDPOINTS)).toEqual([]);
    expect(connections.every((c) => c.password === sha256(password))).toBe(true);

    const warnings = sim.logs("greedy/0").filter((l) => l.level === "WARNING").map((l) => l.message);
    expect(warnings).toEqual([
      `database:${bad}: database: application evil points secret-user on database:${bad} to a secret that belongs to database:${good} (mysql), where this unit first saw it: it is not read on database:${bad}, and secret-user counts as absent there`,
    ]);
    const state = JSON.parse(readFileSync(join(sim.charmDir("greedy/0"), ".unit-state.json"), "utf8")) as Record<string, unknown>;
    expect(state["secretBindings"]).toEqual({ [secretId(uri)]: { relation: `database:${good}`, application: "mysql" } });

    // Nowhere: evil's bags, any bag, log, status or hook record, nor any file of the model (state files, charm dirs, logs).
    const records: string[] = [JSON.stringify(sim.appDatabag("evil", bad)), JSON.stringify(sim.databag("evil/0", bad))];
    for (const { name } of sim.allUnits()) records.push(JSON.stringify([sim.logs(name), sim.status(name)]));
    for (const r of sim.hooks) records.push(JSON.stringify([r.trace, r.stdout, r.stderr, r.status, r.flags, r.error ?? ""]));
    for (const record of records) expect(record.includes(password)).toBe(false);
    const files = filesUnder(sim.workDir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => f.text.includes(password)).map((f) => f.path)).toEqual([]);
    expect(JSON.stringify(sim.logs("greedy/0"))).not.toContain(secretId(uri));
  }, 120_000);
});
