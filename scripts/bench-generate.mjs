#!/usr/bin/env node
// npm run bench:generate — speed of the generator, as ratios to `node -e 0`
// measured in the same run:
//   1. a cold `relgen generate --check` of the mysql-innodb-cluster schema (target <= 3 s);
//   2. `relgen generate --watch`: time from one schema edit to the regenerated files (target <= 1 s);
//   3. loading a generated validator module in a fresh process (target <= 1.2x node -e 0).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { median, nodeBaseline, table, timeCommand } from "./lib/measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const relgen = join(root, "bin", "relgen.js");
if (!existsSync(join(root, "dist", "src", "cli", "main.js"))) {
  spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}

const baseline = nodeBaseline();
const check = median(timeCommand(process.execPath, [relgen, "generate", "--check"], { cwd: root, runs: 5 }));
const validator = join(root, "dist", "generated", "mysql-innodb-cluster", "v0", "peers.validate.js");
const load = median(
  timeCommand(process.execPath, ["--input-type=module", "-e", `await import(${JSON.stringify(validator)})`], { runs: 15 }),
);
const watch = await measureWatch(5);

const ms = (x) => `${x.toFixed(0)} ms`;
const ratio = (x) => `${(x / baseline).toFixed(2)}x`;
console.log(
  table([
    ["measure", "median", "÷ node -e 0", "target"],
    ["node -e 0 (baseline)", ms(baseline), "1.00x", ""],
    ["relgen generate --check (cold)", ms(check), ratio(check), "<= 3000 ms"],
    ["--watch: schema edit -> regenerated", ms(watch), ratio(watch), "<= 1000 ms"],
    ["load generated validator module", ms(load), ratio(load), "<= 1.20x"],
  ]),
);

/** Starts `--watch` on a copy of schema/, edits a description `edits` times, and times each regeneration. */
async function measureWatch(edits) {
  const work = mkdtempSync(join(tmpdir(), "relgen-bench-"));
  cpSync(join(root, "schema"), join(work, "schema"), { recursive: true });
  const schema = join(work, "schema", "mysql-innodb-cluster", "v0", "peers.json");
  const runtime = relative(join(work, "generated", "iface", "vN"), join(root, "src", "runtime"));
  const child = spawn(process.execPath, [relgen, "generate", "--watch", "--out", "generated", "--runtime", runtime], { cwd: work });
  let output = "";
  const waitFor = (pattern, from) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`--watch did not print ${pattern} in time:\n${output}`)), 30_000);
      const poll = setInterval(() => {
        const seen = output.slice(from).match(pattern);
        if (seen) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(performance.now());
        }
      }, 2);
    });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    await waitFor(/watching/, 0);
    const samples = [];
    const original = readFileSync(schema, "utf8");
    for (let i = 0; i < edits; i++) {
      const from = output.length;
      const t0 = performance.now();
      writeFileSync(schema, original.replace("Set once this unit's instance has joined", `Set (edit ${i}) once this unit's instance has joined`));
      const t1 = await waitFor(/regenerated in \d+ ms \(ok\)/, from);
      samples.push(t1 - t0);
    }
    return median(samples);
  } finally {
    child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}
