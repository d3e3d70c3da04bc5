#!/usr/bin/env node
// Does batching a hook's independent relation-get calls into one `sh` beat
// Node starting each tool itself? One open hook context of mysql/0 in the
// simulator (n peer units: n-1 remote unit bags + the app bag = K = n calls of
// the real hook-tool binaries), each batch timed whole, variants interleaved.
// The calls are made from a separate Node process with the hook's environment,
// as a hook's own process makes them (--in-process: from the simulator's).
//
//   node scripts/bench/batch.mjs [--units 10] [--rounds 30] [--warmup 3] [--in-process]
//
// Needs dist/ (node scripts/build.mjs) and build/charms (node scripts/build-charm.mjs).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { fmt, makeRow, median, renderTable, timeOnce } from "./measure.mjs";

const self = fileURLToPath(import.meta.url);
const root = join(dirname(self), "..", "..");
const opt = { type: "string" };
const { values } = parseArgs({ options: { units: { ...opt, default: "10" }, rounds: { ...opt, default: "30" }, warmup: { ...opt, default: "3" }, "in-process": { type: "boolean" }, child: { type: "boolean" } } });
const [units, rounds, warmup] = [values.units, values.rounds, values.warmup].map(Number);
if (!(units >= 2) || !(rounds >= 1) || !(warmup >= 0)) throw new Error("usage: batch.mjs [--units N>=2] [--rounds N>=1] [--warmup N>=0] [--in-process]");

const MAX = 64 * 1024 * 1024; // HookToolBackend's maxBuffer
const TIMEOUT = 60_000; // and its default timeout
let env = process.env; // the hook's environment (set below when in process)

/** One process to completion; stdout/stderr as Buffers; rejects only if it could not start or was killed. */
function run(file, args, maxBuffer = MAX) {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: "buffer", env, timeout: TIMEOUT, killSignal: "SIGKILL", maxBuffer, windowsHide: true }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(new Error(`${file}: ${error.code ?? error.signal ?? error.message}`));
      else resolve({ code: error ? error.code : 0, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(); // as HookToolBackend does
  });
}

// A call is [tool path, ...args]; a variant takes the K calls and returns K { code, stdout, stderr }.
const nodeAll = (calls) => Promise.all(calls.map(([f, ...a]) => run(f, a)));
const nodeSeq = async (calls) => {
  const out = [];
  for (const [f, ...a] of calls) out.push(await run(f, a));
  return out;
};
const nodePool = (limit) => async (calls) => {
  const out = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = next++;
      out[i] = await run(calls[i][0], calls[i].slice(1));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, calls.length) }, worker));
  return out;
};

/** The script's text names every argument by position ("${7}"): no argument is ever quoted into it. */
function positional(calls, first) {
  let n = first;
  const lines = calls.map((call) => call.map(() => `"\${${n++}}"`).join(" "));
  return { lines, args: calls.flat() };
}

// C: one sh runs the K tools one after another; their stdout and stderr go straight to sh's pipes.
// Framing (tool output is NUL-free): after call i, sh writes "\0<exit code>\0" to stdout and "\0" to stderr,
// so stdout is out0 \0 code0 \0 out1 \0 code1 \0 ... and stderr is err0 \0 err1 \0 ...
const C_HEAD = `r() { "$@"; c=$?; printf '\\0%d\\0' "$c"; printf '\\0' >&2; }\n`;
async function shSeq(calls) {
  const { lines, args } = positional(calls, 1);
  const res = await run("/bin/sh", ["-c", C_HEAD + lines.map((l) => `r ${l}`).join("\n"), "sh", ...args], MAX * calls.length);
  if (res.code !== 0) throw new Error(`sh exited ${res.code}: ${res.stderr}`);
  const out = split(res.stdout, 2 * calls.length);
  const err = split(res.stderr, calls.length);
  return calls.map((_, i) => ({ code: Number(out[2 * i + 1].toString()), stdout: out[2 * i], stderr: err[i] }));
}
/** `buf` cut at each NUL into exactly `n` fields, each ended by a NUL; anything else is an error. */
function split(buf, n) {
  const fields = [];
  let start = 0;
  for (let i = buf.indexOf(0); i !== -1; i = buf.indexOf(0, start)) {
    fields.push(buf.subarray(start, i));
    start = i + 1;
  }
  if (fields.length !== n || start !== buf.length) throw new Error(`batch framing: ${fields.length} fields, expected ${n} (a NUL in tool output?)`);
  return fields;
}

