/**
 * The one Juju is language-neutral: src/juju imports nothing of relgen's
 * runtime (nor of the generator, the drivers or the CLI), only itself,
 * src/common (what the runtime and Juju share, importing nothing), Node's
 * modules and npm packages. Read from the sources' import graph.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Every module a file imports or re-exports, statically or dynamically, type-only imports included. */
function importsOf(file: string): string[] {
  return importsIn(readFileSync(file, "utf8"));
}

function importsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** Where an import of `file` leads: a folder of src/ (`juju`, `runtime`...), or `node:`/`npm` for what is not ours. */
function area(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier.startsWith("node:") ? "node:" : "npm";
  return relative(SRC, resolve(dirname(file), specifier)).split("/")[0]!;
}

describe("the import graph", () => {
  it("src/juju imports only itself, src/common, Node and npm packages", () => {
    const files = sources(join(SRC, "juju"));
    expect(files.length).toBeGreaterThan(20);
    const edges = files.flatMap((file) => importsOf(file).map((spec) => ({ from: relative(SRC, file), spec, to: area(file, spec) })));
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.filter((e) => !["juju", "common", "node:", "npm"].includes(e.to))).toEqual([]);
    // The reader sees what it should: the graph has both kinds of edge this test allows.
    expect(edges.some((e) => e.to === "common")).toBe(true);
  });

  it("src/common imports nothing of ours", () => {
    const edges = sources(join(SRC, "common")).flatMap((file) => importsOf(file).map((spec) => area(file, spec)));
    expect(edges.filter((to) => to !== "node:" && to !== "npm" && to !== "common")).toEqual([]);
  });

  it("finds imports of every form (the reader itself)", () => {
    const probe = join(SRC, "juju", "probe.ts");
    const text = `import type { A } from "../runtime/a.js";\nexport { b } from "../runtime/b.js";\nconst c = await import("../runtime/c.js");\nimport "../runtime/d.js";\nimport {\n  e,\n} from "../runtime/e.js";`;
    expect(importsIn(text).map((s) => area(probe, s))).toEqual(["runtime", "runtime", "runtime", "runtime", "runtime"]);
  });
});
