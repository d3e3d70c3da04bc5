#!/usr/bin/env node
// npm run bench:runtime — the runtime's cost per hook:
//   1. hook-tool calls of one cluster-relation-changed hook with 2, 4 and 8 peers, by tool
//      (the bare interface, and the demo charm), in a settled cluster and right after a peer changed;
//   2. in-process hook time through the harness (the same hook tools as the simulator,
//      called in process) with 9 units, as a ratio to an empty function-call loop
//      measured in the same run (target: under 1 ms per hook);
//   3. cold start of the bundled hook program on recorded tool answers, as a ratio
//      to `node -e 0` measured in the same run (target: 1.3x or less).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, nodeBaseline, table, timeCommand } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "dist", "src", "testing", "harness.js"))) spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
const dist = (p) => import(join(root, "dist", p));
const { Harness } = await dist("src/testing/harness.js");
const { charm, cluster } = await dist("examples/mysql-innodb-cluster/src/charm.js");
const { Charm } = await dist("src/runtime/index.js");
const { recording } = await dist("scripts/bench/replay-backend.js");

const bare = new Charm([cluster]);
const TOOLS = ["relation-ids", "relation-list", "relation-get", "relation-set", "network-get", "juju-log", "is-leader", "leader-get", "leader-set", "status-set"];

async function settled(units) {
  const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
  h.addUnits(units);
  await h.settle();
  return h;
}

function count(calls) {
  const by = Object.fromEntries(TOOLS.map((t) => [t, 0]));
  for (const c of calls) by[c.tool] = (by[c.tool] ?? 0) + 1;
  return by;
}

