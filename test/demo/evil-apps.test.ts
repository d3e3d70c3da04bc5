/**
 * Evil applications (issue 17), in both drivers: a requirer and a provider
 * of mysql_client that publish what no honest charm would — NUL, newlines and
 * terminal escape sequences, values of 1 MB, 10,000 keys, and another
 * application's secret URI — beside honest applications built on relgen:
 *
 *   mysql (the demo cluster's leader; its two peers run no code, their bags
 *          are written here, so that three charm processes need not cluster)
 *   webapp (the demo client) ── mysql ── evilclient (asks for hostile databases)
 *   greedy (connects to every relation whose credentials it can read) ── mysql
 *                                                                   └── evilserver
 *   shop (the demo client again) ── evilserver (answers with hostile data)
 *
 * After every round of hostile data the honest units converge with no failed
 * hook; every log line and status they produce is bounded and holds no
 * control character; their state files stay small; and no password mysql
 * issued appears in any bag, log, status, hook record or (in the simulator)
 * file of the model. The largest log line, status and state file seen are
 * printed, for the record.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JujuEngine } from "../../src/juju/engine.js";
import { buildCharm } from "../../src/project/build.js";
import { defineCharm, type RunHookOptions } from "../../src/runtime/index.js";
import { secretId } from "../../src/runtime/secrets.js";
import { MAX_LOG_BYTES, MAX_STATUS_BYTES } from "../../src/runtime/text.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import * as greedy from "../fixtures/charms/greedy/charm.js";
import { tempDir } from "../support/temp.js";
import { exampleMetadata, inProcess } from "./support.js";

const root = join(import.meta.dirname, "..", "..");
const built = (name: string) => join(root, "build", "charms", name);

type Engine = JujuEngine<unknown>;
interface World {
  readonly e: Engine;
  /** Relation ids. */
  readonly r: { webapp: number; greedyMysql: number; greedyEvil: number; shop: number; evilclient: number };
  /** The state file of a unit, as bytes (0 when it has none). */
  readonly stateBytes: (unit: string) => number;
  /** Every file of the model on disk, as text (the simulator's work dir; none in process). */
  readonly files: () => { path: string; text: string }[];
}

/** Text that a terminal or an argv would act on. */
const HOSTILE = "a=b\nc\0d\u001b[2J\u001b]0;owned\u0007\u202e\r\n| forged | line |";
/** The same, as a host that the schema's `endpoints` pattern allows (no `,`, `:`, `[` or `]`): ESC c resets a terminal. */
const HOSTILE_HOST = "evil\nhost\0\u001bc\u0007\u202e\r\n| forged | line |";
const MB = 1 << 20;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** A log line as the unit sent it: juju-log puts the relation (`database:4: `) before a relation hook's lines. */
const withoutRelation = (message: string): string => message.replace(/^[a-z][a-z0-9-]*:\d+: /, "");

/** What a clustered peer publishes. */
const peer = (address: string) => ({
  "cluster-address": JSON.stringify(address),
  "cluster-user": '"clusteruser"',
  "cluster-password": '"Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5"',
  "unit-configure-ready": "true",
  "unit-clustered": "true",
});

/** 10,000 keys, each holding a NUL and an escape. */
const junk = (): Record<string, string> => Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`junk-${i}`, `v\0${i}\u001b[K`]));

function deploy(e: Engine, charms: { mysql: unknown; webapp: unknown; greedy: unknown; idleMysql: unknown; idleWebapp: unknown }): World["r"] {
  e.addApplication("mysql", charms.mysql, 1);
  e.addUnits("mysql", 2, { charm: charms.idleMysql });
  e.writeDatabag("mysql/1", "cluster", peer("10.5.0.11"));
  e.writeDatabag("mysql/2", "cluster", peer("10.5.0.12"));
  e.addApplication("webapp", charms.webapp, 1);
  e.addApplication("shop", charms.webapp, 1);
  e.addApplication("greedy", charms.greedy, 1);
  e.addApplication("evilclient", charms.idleWebapp, 1);
  e.addApplication("evilserver", charms.idleMysql, 1);
  return {
    webapp: e.relate("webapp:database", "mysql:database"),
    greedyMysql: e.relate("greedy:database", "mysql:database"),
    greedyEvil: e.relate("greedy:database", "evilserver:database"),
    shop: e.relate("shop:database", "evilserver:database"),
    evilclient: e.relate("evilclient:database", "mysql:database"),
  };
}

