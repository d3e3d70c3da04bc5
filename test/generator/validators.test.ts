/**
 * The generated validators against an independent reference: ajv compiling
 * the same bag schema at run time, whole and partial. The generated module
 * holds each bag's check once (the partial one, which the whole one calls
 * with the required keys); whatever the composition, on every input both say
 * what the reference says, with the same errors (instance path and keyword).
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { allBags, type BagModel, type InterfaceModel } from "../../src/generator/model.js";
import { buildModels } from "../../src/generator/pipeline.js";
import { createAjv, decodedBagSchema } from "../../src/generator/emit/validators.js";
import { filesOf } from "../../src/generator/emit/names.js";
import type { StandaloneValidator } from "../../src/runtime/index.js";

const root = join(import.meta.dirname, "..", "..");
const SOURCES: readonly { schemas: string[]; generated: string }[] = [
  { schemas: ["schema/mysql-innodb-cluster/v0/peers.json"], generated: "generated" },
  { schemas: ["schema/mysql_client/v0/provider.json", "schema/mysql_client/v0/requirer.json"], generated: "generated" },
  { schemas: ["test/golden/schema/widget/v1/provider.json", "test/golden/schema/widget/v1/requirer.json"], generated: "test/golden/expected" },
];

type Json = Record<string, unknown>;

/** Values a schema mentions (enum, const, examples, defaults), anywhere in it: the inputs most likely to be valid. */
function mentioned(schema: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(schema)) schema.forEach((s) => mentioned(s, into));
  else if (typeof schema === "object" && schema !== null) {
    const node = schema as Json;
    if (Array.isArray(node["enum"])) into.push(...(node["enum"] as unknown[]));
    if ("const" in node) into.push(node["const"]);
    if (Array.isArray(node["examples"])) into.push(...(node["examples"] as unknown[]));
    if ("default" in node) into.push(node["default"]);
    Object.values(node).forEach((v) => mentioned(v, into));
  }
  return into;
}

/** A decoded bag by wire key: each key absent, a value its schema mentions, or anything JSON. */
function decodedBag(bag: BagModel): fc.Arbitrary<Json> {
  const plausible = ["10.0.0.1", "host.example", "::1", "mysql://u@h/db", "true", "", "x".repeat(300), 0, 1, -1, 3306, true, false, null, [], {}, ["a"], [{}]];
  const value = (schema: unknown): fc.Arbitrary<unknown> => {
    const known = [...mentioned(schema), ...plausible];
    return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.array(fc.constantFrom(...known), { maxLength: 3 }) });
  };
  return fc.record(Object.fromEntries(bag.keys.map((k) => [k.wire, value(k.schema)])), { requiredKeys: [] });
}

const errorsOf = (v: StandaloneValidator): string[] => (v.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`).sort();

async function load(source: (typeof SOURCES)[number]): Promise<{ model: InterfaceModel; module: Record<string, StandaloneValidator> }[]> {
  const models = buildModels(source.schemas.map((s) => join(root, s)), root);
  return Promise.all(
    models.map(async (model) => ({ model, module: (await import(pathToFileURL(join(root, source.generated, filesOf(model).validate)).href)) as Record<string, StandaloneValidator> })),
  );
}

describe("generated validators, against ajv compiling the same schema at run time", () => {
  it.each(SOURCES.map((s) => [s.schemas[0]!, s] as const))("%s: whole and partial agree on every input, errors too", async (_, source) => {
    let valid = 0;
    let invalid = 0;
    for (const { model, module } of await load(source)) {
      for (const bag of allBags(model)) {
        const ajv = createAjv(false, [decodedBagSchema(bag)]);
        const reference = { whole: ajv.compile(decodedBagSchema(bag)), partial: ajv.compile(decodedBagSchema(bag, true)) };
        const generated = { whole: module[bag.name]!, partial: module[`${bag.name}Partial`]! };
        expect(typeof generated.whole, `${model.source} ${bag.name}`).toBe("function");
        fc.assert(
          fc.property(decodedBag(bag), (doc) => {
            for (const which of ["whole", "partial"] as const) {
              const ok = reference[which](doc);
              expect(generated[which](doc), `${bag.name} ${which} ${JSON.stringify(doc)}`).toBe(ok);
              expect(errorsOf(generated[which]), `${bag.name} ${which}`).toEqual(errorsOf(reference[which] as StandaloneValidator));
              if (which === "whole") ok ? valid++ : invalid++;
            }
          }),
          { numRuns: 150, seed: 2312 },
        );
      }
    }
    // The inputs reach both answers.
    expect(valid).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });

  it("each bag's check is printed once: the whole check calls the partial one, or is the same function", async () => {
    let composed = 0;
    for (const source of SOURCES) {
      for (const { model } of await load(source)) {
        const code = readFileSync(join(root, source.generated, filesOf(model).validate), "utf8");
        const bodies = new Map([...code.matchAll(/^function (\w+)\([^]*?^}$/gm)].map((m) => [m[1]!, m[0]]));
        const target = (name: string): string => {
          const alias = new RegExp(`^export const ${name} = (\\w+);$`, "m").exec(code)?.[1];
          if (!alias) throw new Error(`${name} is not exported`);
          return bodies.has(alias) ? alias : target(alias);
        };
        for (const bag of allBags(model)) {
          const [whole, partial] = [target(bag.name), target(`${bag.name}Partial`)];
          if (whole === partial) continue;
          composed++;
          const body = bodies.get(whole)!;
          expect(body, `${model.source} ${bag.name}`).toContain(`${partial}(data`);
          expect(body, `${model.source} ${bag.name}`).not.toMatch(/schemaPath: "#\/properties\//);
        }
      }
    }
    expect(composed).toBeGreaterThan(0);
  });
});
