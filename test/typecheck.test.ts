/**
 * The whole project — generator, runtime, generated bindings, examples and
 * tests (including the @ts-expect-error checks of the typed API) — type-checks
 * under tsc --noEmit with strict settings.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";

it("tsc --noEmit -p tsconfig.json reports nothing", () => {
  const root = join(import.meta.dirname, "..");
  let output = "";
  try {
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", join(root, "tsconfig.json")], { encoding: "utf8", cwd: root });
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(output).toBe("");
}, 120_000);
