/**
 * The registry's real schemas (read in place from ../shared/corpus): every one
 * becomes an interface model, and all of them together generate bindings that
 * type-check. Known defects of the corpus come out as warnings, not crashes.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildModels, generate } from "../../src/generator/pipeline.js";

const corpus = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
const present = existsSync(corpus);
if (!present) console.warn(`corpus tests skipped: ${corpus} is absent`);

function schemas(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...schemas(path));
    else if (name.endsWith(".json") && name !== "README.json") out.push(path);
  }
  return out;
}

describe.skipIf(!present)("registry corpus", () => {
  const files = present ? schemas(corpus) : [];

  it("holds schemas", () => expect(files.length).toBeGreaterThan(50));

  it("reads most sides with at least one bag (some sides publish nothing)", () => {
    const models = buildModels(files, corpus);
    const withBags = models.filter((m) => m.unit !== null || m.app !== null);
    expect(withBags.length).toBeGreaterThan(models.length * 0.7);
  });

  it.each(files.map((f) => [f.slice(corpus.length + 1), f]))("%s normalizes into a model", (_name, file) => {
    const [model] = buildModels([file], corpus);
    expect(model).toBeDefined();
    expect(model!.source).toBe(file.slice(corpus.length + 1));
    for (const bag of [model!.unit, model!.app]) for (const key of bag?.keys ?? []) expect(key.ts).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it("reports the known defects as warnings", () => {
    const [etcd] = buildModels([join(corpus, "charm-relation-interfaces", "etcd_client", "v0", "provider.json")], corpus);
    expect(etcd!.warnings.join("\n")).toMatch(/beside unit\/app is not a bag/);
    const [legacy] = buildModels([join(corpus, "charm-relation-interfaces-legacy", "jwt", "v0", "provider.json")], corpus);
    expect(legacy!.warnings.join("\n")).toMatch(/no unit\/app envelope/);
    expect(legacy!.app!.keys.map((k) => k.wire)).toContain("signing-key");
  });

  it("generates type-checked bindings for every interface at once", async () => {
    const result = await generate({ schemas: files, outDir: join(import.meta.dirname, "..", "..", ".test-output", "corpus"), baseDir: corpus });
    expect(result.interfaces.length).toBeGreaterThan(30);
    expect(result.files.some((f) => f.content.includes("require("))).toBe(false);
  });
});
