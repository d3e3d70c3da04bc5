/**
 * What a test file leaves behind, cleaned up after it: `tempDir(prefix)`
 * makes a directory under the OS temp dir that is removed after the file's
 * tests, and `afterFile(fn)` / `afterTest(fn)` queue any other cleanup (a
 * simulator to close) for the end of the file or of the running test.
 *
 * Test files share a worker's modules (vitest runs with `isolate: false`),
 * so this module cannot register hooks of its own: it would do so once, for
 * the first file that imports it. The setup file `per-file.ts`, which vitest
 * runs for every test file, runs the queues instead.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Cleanup = () => void | Promise<void>;
const queues: Record<"file" | "test", Cleanup[]> = { file: [], test: [] };

/** Runs `fn` after the tests of the file that is running. */
export function afterFile(fn: Cleanup): void {
  queues.file.push(fn);
}

/** Runs `fn` after the test that is running (or, when called outside one, after the next test that ends). */
export function afterTest(fn: Cleanup): void {
  queues.test.push(fn);
}

/** Runs and empties a queue, newest first; every cleanup runs even when one throws (the first error is rethrown). */
export async function runCleanups(which: "file" | "test"): Promise<void> {
  let first: unknown;
  for (let fn = queues[which].pop(); fn; fn = queues[which].pop()) {
    try {
      await fn();
    } catch (e) {
      first ??= e;
    }
  }
  if (first !== undefined) throw first;
}

/** A fresh directory `<tmpdir>/<prefix>XXXXXX`, removed after this file's tests. */
export function tempDir(prefix = "relgen-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterFile(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
