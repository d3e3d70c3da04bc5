/**
 * The runtime and the generated bindings import nothing but themselves and
 * Node's built-ins, so a hook never loads a build-time tool (ajv, handlebars,
 * ts-morph, json-schema-to-typescript) and starts fast.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

it("src/runtime and generated/ import only relative modules and node: built-ins", () => {
  const offenders: string[] = [];
  const files = [...sources(join(root, "src", "runtime")), ...sources(join(root, "generated"))];
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith(".") && !spec.startsWith("node:")) offenders.push(`${file.slice(root.length + 1)}: ${spec}`);
      if (spec.startsWith(".") && /\/(generator|cli|sim)\//.test(spec)) offenders.push(`${file.slice(root.length + 1)}: ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
});
