/**
 * Temp dirs owned by one test file: `tempDir(prefix)` makes one under the OS
 * temp dir, and they are all removed after the file's tests (the afterAll is
 * registered when a test file imports this module).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const owned: string[] = [];

afterAll(() => {
  for (const dir of owned.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory `<tmpdir>/<prefix>XXXXXX`, removed after this file's tests. */
export function tempDir(prefix = "relgen-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  owned.push(dir);
  return dir;
}