// D: one sh starts the K tools in the background, each writing to its own files in a private
// temp dir made for this batch ($1), waits for each and prints its exit code on a line; Node reads the files.
async function shPar(calls) {
  const dir = mkdtempSync(join(tmpdir(), "relgen-batch-")); // mode 0700
  try {
    const { lines, args } = positional(calls, 2);
    const script = lines.map((l, i) => `${l} >"$1/${i}.o" 2>"$1/${i}.e" & p${i}=$!`).join("\n") + "\n" + calls.map((_, i) => `wait "$p${i}"; echo $?`).join("\n");
    const res = await run("/bin/sh", ["-c", script, "sh", dir, ...args]);
    const codes = res.stdout.toString().split("\n").slice(0, -1).map(Number);
    if (res.code !== 0 || codes.length !== calls.length) throw new Error(`sh exited ${res.code}, ${codes.length} codes: ${res.stderr}`);
    return codes.map((code, i) => ({ code, stdout: readFileSync(join(dir, `${i}.o`)), stderr: readFileSync(join(dir, `${i}.e`)) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const VARIANTS = [
  ["A  node, all at once", nodeAll],
  ["A4 node, 4 at a time", nodePool(4)],
  ["B  node, one by one", nodeSeq],
  ["C  one sh, one by one", shSeq],
  ["D  one sh, all at once (&, wait)", shPar],
];
const same = (x, y) => x.length === y.length && x.every((r, i) => r.code === y[i].code && r.stdout.equals(y[i].stdout) && r.stderr.equals(y[i].stderr));

/** The timed rounds, in this process: every batch checked against A, byte for byte. */
async function measure({ calls, bad }) {
  for (const batch of [calls, bad]) {
    const want = await nodeAll(batch);
    for (const [name, fn] of VARIANTS.slice(1)) if (!same(await fn(batch), want)) throw new Error(`${name} differs from A`);
  }
  const badCodes = (await nodeAll(bad)).map((r) => r.code);
  if (!badCodes.slice(1, 3).every((c) => c !== 0)) throw new Error(`the failing calls did not fail: ${badCodes}`);
  const times = Object.fromEntries(VARIANTS.map(([name]) => [name, []]));
  const node0 = [];
  let checked = 0;
  const want = await nodeAll(calls);
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [name, fn] of VARIANTS) {
      const t = performance.now();
      const got = await fn(calls);
      const ms = performance.now() - t;
      if (!same(got, want)) throw new Error(`${name}: outputs differ from A in round ${r}`);
      checked++;
      if (r >= warmup) times[name].push(ms);
    }
    const ms = timeOnce(process.execPath, ["-e", "0"]).ms;
    if (r >= warmup) node0.push(ms);
  }
  return { times, node0, checked, badCodes, rssMB: process.memoryUsage().rss / 2 ** 20 };
}

if (values.child) {
  const input = JSON.parse(readFileSync(0, "utf8"));
  process.stdout.write(JSON.stringify(await measure(input)));
  process.exit(0);
}

const charm = join(root, "build/charms/mysql-innodb-cluster");
for (const p of ["dist/src/sim/index.js", "build/charms/mysql-innodb-cluster"]) {
  if (!existsSync(join(root, p))) throw new Error(`${p} is missing: run node scripts/build.mjs && node scripts/build-charm.mjs`);
}
const { Simulator } = await import(pathToFileURL(join(root, "dist/src/sim/index.js")).href);
const load0 = loadavg();
const sim = await Simulator.create({ seed: 1 });
let hook;
try {
  sim.addApplication("mysql", charm, units);
  const t0 = performance.now();
  const { hooksRun } = await sim.runUntilQuiet();
  const setupS = (performance.now() - t0) / 1000;
  if (sim.failures().length > 0) throw new Error(`hooks failed: ${JSON.stringify(sim.failures())}`);
  hook = sim.openHook({ unit: "mysql/0", hook: "update-status" });
  env = hook.env;
  const tool = join(hook.toolDir, "relation-get");
  const rid = (await run(join(hook.toolDir, "relation-ids"), ["cluster"])).stdout.toString().trim();
  const remote = (await run(join(hook.toolDir, "relation-list"), ["-r", rid])).stdout.toString().trim().split("\n");
  if (remote.length !== units - 1) throw new Error(`relation ${rid} lists ${remote.length} remote units, expected ${units - 1}`);
  const calls = [...remote.map((u) => [tool, "--format=json", "-r", rid, "-", u]), [tool, "--format=json", "-r", rid, "--app", "-", "mysql"]];
  // For the correctness check only: a batch with two failing calls (unknown unit, unknown relation).
  const bad = [calls[0], [tool, "--format=json", "-r", rid, "-", "mysql/999"], [tool, "-r", "nope:9", "-"], calls.at(-1)];
  const bytes = (await nodeAll(calls)).reduce((n, r) => n + r.stdout.length, 0);

  let result;
  if (values["in-process"]) result = await measure({ calls, bad });
  else {
    const child = execFile(process.execPath, [self, "--child", "--rounds", String(rounds), "--warmup", String(warmup)], { env, maxBuffer: MAX }, (error, stdout, stderr) => {
      if (error) process.stderr.write(stderr);
      result = error ? error : JSON.parse(stdout);
    });
    child.stdin.end(JSON.stringify({ calls, bad }));
    await new Promise((resolve) => child.on("close", resolve));
    if (result instanceof Error) throw result;
  }
  const load1 = loadavg();

  const section = `batch K=${calls.length}`;
  const a = { name: "A", samples: result.times[VARIANTS[0][0]], unit: "ms" };
  // Paired: the median over rounds of (this variant / A in the same round), which cancels load shared by a round.
  const paired = (xs) => median(xs.map((x, i) => x / a.samples[i]));
  const rows = VARIANTS.map(([name]) => makeRow({ section, name, unit: "ms", samples: result.times[name], baseline: a, target: { text: "ratio < 0.8 to adopt", check: (r) => r.ratio < 0.8 }, detail: `paired ratio to A ${fmt(paired(result.times[name]))}x` }));
  rows.push(makeRow({ section, name: "node -e 0 (one process)", unit: "ms", samples: result.node0, baseline: a, target: { text: "baseline", check: () => true } }));
  process.stdout.write(renderTable(rows) + "\n\n");
  const best = rows.slice(3, 5).reduce((x, y) => (y.median < x.median ? y : x));
  const where = values["in-process"] ? "the simulator's own process" : "a separate Node process with the hook's environment";
  process.stdout.write(
    [
      `K = ${calls.length} relation-get calls (${remote.length} unit bags + app bag, ${bytes} bytes of JSON) on ${rid}; ${units} units settled in ${hooksRun} hooks (${fmt(setupS)} s); ${sim.client.kind} tool client`,
      `calls made from ${where} (RSS ${fmt(result.rssMB)} MB); ${rounds} rounds after ${warmup} warm-up, variants interleaved`,
      `every timed batch (${result.checked}) returned byte-identical exit codes, stdout and stderr to A; so did a batch with 2 failing calls (exit codes ${result.badCodes.join(",")})`,
      `CPUs ${cpus().length}; load average (1, 5, 15 min) before ${load0.map(fmt).join(" ")}, after ${load1.map(fmt).join(" ")}`,
      `best batching variant: ${best.name.replace(/\s+/g, " ")} at ${fmt(best.median)} ms vs A ${fmt(median(a.samples))} ms (ratio ${fmt(best.ratio)}): ` +
        (best.ratio < 0.8 ? "ADOPT (beats A by more than 20%)" : "do not adopt (does not beat A by more than 20%)"),
    ].join("\n") + "\n",
  );
} finally {
  hook?.finish(false);
  await sim.close();
}
