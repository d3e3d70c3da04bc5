#!/usr/bin/env node
// npm run bench — every benchmark (generator, runtime, simulator, load) in one
// run, printed as one table and written as JSON to bench/results/<date>.json
// with the machine it ran on. Each row: the median of repeated runs with min
// and max, a baseline measured in the same run (`node -e 0` for process
// start, ajv's runtime-compiled validator for validation,
// json-schema-to-typescript alone for types, ...), the ratio to it, the
// target and whether it is met.
//
//   npm run bench [-- --only generate,runtime,sim,load] [--out FILE]
//
// With --only, the table is printed but no file is written unless --out says
// where. The benchmarks run with TMPDIR set to a private folder, which is
// checked for leftovers and removed at the end.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { failedRow, fmt, renderTable } from "./bench/measure.mjs";

const SECTIONS = ["generate", "registry", "runtime", "sim", "load"];
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

const { values } = parseArgs({ options: { only: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  process.stdout.write(`usage: npm run bench [-- --only ${SECTIONS.join(",")}] [--out FILE]\n`);
  process.exit(0);
}
const only = values.only ? values.only.split(",").map((s) => s.trim()).filter(Boolean) : SECTIONS;
const unknown = only.filter((s) => !SECTIONS.includes(s));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown section ${unknown.join(", ")}; the sections are ${SECTIONS.join(", ")}\n`);
  process.exit(2);
}
const outFile = values.out ?? (values.only ? null : join(root, "bench", "results", `${new Date().toISOString().slice(0, 10)}.json`));

/** Brings dist/ and build/charms/ up to date (each script skips what is up to date). */
function build() {
  for (const script of ["build.mjs", "build-charm.mjs"]) {
    const r = spawnSync(process.execPath, [join(root, "scripts", script)], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`scripts/${script} failed (exit ${r.status ?? r.signal})`);
  }
}
try {
  build();
} catch (e) {
  process.stderr.write(`bench: ${e.message}\n`);
  process.exit(1);
}

// Everything the benchmarks and the processes they start put in the temp dir lands here.
const privateTmp = mkdtempSync(join(tmpdir(), "relgen-bench-"));
process.env.TMPDIR = privateTmp;
const work = join(privateTmp, "work");
mkdirSync(work);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    rmSync(privateTmp, { recursive: true, force: true });
    process.exit(130);
  });
}

const started = performance.now();
const machine = {
  cores: availableParallelism(),
  cpuModel: cpus()[0]?.model.trim() ?? "unknown",
  node: process.version,
  platform: `${process.platform} ${release()} ${process.arch}`,
  memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  loadAverage: { start: loadavg().map((x) => Number(x.toFixed(2))) },
};
const rows = [];
const add = (row) => {
  rows.push(row);
  const ratio = row.ratio === null ? "" : `, ${fmt(row.ratio)}x ${row.baseline}`;
  process.stderr.write(`[bench] ${row.section}: ${row.name}: ${fmt(row.median)} ${row.unit}${ratio} (n=${row.n}) ${row.pass ? "✓" : "✗"}\n`);
};
const ctx = {
  root,
  dist: (p) => import(pathToFileURL(join(root, "dist", p)).href),
  add,
};
for (const section of only) {
  process.stderr.write(`[bench] == ${section}\n`);
  const tmp = join(work, section);
  mkdirSync(tmp);
  try {
    build(); // again: sources may have changed since the run began
    const { run } = await import(`./bench/${section}.mjs`);
    await run({ ...ctx, tmp });
  } catch (e) {
    process.stderr.write(`[bench] ${section} stopped: ${e?.stack ?? e}\n`);
    rows.push(failedRow(section, `the ${section} benchmarks`, e));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
machine.loadAverage.end = loadavg().map((x) => Number(x.toFixed(2)));

// What the runs left in the private temp dir (the hook-tool client's compile cache aside) is a leak.
rmSync(work, { recursive: true, force: true });
const leftovers = readdirSync(privateTmp).filter((name) => !name.startsWith("relgen-sim-cache-"));
rmSync(privateTmp, { recursive: true, force: true });

const seconds = (performance.now() - started) / 1000;
const date = new Date().toISOString().slice(0, 10);
const passed = rows.filter((r) => r.pass).length;
const heading =
  `relgen benchmarks ${date}: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.platform}, ${machine.memory}; ` +
  `load average ${machine.loadAverage.start[0]} at start, ${machine.loadAverage.end[0]} at end; ${Math.round(seconds)} s`;
process.stdout.write(`${heading}\n\n${renderTable(rows)}\n\n${passed} of ${rows.length} rows meet their target.\n`);
if (leftovers.length > 0) process.stdout.write(`left in the temp dir by the runs (removed now): ${leftovers.join(", ")}\n`);

if (outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  const result = { date, machine, command: `npm run bench${values.only ? ` -- --only ${only.join(",")}` : ""}`, seconds: Math.round(seconds), rows, leftovers };
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(`written: ${relative(process.cwd(), outFile) || outFile}\n`);
}
// A ✗ is a result; a benchmark that could not run, or a leak, fails the command.
process.exitCode = rows.some((r) => r.error) || leftovers.length > 0 ? 1 : 0;
