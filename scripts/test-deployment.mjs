#!/usr/bin/env node
// The demo deployment (what `npm start` runs) in the simulator under several
// seeds: every step must reach the statuses and flags it expects. `npm test`
// runs one simulator seed (and five in the harness); this runs more.
//
//   npm run test:deployment [-- --seeds 21,22,23,24,25] [--jobs 2]
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { seeds: { type: "string", default: "21,22,23,24,25" }, jobs: { type: "string", default: "2" } } });
const seeds = values.seeds.split(",").map(Number);
const jobs = Number(values.jobs);
if (seeds.some((s) => !Number.isInteger(s) || s < 0) || !(jobs >= 1)) {
  process.stderr.write("test:deployment: --seeds takes whole numbers separated by commas, --jobs a positive number\n");
  process.exit(2);
}
if (!existsSync(join(root, "dist", "examples", "deployment.js"))) execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
execFileSync(process.execPath, [join(root, "scripts", "build-charm.mjs")], { stdio: "ignore" });
const { Simulator } = await import(pathToFileURL(join(root, "dist", "src", "sim", "index.js")).href);
const { readBundle } = await import(pathToFileURL(join(root, "dist", "src", "juju", "bundle.js")).href);
const { runDeployment } = await import(pathToFileURL(join(root, "dist", "examples", "deployment.js")).href);

const { Ajv } = await import("ajv");
const validateRun = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(root, "docs", "sim-run.schema.json"), "utf8")));

const bundle = readBundle(join(root, "examples", "bundle.yaml"));
const charms = Object.fromEntries(bundle.applications.map((a) => [a.name, a.charm.dir]));
let passed = 0;
let failed = 0;
for (const seed of seeds) {
  const sim = await Simulator.create({ seed });
  const t0 = performance.now();
  try {
    const reports = await runDeployment(sim, charms, { bundle, jobs });
    const problems = reports.flatMap((r) => r.problems.map((p) => `${r.step}: ${p}`));
    // The whole run as data, checked against its documented format (docs/sim-run-format.md).
    if (!validateRun(sim.toJSON())) problems.push(`the run document does not match docs/sim-run.schema.json: ${JSON.stringify(validateRun.errors)}`);
    const svg = sim.timeline();
    if ((svg.match(/<rect [^>]*class="hook (?:ok|retried|failed)"/g) ?? []).length !== sim.hooks.length) problems.push("the timeline does not have one box per hook");
    const hooks = reports.reduce((a, r) => a + r.hooks, 0);
    process.stdout.write(`seed ${seed}: ${problems.length ? "FAILED" : "converged"} (${hooks} hooks, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    for (const p of problems) process.stdout.write(`  ! ${p}\n`);
    if (problems.length) failed++;
    else passed++;
  } finally {
    await sim.close();
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
