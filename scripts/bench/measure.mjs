// Helpers of `npm run bench`: timing, summaries of repeated runs, benchmark
// rows with their baseline and target, and the one table they print as.
import { spawnSync } from "node:child_process";

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time (ms) of one run of `cmd args` to completion; throws if it exits otherwise than `expectStatus`. */
export function timeOnce(cmd, args, { cwd, env, expectStatus = 0 } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== expectStatus) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}: ${(r.stderr ?? "").slice(-2000)}`);
  return { ms, stdout: r.stdout };
}

/** Wall times (ms) of `runs` runs of `cmd args`. */
export function timeCommand(cmd, args, { runs = 5, ...options } = {}) {
  return Array.from({ length: runs }, () => timeOnce(cmd, args, options).ms);
}

const NODE_E0 = [process.execPath, ["-e", "0"]];

/** `runs` wall times (ms) of `node -e 0`: the baseline of every process start. */
export function nodeE0(runs = 11) {
  return timeCommand(...NODE_E0, { runs });
}

/**
 * Times a command and `node -e 0` in alternation (`runs` each), so that both
 * see the same load of a noisy machine. Returns both sets of samples (ms).
 */
export function pairedWithNode(cmd, args, { runs = 5, ...options } = {}) {
  const subject = [];
  const baseline = [];
  timeOnce(cmd, args, options); // warm the file cache
  for (let i = 0; i < runs; i++) {
    baseline.push(timeOnce(...NODE_E0).ms);
    subject.push(timeOnce(cmd, args, options).ms);
  }
  return { subject, baseline };
}

const TIME_UNITS = { "µs": 0.001, ms: 1, s: 1000 };

/** Converts a value in `unit` to ms when `unit` is a time unit, else returns it as it is. */
function toMs(value, unit) {
  return value * (TIME_UNITS[unit] ?? 1);
}

/**
 * A target: `{ on: "median" | "ratio", op: "<" | "<=" | ">=" | "=", limit }`,
 * optionally with `text` and a `check(row)` that decides instead.
 */
function targetText(target, unit) {
  if (target.text) return target.text;
  if (target.on === "ratio") return `ratio ${target.op} ${target.limit}`;
  return `${target.op === "<=" ? "<=" : target.op} ${target.limit} ${unit}`;
}

function meets(value, op, limit) {
  switch (op) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">=":
      return value >= limit;
    case "=":
      return value === limit;
    default:
      throw new Error(`unknown target operator ${op}`);
  }
}

/**
 * One row of the table. `samples` are the repeated runs (in `unit`);
 * `baseline` is `{ name, samples, unit }` (measured in this run) or null where
 * no baseline applies (counts of hook-tool calls). `detail` is a short note.
 */
export function makeRow({ section, name, unit, samples, baseline, target, detail }) {
  if (samples.length === 0) throw new Error(`${name}: no samples`);
  const row = {
    section,
    name,
    unit,
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    n: samples.length,
    baseline: baseline ? baseline.name : null,
    baselineMedian: baseline ? median(baseline.samples) : null,
    baselineUnit: baseline ? baseline.unit : null,
    ratio: null,
    target: "",
    pass: false,
  };
  if (baseline) row.ratio = toMs(row.median, unit) / toMs(row.baselineMedian, baseline.unit);
  row.target = targetText(target, unit);
  row.pass = target.check ? Boolean(target.check(row)) : meets(target.on === "ratio" ? row.ratio : row.median, target.op, target.limit);
  if (detail) row.detail = detail;
  return row;
}

/** A row for a benchmark that could not run: it fails its target, and says why. */
export function failedRow(section, name, error) {
  const message = String(error?.message ?? error).split("\n")[0].slice(0, 200);
  return { section, name, unit: "", median: null, min: null, max: null, n: 0, baseline: null, baselineMedian: null, baselineUnit: null, ratio: null, target: "runs", pass: false, error: true, detail: `error: ${message}` };
}

/** Runs one benchmark `fn`; when it throws, adds a failed row named `name` instead, so that the others still run. */
export async function attempt(add, section, name, fn) {
  try {
    await fn();
  } catch (e) {
    process.stderr.write(`[bench] ${section}: ${name} stopped: ${e?.stack ?? e}\n`);
    add(failedRow(section, name, e));
  }
}

/** A number with about three significant digits. */
export function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return "-";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (Number.isInteger(x) && a < 1e6) return String(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  return x.toPrecision(2);
}

const withUnit = (x, unit) => (x === null ? "-" : unit === "calls" || unit === "" ? fmt(x) : `${fmt(x)} ${unit}`);

/** The rows as one aligned plain-text table; each row's detail becomes a numbered note below it. */
export function renderTable(rows) {
  const header = ["section", "measure", "median", "min", "max", "n", "baseline (its median)", "ratio", "target", "ok"];
  const notes = [];
  const lines = rows.map((r) => {
    if (r.detail) notes.push(`[${notes.length + 1}] ${r.section}, ${r.name}: ${r.detail}`);
    return [
      r.section,
      r.detail ? `${r.name} [${notes.length}]` : r.name,
      withUnit(r.median, r.unit),
      withUnit(r.min, r.unit),
      withUnit(r.max, r.unit),
      String(r.n),
      r.baseline ? `${r.baseline} (${withUnit(r.baselineMedian, r.baselineUnit)})` : "-",
      r.ratio === null ? "-" : `${fmt(r.ratio)}x`,
      r.target,
      r.pass ? "✓" : "✗",
    ];
  });
  const all = [header, ...lines];
  const numeric = new Set([2, 3, 4, 5, 7]);
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  const table = all.map((l) => l.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd());
  return [...table, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
}
