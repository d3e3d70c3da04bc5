#!/usr/bin/env node
// Benchmarks the model simulator's hook tools: per-call latency as a charm sees
// it (a bash charm timing each call with $EPOCHREALTIME, so fork+exec of the
// client is included), and hook wall time compared with `node -e 0` measured
// in the same run.
//
//   npm run build && node scripts/bench-sim.mjs [--units 5] [--seed 1] [--client auto|c|node]
//
// It imports the compiled simulator from dist/src/sim/index.js.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { median, percentile, timeCommand } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const entry = join(root, "dist", "src", "sim", "index.js");
if (!existsSync(entry)) {
  process.stderr.write("bench-sim: dist/src/sim/index.js is missing; run `npm run build` first\n");
  process.exit(2);
}
const { Simulator } = await import(pathToFileURL(entry).href);

const { values } = parseArgs({
  options: {
    units: { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    client: { type: "string", default: "auto" },
  },
});
const units = Number(values.units);
const seed = Number(values.seed);

// A bash charm making the calls a reactive charm makes in a relation hook (contract §3.7).
const DISPATCH = String.raw`#!/bin/bash
set -eu
log="$JUJU_CHARM_DIR/calls.log"
t() { local s=$EPOCHREALTIME; "$@" >/dev/null; local e=$EPOCHREALTIME; echo "$1 $s $e" >> "$log"; }
t /bin/true
t juju-log -l INFO "Reactive main running for hook $JUJU_HOOK_NAME"
t relation-ids --format=json cluster
t network-get --primary-address cluster
t config-get --all --format=json
t is-leader --format=json
t leader-get --format=json -
if [[ "$JUJU_HOOK_NAME" == cluster-relation-* && "$JUJU_HOOK_NAME" != *-broken ]]; then
  t relation-list --format=json -r "$JUJU_RELATION_ID"
  for u in $(relation-list -r "$JUJU_RELATION_ID"); do
    t relation-get --format=json -r "$JUJU_RELATION_ID" - "$u"
  done
  t relation-get --format=json -r "$JUJU_RELATION_ID" - "$JUJU_UNIT_NAME"
  t relation-set --help
  addr=$(unit-get private-address)
  t relation-set -r "$JUJU_RELATION_ID" --file - <<<"{\"ingress-address\": \"$addr\", \"private-address\": \"$addr\", \"bench\": \"1\"}"
fi
t juju-log -l DEBUG "done"
t status-set active "ok"
`;

const charm = mkdtempSync(join(tmpdir(), "relgen-bench-charm-"));
writeFileSync(join(charm, "metadata.yaml"), "name: mysql\npeers:\n  cluster:\n    interface: mysql-innodb-cluster\n");
writeFileSync(join(charm, "dispatch"), DISPATCH);
chmodSync(join(charm, "dispatch"), 0o755);

const quantile = (xs, q) => (xs.length === 0 ? NaN : percentile(xs, q * 100));

// node -e 0, measured in this run on this machine
const nodeTimes = timeCommand(process.execPath, ["-e", "0"], { runs: 15 });

const sim = await Simulator.create({ charmDir: charm, seed, client: values.client });
let calls = [];
let totalServer = [];
try {
  sim.addUnits(units);
  await sim.runUntilQuiet();
  sim.addUnits(2);
  await sim.runUntilQuiet();
  sim.removeUnit(`mysql/${units}`);
  await sim.runUntilQuiet();
  for (const u of sim.allUnits()) {
    const log = join(sim.charmDir(u.name), "calls.log");
    if (!existsSync(log)) continue;
    for (const line of readFileSync(log, "utf8").trim().split("\n")) {
      const [tool, s, e] = line.split(" ");
      calls.push({ tool, ms: (Number(e) - Number(s)) * 1000 });
    }
  }
  totalServer = sim.hooks.flatMap((h) => h.trace.map((c) => c.durationMs));
} finally {
  const hooks = sim.hooks;
  const failures = sim.failures();
  await sim.close();
  rmSync(charm, { recursive: true, force: true });

  const hookTimes = hooks.map((h) => h.durationMs);
  const nodeMedian = median(nodeTimes);
  const rows = [];
  const row = (label, xs) => rows.push([label, String(xs.length), median(xs).toFixed(2), quantile(xs, 0.95).toFixed(2)]);
  const toolCalls = calls.filter((c) => c.tool !== "/bin/true");
  row("hook-tool call (charm side)", toolCalls.map((c) => c.ms));
  for (const tool of [...new Set(toolCalls.map((c) => c.tool))].sort()) row(`  ${tool}`, toolCalls.filter((c) => c.tool === tool).map((c) => c.ms));
  row("/bin/true (fork+exec baseline)", calls.filter((c) => c.tool === "/bin/true").map((c) => c.ms));
  row("hook-tool call (server side)", totalServer);
  row("hook wall time", hookTimes);
  row("node -e 0", nodeTimes);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[["", "n", "median ms", "p95 ms"], ...rows].map((r) => r[i].length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
  process.stdout.write(`relgen simulator benchmark: ${sim.client.kind} client, ${units} units -> ${units + 2} -> ${units + 1}, seed ${seed}, ${hooks.length} hooks\n\n`);
  process.stdout.write(fmt(["", "n", "median ms", "p95 ms"]) + "\n");
  for (const r of rows) process.stdout.write(fmt(r) + "\n");
  process.stdout.write(`\nmedian hook-tool call / median /bin/true = ${(median(toolCalls.map((c) => c.ms)) / median(calls.filter((c) => c.tool === "/bin/true").map((c) => c.ms))).toFixed(2)}\n`);
  process.stdout.write(`median hook wall time / median node -e 0 = ${(median(hookTimes) / nodeMedian).toFixed(2)}\n`);
  process.stdout.write(`median hook-tool calls per hook = ${median(hooks.map((h) => h.trace.length))}\n`);
  if (failures.length) {
    process.stdout.write(`failing hooks: ${JSON.stringify(failures)}\n`);
    process.exitCode = 1;
  }
}

// The npm start deployment (examples/bundle.yaml through every step of
// examples/deployment.ts): wall time, hooks per step, tool calls per hook by
// application; and what npm start adds before it (building the charms,
// checking the generated bindings).
{
  const prep = [];
  for (const [label, args] of [
    ["build the demo charms", [join(root, "scripts", "build-charm.mjs")]],
    ["relgen generate --check", [join(root, "bin", "relgen.js"), "generate", "--check"]],
  ]) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    prep.push([label, (performance.now() - t0) / 1000]);
  }
  const { readBundle } = await import(pathToFileURL(join(root, "dist", "src", "juju", "bundle.js")).href);
  const { runDeployment } = await import(pathToFileURL(join(root, "dist", "examples", "deployment.js")).href);
  const bundle = readBundle(join(root, "examples", "bundle.yaml"));
  const charms = Object.fromEntries(bundle.applications.map((a) => [a.name, a.charm.dir]));
  const jobs = 2;
  const demoSim = await Simulator.create({ seed, client: values.client });
  let reports = [];
  let hooks = [];
  const t0 = performance.now();
  try {
    reports = await runDeployment(demoSim, charms, { bundle, jobs });
    hooks = demoSim.hooks;
  } finally {
    await demoSim.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const nodeMedian = median(nodeTimes);
  process.stdout.write(`\nthe npm start deployment (examples/bundle.yaml, seed ${seed}, ${jobs} units' hooks at a time): ${hooks.length} hooks in ${seconds.toFixed(1)} s\n`);
  for (const r of reports) {
    const flag = r.problems.length ? `  ! ${r.problems.length} problems` : "";
    process.stdout.write(`  ${r.step.padEnd(48)} ${String(r.hooks).padStart(4)} hooks  ${r.seconds.toFixed(1).padStart(5)} s${flag}\n`);
  }
  for (const [label, s] of prep) process.stdout.write(`  ${`(npm start also runs: ${label})`.padEnd(48)}             ${s.toFixed(1).padStart(5)} s\n`);
  const total = seconds + prep.reduce((a, [, s]) => a + s, 0);
  process.stdout.write(`  ${"npm start in all, estimated".padEnd(48)}             ${total.toFixed(1).padStart(5)} s (target: under 60 s)\n`);
  process.stdout.write(`  median hook wall time ${median(hooks.map((h) => h.durationMs)).toFixed(1)} ms = ${(median(hooks.map((h) => h.durationMs)) / nodeMedian).toFixed(2)} x node -e 0\n`);
  process.stdout.write(`  tool calls per hook, by application:\n`);
  for (const app of ["mysql", "webapp"]) {
    const mine = hooks.filter((h) => h.app === app);
    const perTool = {};
    for (const h of mine) for (const c of h.trace) perTool[c.tool] = (perTool[c.tool] ?? 0) + 1;
    const mean = (mine.reduce((a, h) => a + h.trace.length, 0) / mine.length).toFixed(1);
    const detail = Object.entries(perTool).sort().map(([t, n]) => `${t} ${(n / mine.length).toFixed(1)}`).join(", ");
    process.stdout.write(`    ${app.padEnd(7)} mean ${mean}, median ${median(mine.map((h) => h.trace.length))}, max ${Math.max(...mine.map((h) => h.trace.length))} over ${mine.length} hooks (${detail})\n`);
  }
  const client = hooks.filter((h) => h.app === "webapp" && h.hook === "database-relation-changed");
  const gets = client.map((h) => h.trace.filter((c) => c.tool === "relation-get").length);
  const sets = client.map((h) => h.trace.filter((c) => c.tool === "relation-set").length);
  process.stdout.write(`  a client relation-changed hook: relation-get ${Math.min(...gets)}-${Math.max(...gets)} (the cluster's app bag, and its own for the leader), relation-set ${Math.max(...sets)} at most\n`);
  if (reports.some((r) => r.problems.length)) process.exitCode = 1;
}

// Two applications related: the mysql_client provider (3 units) and requirer (2 units)
// test charms, on generated bindings, bundled like a real charm.
{
  const { buildCharm } = await import(pathToFileURL(join(root, "dist", "src", "project", "build.js")).href);
  const work = mkdtempSync(join(tmpdir(), "relgen-bench-two-apps-"));
  try {
    const metadata = {
      provider: "name: db\nprovides:\n  database:\n    interface: mysql_client\n",
      requirer: "name: app\nrequires:\n  database:\n    interface: mysql_client\n",
    };
    for (const role of ["provider", "requirer"]) {
      const project = join(work, `${role}-project`);
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, "metadata.yaml"), metadata[role]);
      const entry = join(root, "test", "fixtures", "charms", "db", `${role}-hook.ts`);
      await buildCharm({ project, entry, out: join(work, role), skipTypeCheck: true });
    }
    const twoApps = await Simulator.create({ seed, client: values.client });
    const t0 = performance.now();
    try {
      twoApps.addApplication("db", join(work, "provider"), 3);
      twoApps.addApplication("app", join(work, "requirer"), 2);
      twoApps.relate("app:database", "db:database");
      await twoApps.runUntilQuiet();
    } finally {
      await twoApps.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const hooks = twoApps.hooks;
    process.stdout.write(`\ntwo applications, 3 + 2 units, related (mysql_client test charms, seed ${seed}):\n`);
    process.stdout.write(`  total wall time            ${seconds.toFixed(1)} s for ${hooks.length} hooks (median ${median(hooks.map((h) => h.durationMs)).toFixed(1)} ms per hook)\n`);
    for (const app of ["db", "app"]) {
      const mine = hooks.filter((h) => h.app === app);
      process.stdout.write(`  ${app.padEnd(3)} tool calls per hook     median ${median(mine.map((h) => h.trace.length))}, max ${Math.max(...mine.map((h) => h.trace.length))} over ${mine.length} hooks\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// In-process dispatch through the harness, 9-unit peer model (target: under 1 ms per hook).
{
  const { Harness } = await import(pathToFileURL(join(root, "dist", "src", "testing", "harness.js")).href);
  const { charm } = await import(pathToFileURL(join(root, "dist", "examples", "mysql-innodb-cluster", "src", "charm.js")).href);
  const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
  h.addUnits(9);
  await h.settle();
  const hook = { unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" };
  for (let i = 0; i < 200; i++) await h.deliver(hook);
  const samples = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await h.deliver(hook);
    samples.push(performance.now() - t);
  }
  process.stdout.write(`\nharness: one cluster-relation-changed hook with 9 units, in process: median ${(median(samples) * 1000).toFixed(0)} µs (target: under 1 ms)\n`);
}
