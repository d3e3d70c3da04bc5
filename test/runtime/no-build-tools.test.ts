/**
 * The runtime and the generated bindings import nothing but themselves,
 * Node's built-ins and ajv-formats' format definitions (plain regular
 * expressions, no ajv), so a hook never loads a build-time tool (ajv,
 * handlebars, ts-morph, json-schema-to-typescript, TypeScript) and starts
 * fast. A charm's bundled hook program proves it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/g;
/** The one third-party module the runtime may import. */
const ALLOWED = new Set(["ajv-formats/dist/formats.js"]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

it("src/runtime and generated/ import only relative modules, node: built-ins and ajv-formats' definitions", () => {
  const offenders: string[] = [];
  const files = [...sources(join(root, "src", "runtime")), ...sources(join(root, "generated"))];
  expect(files.length).toBeGreaterThan(20);
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith(".") && !spec.startsWith("node:") && !ALLOWED.has(spec)) offenders.push(`${file.slice(root.length + 1)}: ${spec}`);
      if (spec.startsWith(".") && /\/(generator|cli|sim|juju|testing)\//.test(spec)) offenders.push(`${file.slice(root.length + 1)}: ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
});

it("a charm's bundled hook holds the runtime and its bindings, and no build-time tool", async () => {
  const result = await build({
    entryPoints: [join(root, "examples", "webapp", "src", "hook.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = [...new Set(inputs.filter((i) => i.includes("node_modules/")).map((i) => i.slice(i.lastIndexOf("node_modules/") + 13)))];
  expect(packages).toEqual(["ajv-formats/dist/formats.js"]);
  expect(inputs.some((i) => i.startsWith("src/runtime/"))).toBe(true);
  expect(inputs.some((i) => i.startsWith("generated/mysql_client/"))).toBe(true);
  expect(inputs.filter((i) => /^src\/(generator|cli|sim|juju|testing)\//.test(i))).toEqual([]);
});
