/**
 * Emitter: ajv standalone validators of the decoded bags, as an ES module
 * (see `standalone.ts`), plus its declaration file. The decode-then-validate
 * step (ajv only annotates `contentSchema`) is the runtime's `checkBag`; the
 * generated accessors pass it this module's functions.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { _ } from "ajv/dist/compile/codegen/index.js";
import { formats, KNOWN_FORMATS } from "../../runtime/formats.js";
import { allBags, type BagModel, type InterfaceModel } from "../model.js";
import { referencedDefs, withoutAnnotations } from "../schema-walk.js";
import { bagNames, filesOf, header, runtimeImports, sibling, type EmitOptions, type GeneratedFile } from "./names.js";
import { standaloneModule } from "./standalone.js";
import { lineComment, stringLiteral } from "./templating.js";

type Json = Record<string, unknown>;

/**
 * The schema ajv validates: the decoded bag keyed by wire names. `partial`
 * drops `required`, for checking the keys a charm publishes.
 */
export function decodedBagSchema(bag: BagModel, partial = false): Json {
  const properties: Json = {};
  for (const key of bag.keys) properties[key.wire] = withoutAnnotations(key.schema);
  const required = partial ? [] : bag.keys.filter((k) => k.required).map((k) => k.wire);
  const schema: Json = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
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

/**
 * An ajv instance configured like the generated code runs (used by tests
 * too); `useDefaults` fills in defaults as it validates (actions' parameters).
 */
export function createAjv(forStandalone: boolean, schemas: unknown[] = [], useDefaults = false): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    logger: false,
    ...(useDefaults ? { useDefaults: true } : {}),
    ...(forStandalone ? { inlineRefs: false, code: { source: true, esm: true, lines: true, formats: _`__formats` } } : {}),
  });
  for (const name of KNOWN_FORMATS) ajv.addFormat(name, formats[name]!);
  const used = new Set<string>();
  schemas.forEach((s) => collectFormats(s, used));
  for (const name of used) if (!KNOWN_FORMATS.has(name)) ajv.addFormat(name, true);
  return ajv;
}

/**
 * One validator per bag, compiled once: the partial check (the keys given,
 * none required), which a charm's writes use, and the whole check, which is
 * the partial one plus the keys the schema requires (a `$ref` to it, so ajv
 * calls it instead of printing its code again). With no required key, both
 * names are the same function. The declarations type each as a guard of the
 * bag's decoded values by wire key.
 */
export function emitValidators(model: InterfaceModel, options: EmitOptions): GeneratedFile[] {
  const files = filesOf(model);
  const bags = allBags(model);
  const partials = bags.map((b) => decodedBagSchema(b, true));
  const ajv = createAjv(true, partials);
  const exportsMap: Record<string, string> = {};
  // ajv prints a function again for each name it is exported under: a second name is an alias of ours.
  const aliases: string[] = [];
  bags.forEach((bag, i) => {
    const partial = `${bag.name}Partial`;
    ajv.addSchema(partials[i]!, partial);
    exportsMap[partial] = partial;
    const required = bag.keys.filter((k) => k.required).map((k) => k.wire);
    if (required.length === 0) aliases.push(`export const ${bag.name} = ${partial};\n`);
    else {
      ajv.addSchema({ $ref: partial, required }, bag.name);
      exportsMap[bag.name] = bag.name;
    }
  });
  const imports = runtimeImports(options);
  const code = standaloneModule(ajv, exportsMap, imports.formats, model.source) + "\n" + aliases.join("");
  const banner = `// ${lineComment(header(model))}\n//\n// ajv standalone validators of the decoded bags of ${lineComment(model.name)} (${model.role} side).\n`;
  const what = (b: BagModel): string => (b.scope === "secret" ? "secret content" : `${b.scope} bag`);
  const dts =
    `// ${lineComment(header(model))}\n\n` +
    `import type { Validator } from ${stringLiteral(imports.runtime)};\n` +
    `import type { ${bags.map((b) => bagNames(model, b).byWireKeyType).join(", ")} } from ${stringLiteral(sibling(files.types))};\n\n` +
    bags
      .map((b) => {
        const type = bagNames(model, b).byWireKeyType;
        return (
          `/** Checks a decoded ${what(b)}, keyed by wire names, against the schema. */\nexport declare const ${b.name}: Validator<${type}>;\n` +
          `/** Checks the keys given of a decoded ${what(b)}, none of them required (what a charm publishes). */\nexport declare const ${b.name}Partial: Validator<Partial<${type}>>;\n`
        );
      })
      .join("\n");
  return [
    { path: files.validate, content: `${banner}${code}\n` },
    { path: files.validateDts, content: bags.length === 0 ? `// ${lineComment(header(model))}\n\nexport {};\n` : dts },
  ];
}
