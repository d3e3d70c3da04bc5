// Small helpers shared by the benchmark scripts: timing child processes and
// summarising samples. Ratios against a baseline measured in the same run
// keep the figures meaningful on a noisy machine.
import { spawnSync } from "node:child_process";

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Wall time (ms) of running `cmd args` to completion, `runs` times; throws if it fails. */
export function timeCommand(cmd, args, { runs = 5, cwd, env, expectStatus = 0 } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8" });
    const t1 = performance.now();
    if (r.status !== expectStatus) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    samples.push(t1 - t0);
  }
  return samples;
}

/** Median wall time of `node -e 0`: the baseline every ratio is taken against. */
export function nodeBaseline(runs = 15) {
  return median(timeCommand(process.execPath, ["-e", "0"], { runs }));
}

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
