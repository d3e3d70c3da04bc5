/** Builds the demo charm (or a variant of its hook program) into a temp dir, and runs it on the simulator. */
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { bundleHook } from "../../scripts/build-charm.mjs";
import { Simulator, type SimulatorOptions } from "../../src/sim/index.js";

const root = join(import.meta.dirname, "..", "..");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A charm directory like build/charms/mysql-innodb-cluster, with `entry` as its hook program. */
export async function buildDemoCharm(entry = join(root, "examples", "mysql-innodb-cluster", "src", "hook.ts")): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "relgen-demo-"));
  dirs.push(dir);
  await bundleHook(entry, join(dir, "hook.mjs"));
  for (const f of ["metadata.yaml", "dispatch"]) copyFileSync(join(root, "examples", "mysql-innodb-cluster", f), join(dir, f));
  chmodSync(join(dir, "dispatch"), 0o755);
  return dir;
}

export async function demoSim(charmDir: string, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return Simulator.create({ charmDir, app: "mysql", hookTimeoutMs: 20_000, ...options });
}

export const CLUSTER_FLAGS = ["cluster.available", "cluster.clustered", "cluster.connected"];
export const interfaceFlags = (flags: readonly string[]): string[] => flags.filter((f) => f.startsWith("cluster."));
