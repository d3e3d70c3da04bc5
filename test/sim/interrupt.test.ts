/**
 * `relgen sim` interrupted while hooks run: a real `bin/relgen.js sim`
 * process of the demo charm gets SIGINT or SIGTERM once a hook process
 * exists. It kills its hooks, removes its work dir (unless
 * `--keep-workdir`), and exits 130 or 143, as a shell reports a signal.
 * Needs `node scripts/build.mjs` and `node scripts/build-charm.mjs`.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ended } from "../support/processes.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");
const BIN = join(root, "bin", "relgen.js");
const CHARM = join(root, "build", "charms", "mysql-innodb-cluster");

/** Processes whose environment names a hook-tool socket under `dir`: the hooks of a simulator whose temp dir is `dir`. */
function hookProcesses(dir: string): number[] {
  const marker = Buffer.from(`JUJU_AGENT_SOCKET_ADDRESS=${dir}/`);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      const at = environ.indexOf(marker);
      if (at === 0 || (at > 0 && environ[at - 1] === 0)) pids.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

/** Starts a sim of 30 demo units in a temp dir of its own; sends `signal` once a hook process runs; returns how it ended. */
async function interrupted(signal: NodeJS.Signals, extra: string[] = []) {
  const tmp = tempDir("relgen-interrupt-");
  const child = spawn(process.execPath, [BIN, "sim", "--charm", CHARM, "--units", "30", "--jobs", "2", "--seed", "1", "--quiet", ...extra], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, sig) => resolve({ code, signal: sig })));
  let hooks: number[] = [];
  // Bounded only as a safety net: the first hook of 30 units comes within moments.
  for (let i = 0; i < 3000 && hooks.length === 0 && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 10));
    hooks = hookProcesses(tmp);
  }
  expect(hooks.length, `no hook ran before the sim ended: ${stderr}`).toBeGreaterThan(0);
  child.kill(signal);
  const how = await exit;
  return { ...how, hooks, tmp, stdout, stderr };
}

describe("relgen sim interrupted", () => {
  beforeAll(() => {
    if (!existsSync(join(root, "dist", "src", "sim", "interrupt.js")) || !existsSync(join(CHARM, "dispatch"))) {
      throw new Error("dist/ or build/charms is missing: run node scripts/build.mjs && node scripts/build-charm.mjs");
    }
  });

  it("by SIGINT kills its hooks, removes its work dir and exits 130", async () => {
    const r = await interrupted("SIGINT");
    expect(r).toMatchObject({ code: 130, signal: null });
    expect(r.stderr).toMatch(/relgen sim: interrupted by SIGINT: hooks stopped, work dir removed\n$/);
    for (const pid of r.hooks) expect(await ended(pid), `hook process ${pid}`).toBe(true);
    expect(hookProcesses(r.tmp)).toEqual([]);
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it("by SIGTERM with --keep-workdir kills its hooks, keeps the work dir and exits 143", async () => {
    const r = await interrupted("SIGTERM", ["--keep-workdir"]);
    expect(r).toMatchObject({ code: 143, signal: null });
    const kept = readdirSync(r.tmp).filter((n) => n.startsWith("relgen-sim-"));
    expect(kept).toHaveLength(1);
    expect(r.stderr).toContain(`relgen sim: interrupted by SIGTERM: hooks stopped, work dir kept: ${join(r.tmp, kept[0]!)}\n`);
    expect(readdirSync(join(r.tmp, kept[0]!, "units")).length).toBeGreaterThan(0);
    for (const pid of r.hooks) expect(await ended(pid), `hook process ${pid}`).toBe(true);
    expect(hookProcesses(r.tmp)).toEqual([]);
  });
});