// 1. Calls per hook.
const rows = [["peers", "charm", "case", ...TOOLS, "total"]];
for (const peers of [2, 4, 8]) {
  const h = await settled(peers + 1);
  const changed = { unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" };
  for (const [name, run] of [["interface only", (o) => bare.run(o)], ["demo charm", (o) => charm.run(o)]]) {
    const steady = await h.deliver(changed, run);
    h.writeDatabag("mysql/1", "cluster", { "cluster-address": '"10.9.9.9"' });
    const after = await h.deliver(changed, run);
    h.writeDatabag("mysql/1", "cluster", { "cluster-address": '"10.5.0.11"' });
    await h.settle();
    for (const [label, rec] of [["settled", steady], ["peer changed", after]]) {
      const by = count(rec.trace);
      rows.push([peers, name, label, ...TOOLS.map((t) => by[t]), rec.trace.length]);
    }
  }
}
console.log("hook-tool calls of one cluster-relation-changed hook");
console.log(table(rows));
console.log("target: 1 relation-ids, 1 relation-list, peers+1 relation-get, <=1 relation-set (0 when nothing changed), <=1 network-get, no juju-log\n");

// 2. In-process hook time, 9 units (8 peers): one cluster-relation-changed, run through the harness.
const h9 = await settled(9);
const hook = { unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" };
const runOnce = () => h9.deliver(hook);
for (let i = 0; i < 200; i++) await runOnce(); // warm up
const hookSamples = [];
for (let i = 0; i < 1000; i++) {
  const t0 = performance.now();
  const r = await runOnce();
  hookSamples.push(performance.now() - t0);
  if (!r.ok) throw new Error(r.error);
}
const empty = () => {};
const loopSamples = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  for (let j = 0; j < 100_000; j++) empty(j);
  loopSamples.push(performance.now() - t0);
}
const hookMs = median(hookSamples);
const loopMs = median(loopSamples);

// 3. Cold start of the bundled hook program.
const work = mkdtempSync(join(tmpdir(), "relgen-bench-"));
const program = join(work, "hook.mjs");
const { bundleHook } = await dist("src/project/build.js");
await bundleHook(join(root, "scripts", "bench", "memory-hook.ts"), program);
const fixture = join(work, "fixture.json");
const opened = h9.openHook({ ...hook, relationId: h9.relationId() });
const rec = recording(opened.backend);
const recorded = await charm.run({ backend: rec.backend, env: opened.env, state: h9.stateStore("mysql/0"), setExitCode: false });
opened.finish(false);
if (!recorded.ok) throw new Error(recorded.error);
writeFileSync(fixture, JSON.stringify({ answers: rec.answers, env: opened.env }));
const baseline = nodeBaseline(21);
const cold = median(timeCommand(process.execPath, [program], { runs: 21, env: { ...process.env, RELGEN_FIXTURE: fixture } }));
rmSync(work, { recursive: true, force: true });

console.log(
  table([
    ["measure", "median", "ratio", "target"],
    ["in-process hook, 9 units (harness)", `${(hookMs * 1000).toFixed(0)} µs`, `${(hookMs / loopMs).toFixed(1)}x a loop of 100k empty calls (${(loopMs * 1000).toFixed(0)} µs)`, "< 1 ms"],
    ["node -e 0 (baseline)", `${baseline.toFixed(1)} ms`, "1.00x", ""],
    ["cold start, bundled hook program", `${cold.toFixed(1)} ms`, `${(cold / baseline).toFixed(2)}x node -e 0`, "<= 1.30x"],
  ]),
);

// 4. One -relation-changed hook on a mysql_client provider related to 1, 10 and 100 applications:
//    tool calls by tool, and in-process time (median of repeated deliveries; target: linear in relations).
{
  const { mysqlClientProvider, mysqlClientRequirer } = await dist("generated/mysql_client/index.js");
  const { defineCharm } = await dist("src/runtime/index.js");
  const providerMeta = "name: db\nprovides:\n  database:\n    interface: mysql_client\n";
  const requirerMeta = "name: app\nrequires:\n  database:\n    interface: mysql_client\n";
  const database = mysqlClientProvider("database");
  const server = defineCharm({ endpoints: [database] });
  server.when(database.flags.available).do(async (hook) => {
    if (!(await hook.isLeader())) return;
    for (const relation of database.relations) {
      const asked = relation.app.received.database;
      if (asked === undefined) continue;
      relation.publishApp({ database: asked, username: `relation-${relation.id.split(":")[1]}`, password: relation.local.app?.received.password ?? "pw-0123456789", endpoints: "10.5.0.10:3306" });
    }
  });
  const client = mysqlClientRequirer("database");
  const clientCharm = defineCharm({ endpoints: [client] });
  clientCharm.when(client.flags.connected).do(async (hook) => {
    if (await hook.isLeader()) client.publishApp({ database: hook.info.app, requestedSecrets: [] });
  });
  const rows = [["related apps", ...TOOLS, "total", "median ms", "ms per relation"]];
  for (const n of [1, 10, 100]) {
    const h = new Harness();
    h.addApplication("db", { metadata: providerMeta, run: (o) => server.run(o) }, 1);
    for (let i = 0; i < n; i++) {
      h.addApplication(`app${i}`, { metadata: requirerMeta.replace("name: app", `name: app${i}`), run: (o) => clientCharm.run(o) }, 1);
      h.relate(`app${i}:database`, "db:database");
    }
    await h.settle({ maxHooks: 100_000 });
    const changed = { unit: "db/0", hook: "database-relation-changed", remoteUnit: "app0/0" };
    const first = await h.deliver(changed);
    if (!first.ok) throw new Error(first.error);
    const samples = [];
    for (let i = 0; i < (n === 100 ? 20 : 100); i++) {
      const t0 = performance.now();
      await h.deliver(changed);
      samples.push(performance.now() - t0);
    }
    const by = count(first.trace);
    const ms = median(samples);
    rows.push([n, ...TOOLS.map((t) => by[t]), first.trace.length, ms.toFixed(2), (ms / n).toFixed(3)]);
  }
  console.log("\none database-relation-changed hook on a mysql_client provider (leader) with n related applications");
  console.log(table(rows));
  console.log("per relation: relation-list, relation-get of the client's app bag and (leader) of this app's answer (mysql_client puts nothing in unit bags: they are not read); no relation-set when nothing changed\n");
}
