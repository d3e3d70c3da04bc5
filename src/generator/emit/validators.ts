/**
 * Emitter: ajv standalone validators of the decoded bags, as an ES module with
 * no `require(` left in it, plus its declaration file. The decode-then-validate
 * step (ajv only annotates `contentSchema`) is the runtime's `checkBag`; the
 * generated accessors pass it this module's functions.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { _ } from "ajv/dist/compile/codegen/index.js";
import { formats, KNOWN_FORMATS } from "../../runtime/formats.js";
import { allBags, type BagModel, type InterfaceModel } from "../model.js";
import { referencedDefs, withoutAnnotations } from "../schema-walk.js";
import { filesOf, header, runtimeImports, type EmitOptions, type GeneratedFile } from "./names.js";
import { lineComment, stringLiteral } from "./templating.js";

type StandaloneFn = (ajv: Ajv2020, exports: Record<string, string>) => string;
// ajv ships CommonJS: depending on the loader the function is the module or its `default`.
const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as StandaloneFn;

type Json = Record<string, unknown>;

/** ajv's run-time helpers and the runtime functions that replace them. */
const RUNTIME_HELPERS: Record<string, string> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
};

/**
 * The schema ajv validates: the decoded bag keyed by wire names. `partial`
 * drops `required`, for checking the keys a charm publishes.
 */
export function decodedBagSchema(bag: BagModel, partial = false): Json {
  const properties: Json = {};
  for (const key of bag.keys) properties[key.wire] = withoutAnnotations(key.schema);
  const schema: Json = { type: "object", properties, required: partial ? [] : bag.keys.filter((k) => k.required).map((k) => k.wire) };
  const used = referencedDefs(schema, bag.defs);
  if (used.length > 0) schema["$defs"] = Object.fromEntries(used.map((name) => [name, withoutAnnotations(bag.defs[name])]));
  return schema;
}

function collectFormats(schema: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => collectFormats(s, into));
  else if (typeof schema === "object" && schema !== null) {
    const f = (schema as Json)["format"];
    if (typeof f === "string") into.add(f);
    Object.values(schema).forEach((v) => collectFormats(v, into));
  }
  return into;
}

/** An ajv instance configured like the generated code runs (used by tests too). */
export function createAjv(forStandalone: boolean, schemas: unknown[] = []): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    logger: false,
    ...(forStandalone ? { code: { source: true, esm: true, lines: true, formats: _`__formats` } } : {}),
  });
  for (const name of KNOWN_FORMATS) ajv.addFormat(name, formats[name]!);
  const used = new Set<string>();
  schemas.forEach((s) => collectFormats(s, used));
  for (const name of used) if (!KNOWN_FORMATS.has(name)) ajv.addFormat(name, true);
  return ajv;
}

export function emitValidators(model: InterfaceModel, options: EmitOptions): GeneratedFile[] {
  const files = filesOf(model);
  const bags = allBags(model);
  const schemas = bags.map((b) => decodedBagSchema(b));
  const ajv = createAjv(true, schemas);
  const exportsMap: Record<string, string> = {};
  bags.forEach((bag, i) => {
    ajv.addSchema(schemas[i]!, bag.name);
    exportsMap[bag.name] = bag.name;
    ajv.addSchema(decodedBagSchema(bag, true), `${bag.name}Partial`);
    exportsMap[`${bag.name}Partial`] = `${bag.name}Partial`;
  });
  let code = bags.length === 0 ? "" : standaloneCode(ajv, exportsMap);
  code = code.replace(/^"use strict";/, "");
  const helpers = new Set<string>();
  for (const [from, to] of Object.entries(RUNTIME_HELPERS)) {
    if (code.includes(from)) {
      code = code.split(from).join(to);
      helpers.add(to);
    }
  }
  const usesFormats = code.includes("__formats");
  if (usesFormats) helpers.add("formats as __formats");
  if (code.includes("require(")) {
    throw new Error(`${model.source}: ajv produced a require() that relgen cannot replace; please report the schema`);
  }
  const imports = runtimeImports(options);
  const importLine = helpers.size > 0 ? `import { ${[...helpers].sort().join(", ")} } from ${stringLiteral(imports.formats)};\n` : "";
  const banner = `// ${lineComment(header(model))}\n//\n// ajv standalone validators of the decoded bags of ${lineComment(model.name)} (${model.role} side).\n`;
  const js = `${banner}${importLine}${code}\n`;
  const dts =
    `// ${lineComment(header(model))}\n\n` +
    `import type { StandaloneValidator } from ${stringLiteral(imports.runtime)};\n\n` +
    bags
      .map(
        (b) =>
          `/** Validates a decoded ${b.scope === "secret" ? "secret content" : `${b.scope} bag`} (keys are wire names). */\nexport declare const ${b.name}: StandaloneValidator;\n` +
          `/** Validates the keys given of a decoded ${b.scope === "secret" ? "secret content" : `${b.scope} bag`}, none required (for publishing). */\nexport declare const ${b.name}Partial: StandaloneValidator;\n`,
      )
      .join("\n");
  return [
    { path: files.validate, content: js },
    { path: files.validateDts, content: dts },
  ];
}
