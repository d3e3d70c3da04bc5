/**
 * vitest globalSetup: no test leaves anything in the temp directory.
 *
 * The run gets a private temp directory (`TMPDIR`, which `os.tmpdir()` reads
 * in vitest's workers and in every process they start with the inherited
 * environment). At the end, whatever is still in it was left by a test or by
 * code under test that did not remove its own folder: the guard names each
 * entry and fails the run (vitest ignores an error thrown by a globalSetup
 * teardown, so it sets `process.exitCode`), then removes the directory. A run
 * killed before its teardown leaves its `relgen-run-<pid>-…` dir; the next run
 * removes it.
 *
 * Hooks run by the simulator do not inherit `TMPDIR` (Juju gives them a fixed
 * environment), so their temp files land in the shared temp directory: new
 * `relgen-*` entries there are reported as a warning only, since other runs on
 * the machine may be creating theirs at the same time.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { removeOrphans } from "../../src/runtime/orphans.js";

/** The simulator's cache of compiled hook-tool clients: shared between runs on purpose. */
const cacheName = (): string => `relgen-sim-cache-${process.getuid?.() ?? userInfo().uid}`;

/** `relgen-*` entries of the shared temp dir other than caches and other runs' private dirs. */
function relgenEntries(dir: string): Set<string> {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // no temp dir to compare
  }
  return new Set(names.filter((n) => n.startsWith("relgen-") && !n.startsWith("relgen-sim-cache-") && !n.startsWith("relgen-run-")));
}

/** Private dirs of runs that were killed before their teardown (`relgen-run-<pid>-…` of a pid that is gone). */
const removeAbandonedRuns = (shared: string): string[] => removeOrphans(shared, /^relgen-run-(\d+)-/);

export default function setup(): () => void {
  const shared = tmpdir();
  removeAbandonedRuns(shared);
  const sharedBefore = relgenEntries(shared);
  const previous = { TMPDIR: process.env["TMPDIR"], RELGEN_SIM_CACHE: process.env["RELGEN_SIM_CACHE"] };
  const mine = mkdtempSync(join(shared, `relgen-run-${process.pid}-`));
  process.env["TMPDIR"] = mine;
  // Keep using the shared client cache rather than compiling a client into every run's dir.
  process.env["RELGEN_SIM_CACHE"] ??= join(shared, cacheName());

  return () => {
    const left = readdirSync(mine).sort();
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(mine, { recursive: true, force: true });
    const sharedNew = [...relgenEntries(shared)].filter((n) => !sharedBefore.has(n)).sort();
    if (sharedNew.length > 0) {
      console.warn(
        `\nWARNING: new relgen-* entries in ${shared} since the run started (left by hooks, or by another run on this machine):\n` +
          sharedNew.map((n) => `  ${n}\n`).join(""),
      );
    }
    if (left.length > 0) {
      console.error(
        `\n${"=".repeat(72)}\nFAIL: the tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in their temp dir (${mine}, now removed):\n` +
          left.map((n) => `  ${n}\n`).join("") +
          `Every test must remove what it creates (afterAll / finally; test/support/temp.ts does it for you).\n${"=".repeat(72)}\n`,
      );
      process.exitCode = 1;
    }
  };
}
