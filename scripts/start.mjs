#!/usr/bin/env node
// npm start — the main job: build the demo charms, check the generated bindings
// against schema/, then run the demo deployment on the Juju model simulator: a
// MySQL InnoDB Cluster of 3 units and a web application of 2 that uses it as
// its database (examples/bundle.yaml), through the steps of
// examples/deployment.ts, checking the statuses and flags each step expects and
// printing the model after each.
//
// RELGEN_SEED=N picks the event order (default 1); RELGEN_JOBS=N runs hooks of
// up to N units at once (default 2, as Juju runs units in parallel).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { distIsStale } from "./lib/stale.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
const out = (text) => process.stdout.write(text);

function step(title, args) {
  out(`\n>> ${title}\n`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write(`npm start: "${title}" failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

// dist/ is built by `npm install` (prepare); rebuild it when a source is newer.
if (distIsStale(root)) step("compile TypeScript", [join(root, "scripts", "build.mjs")]);
step("build the demo charms", [join(root, "scripts", "build-charm.mjs")]);
step("check the generated bindings against schema/", [join(root, "bin", "relgen.js"), "generate", "--check"]);

const seed = Number(process.env.RELGEN_SEED ?? 1);
const jobs = Number(process.env.RELGEN_JOBS ?? 2);
const { Simulator } = await import(pathToFileURL(join(root, "dist", "src", "sim", "index.js")).href);
const { readBundle } = await import(pathToFileURL(join(root, "dist", "src", "juju", "bundle.js")).href);
const { runDeployment } = await import(pathToFileURL(join(root, "dist", "examples", "deployment.js")).href);

const bundle = readBundle(join(root, "examples", "bundle.yaml"));
const charms = Object.fromEntries(bundle.applications.map((a) => [a.name, a.charm.dir]));
out(`\n>> simulate examples/bundle.yaml: 3 mysql and 2 webapp, related (seed ${seed}, ${jobs} units' hooks at a time)\n`);
const sim = await Simulator.create({ seed });
let failed = 0;
try {
  await runDeployment(sim, charms, {
    bundle,
    jobs,
    onStep(report) {
      out(`\n== ${report.step}: ${report.hooks} hooks, ${report.seconds.toFixed(1)} s\n${report.table}`);
      for (const problem of report.problems) out(`   ! ${problem}\n`);
      if (report.problems.length > 0) failed++;
    },
  });
  // The run as data and as a picture: what `relgen sim --format json` and `--timeline` write.
  const { timelineOf, safeJson } = await import(pathToFileURL(join(root, "dist", "src", "report", "index.js")).href);
  const runDir = join(root, "build", "demo-run");
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, "run.json"), safeJson(sim.toJSON(), 2) + "\n");
  writeFileSync(join(runDir, "timeline.svg"), timelineOf(sim, "svg"));
  writeFileSync(join(runDir, "timeline.html"), timelineOf(sim, "html"));
  out(`\nthe run: build/demo-run/run.json (docs/sim-run-format.md), build/demo-run/timeline.svg and timeline.html (${sim.hooks.length} hooks)\n`);
} finally {
  await sim.close();
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed > 0) {
  process.stderr.write(`npm start: ${failed} step(s) did not reach the statuses and flags they expect (seed ${seed}; ${seconds} s)\n`);
  process.exit(1);
}
out(`\nconverged: every step reached the statuses and flags it expects (${seconds} s in all)\n`);