/** A charm that does nothing: the evil side only publishes what the test writes for it. */
const idle = defineCharm({ endpoints: [] });

function harness(): World {
  const h = new Harness({ seed: 23 });
  const idleOf = (name: "mysql-innodb-cluster" | "webapp") => ({ metadata: exampleMetadata(name), run: (o: RunHookOptions) => idle.run(o) });
  greedy.sink.write = () => {};
  const r = deploy(h as Engine, {
    ...inProcess,
    greedy: { metadata: greedy.METADATA, run: (o: RunHookOptions) => greedy.charm.run(o) },
    idleMysql: idleOf("mysql-innodb-cluster"),
    idleWebapp: idleOf("webapp"),
  });
  return { e: h as Engine, r, stateBytes: (unit) => Buffer.byteLength(JSON.stringify(h.unitState(unit) ?? {})), files: () => [] };
}

const sims: Simulator[] = [];
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

function idleDir(metadataOf: "mysql-innodb-cluster" | "webapp"): string {
  const dir = tempDir("relgen-evil-");
  writeFileSync(join(dir, "metadata.yaml"), exampleMetadata(metadataOf));
  writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(dir, "dispatch"), 0o755);
  return dir;
}

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

async function simulator(): Promise<World> {
  if (!existsSync(join(built("webapp"), "hook.cjs"))) throw new Error("build/charms is missing: run node scripts/build.mjs && node scripts/build-charm.mjs");
  const work = tempDir("relgen-evil-greedy-");
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "metadata.yaml"), greedy.METADATA);
  const greedyDir = (await buildCharm({ project, entry: join(root, "test", "fixtures", "charms", "greedy", "hook.ts"), out: join(work, "greedy"), skipTypeCheck: true })).dir;
  const sim = await Simulator.create({ seed: 23, hookTimeoutMs: 30_000, jobs: 2 });
  sims.push(sim);
  const r = deploy(sim as Engine, {
    mysql: built("mysql-innodb-cluster"),
    webapp: built("webapp"),
    greedy: greedyDir,
    idleMysql: idleDir("mysql-innodb-cluster"),
    idleWebapp: idleDir("webapp"),
  });
  const stateBytes = (unit: string) => statSync(join(sim.charmDir(unit), ".unit-state.json"), { throwIfNoEntry: false })?.size ?? 0;
  return { e: sim as Engine, r, stateBytes, files: () => filesUnder(sim.workDir) };
}

const HONEST = ["mysql/0", "webapp/0", "shop/0", "greedy/0"];
const MYSQL_ENDPOINTS = "10.5.0.10:3306,10.5.0.11:3306,10.5.0.12:3306";

describe.each([
  ["harness", harness],
  ["simulator", simulator],
] as const)("evil applications beside honest ones (%s)", (driver, make) => {
  it("NUL, escapes, 1 MB values, 10,000 keys and a foreign secret URI: the honest units converge, bounded, and no password leaks", async () => {
    const { e, r, stateBytes, files } = await make();
    const largest = { log: 0, status: 0, state: 0 };

    /** Settles, then checks everything a round must leave true. */
    const round = async (what: string): Promise<void> => {
      await e.settle();
      expect(e.failures(), what).toEqual([]);
      expect(e.hooks.filter((h) => !h.ok).map((h) => `${h.unit} ${h.hook}: ${h.error ?? ""}`), what).toEqual([]);

      // Converged: the cluster serves both of its clients; the honest client of mysql is connected to mysql;
      // greedy connects to mysql only.
      expect(e.status("mysql/0"), what).toEqual({ state: "active", message: "Unit is ready and clustered" });
      expect(e.status("webapp/0"), what).toEqual({ state: "active", message: `Connected to ${MYSQL_ENDPOINTS}` });
      expect(e.status("greedy/0").message, what).toMatch(new RegExp(`^database:${r.greedyMysql} connected, available; database:${r.greedyEvil} (foreign|waiting), not available$`));

      for (const unit of e.units()) {
        for (const line of e.logs(unit)) {
          // What the unit sent to juju-log, without the relation Juju puts before a relation hook's lines.
          const sent = Buffer.byteLength(withoutRelation(line.message));
          expect(sent, `${what}: a log line of ${unit}`).toBeLessThanOrEqual(MAX_LOG_BYTES);
          expect(line.message, `${what}: a log line of ${unit}`).not.toMatch(CONTROL);
          largest.log = Math.max(largest.log, sent);
        }
        const { message } = e.status(unit);
        expect(Buffer.byteLength(message), `${what}: the status of ${unit}`).toBeLessThanOrEqual(MAX_STATUS_BYTES);
        expect(message, `${what}: the status of ${unit}`).not.toMatch(CONTROL);
        largest.status = Math.max(largest.status, Buffer.byteLength(message));
      }
      for (const unit of HONEST) {
        // Digests, never values: 10,000 junk keys and 1 MB values leave the state file small.
        expect(stateBytes(unit), `${what}: the state file of ${unit}`).toBeLessThanOrEqual(16 * 1024);
        largest.state = Math.max(largest.state, stateBytes(unit));
      }

      // No password mysql issued is anywhere: bags, logs, statuses, hook records (argv, stdout, stderr, errors), files.
      const passwords = e
        .secrets()
        .filter((s) => s.owner === "mysql")
        .map((s) => e.secretContent(s.id)["password"]!);
      expect(passwords.length, what).toBeGreaterThanOrEqual(2);
      const seen: string[] = [];
      for (const rel of e.relations()) {
        for (const end of rel.endpoints) seen.push(JSON.stringify(e.appDatabag(end.app, rel.id)));
        for (const unit of rel.units) seen.push(JSON.stringify(e.databag(unit, rel.id)));
      }
      for (const unit of e.units()) seen.push(JSON.stringify([e.logs(unit), e.status(unit)]));
      for (const h of e.hooks) seen.push(JSON.stringify([h.trace, h.stdout, h.stderr, h.status, h.error ?? ""]));
      for (const f of files()) seen.push(f.text);
      for (const password of passwords) expect(seen.filter((text) => text.includes(password)).length, what).toBe(0);
    };

    await round("honest start");
    const mysqlUri = (relation: number) => e.appDatabag("mysql", relation)["secret-user"]!;

    // 1. Control characters everywhere, and mysql's own secret URIs offered by evilserver.
    // evilclient's first request, which mysql logs: control characters, then a megabyte.
    e.writeDatabag("evilclient", r.evilclient, { database: HOSTILE + "m".repeat(MB), "requested-secrets": '["username","password"]' });
    e.writeDatabag("evilclient/0", r.evilclient, { "ingress-address": HOSTILE });
    e.writeDatabag("evilserver", r.greedyEvil, { database: "greedy", endpoints: "6.6.6.6:3306", "secret-user": mysqlUri(r.greedyMysql) });
    e.writeDatabag("evilserver", r.shop, { database: "webapp", endpoints: `10.6.6.6:3306${HOSTILE}`, "secret-user": mysqlUri(r.webapp) });
    await round("control characters and foreign secrets");
    expect(e.status("greedy/0").message).toBe(`database:${r.greedyMysql} connected, available; database:${r.greedyEvil} foreign, not available`);
    // One WARNING names both relations, the key and the owner, never the URI; the binding is in the unit state.
    const greedyUri = mysqlUri(r.greedyMysql);
    expect(e.logs("greedy/0").filter((l) => l.level === "WARNING").map((l) => l.message)).toEqual([
      `database:${r.greedyEvil}: database: application evilserver points secret-user on database:${r.greedyEvil} to a secret that belongs to database:${r.greedyMysql} (mysql), where this unit first saw it: it is not read on database:${r.greedyEvil}, and secret-user counts as absent there`,
    ]);
    expect(e.unitState("greedy/0")?.["secretBindings"]).toEqual({ [secretId(greedyUri)]: { relation: `database:${r.greedyMysql}`, application: "mysql" } });
    // Juju was never asked for it on evilserver's relation: greedy read it once, for mysql's.
    const reads = e.hooks.filter((h) => h.unit === "greedy/0").flatMap((h) => h.trace.filter((c) => c.tool === "secret-get" && c.argv.includes(greedyUri)));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => !c.argv.includes("--refresh"))).toBe(true);
    // shop is not related to mysql: Juju refuses it webapp's secret, and shop waits, saying so.
    expect(e.status("shop/0")).toEqual({ state: "waiting", message: "the database's credentials cannot be read: denied" });
    const created = e.logs("mysql/0").filter((l) => l.message.includes("created database a=b"));
    // Logged once, escaped, and cut to 4 KiB saying how long the line was (it held the whole megabyte).
    expect(created).toHaveLength(1);
    const line = withoutRelation(created[0]!.message);
    expect(line.startsWith("created database a=b\\nc\\0d\\x1b[2J\\x1b]0;owned\\x07\\u202e\\r\\n| forged | line |mmm")).toBe(true);
    expect(line).toMatch(/m… \(\d{7} bytes\)$/);
    expect(Buffer.byteLength(line)).toBe(MAX_LOG_BYTES);

    // 2. A megabyte in every value the evil side writes.
    const mb = (tag: string) => `${tag}${"m".repeat(MB)}`;
    e.writeDatabag("evilclient", r.evilclient, { database: mb("db") });
    e.writeDatabag("evilclient/0", r.evilclient, { "ingress-address": mb("10.") });
    e.writeDatabag("evilserver", r.greedyEvil, { endpoints: mb("h") });
    e.writeDatabag("evilserver", r.shop, { endpoints: `${mb("h")}:3306`, "secret-user": "", username: "u", password: "p" });
    e.writeDatabag("evilserver/0", r.shop, { "ingress-address": mb("10.") });
    await round("1 MB values");
    // shop takes evilserver's plain answer (it is shop's to take): a megabyte of endpoints, shown in 1 KiB.
    expect(e.status("shop/0")).toEqual({ state: "active", message: expect.stringMatching(/^Connected to hm+… \(\d{7} bytes\)$/) });
    expect(Buffer.byteLength(e.status("shop/0").message)).toBe(MAX_STATUS_BYTES);

    // 3. 10,000 keys in every bag the evil side has.
    e.writeDatabag("evilclient", r.evilclient, { ...junk(), database: "shop" });
    e.writeDatabag("evilclient/0", r.evilclient, junk());
    e.writeDatabag("evilserver", r.greedyEvil, junk());
    e.writeDatabag("evilserver", r.shop, { ...junk(), endpoints: `${HOSTILE_HOST}:3306` });
    e.writeDatabag("evilserver/0", r.shop, junk());
    await round("10,000 keys");
    // shop shows evilserver's endpoints escaped.
    expect(e.status("shop/0")).toEqual({ state: "active", message: "Connected to evil\\nhost\\0\\x1bc\\x07\\u202e\\r\\n| forged | line |:3306" });
    expect(e.status("webapp/0")).toEqual({ state: "active", message: `Connected to ${MYSQL_ENDPOINTS}` });

    console.log(`evil applications (${driver}): ${e.hooks.length} hooks, none failed; largest log line ${largest.log} bytes, status ${largest.status} bytes, state file ${largest.state} bytes`);
  }, 180_000);
});
