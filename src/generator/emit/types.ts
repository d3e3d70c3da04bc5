/**
 * Emitter: TypeScript types of the *decoded* bags, by json-schema-to-typescript.
 * A JSON-encoded key gets the type of its decoded value (a JSON boolean is
 * `boolean`, not `string`); properties use the TypeScript names; no index
 * signature swallows a mistyped key.
 */
import { compile } from "json-schema-to-typescript";
import { allBags, type BagModel, type InterfaceModel, type JsonSchema, type KeyModel } from "../model.js";
import { bagNames, filesOf, header, keyDoc, reservedTypeNames, type GeneratedFile } from "./names.js";
import { docText, lineComment, stringLiteral } from "./templating.js";
import { typeText, TypeTexts } from "./type-texts.js";
import { mapSchema, referencedDefs } from "../schema-walk.js";
import { toPascalCase } from "../naming.js";

type Json = Record<string, unknown>;

/** Doc text of JSDoc blocks: `*\/` would end the comment, so it is written `*\\/`. Examples and defaults are dropped. */
function safeDescriptions(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    for (const k of ["description", "title"]) {
      if (typeof node[k] === "string") node[k] = (node[k] as string).replace(/\*\//g, "*\\/");
    }
    for (const k of ["examples", "default", "$id", "$schema"]) delete node[k];
    return node;
  });
}

/**
 * The definitions the bags use. Each becomes a named type prefixed with the
 * side's type name (`TlsCertificatesProviderCertificate`), so that the two
 * sides of an interface never export the same name; titles inside values are
 * dropped, so nested objects stay inline instead of becoming stray names.
 */
function usedDefs(model: InterfaceModel, bags: readonly BagModel[], names: TypeNames): Json {
  // Secret contents have no definitions of their own: take the side's from any bag that has them.
  const defs = Object.assign({}, ...bags.map((b) => b.defs)) as Json;
  const used = new Set(bags.flatMap((b) => b.keys.flatMap((k) => referencedDefs(k.schema, defs))));
  const taken = reservedTypeNames(model);
  return Object.fromEntries(
    [...used].sort().map((n) => {
      const def = withoutNestedTitles(defs[n]);
      const named = typeof def === "object" && def !== null ? { ...(def as Json), title: names.name(defTypeName(model, n, taken)) } : def;
      return [n, named];
    }),
  );
}

/** The type name of a definition; never one of the names the other emitters use, nor another definition's. */
function defTypeName(model: InterfaceModel, def: string, taken: Set<string>): string {
  const stem = model.typeName + toPascalCase(def);
  let name = taken.has(stem) ? stem + "Def" : stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}Def${n}`;
  taken.add(name);
  return name;
}

/**
 * The names of the generated types are relgen's (see `naming.ts`), never
 * json-schema-to-typescript's: it rewrites every title it is given into a name
 * by rules of its own (`K8sService` would become `K8SService`, and the
 * accessors, which import the bag types by relgen's names, would not find
 * them). So each named schema is given a placeholder its rules leave as it is
 * (letters, then digits, then a capital), and the placeholders are replaced by
 * relgen's names in what it prints.
 */
class TypeNames {
  private readonly byPlaceholder = new Map<string, string>();
  private readonly prefix: string;
  constructor(text: string) {
    let prefix = "RelgenTypeName";
    while (text.includes(prefix)) prefix += "X";
    this.prefix = prefix;
  }
  /** The placeholder that stands for `name` until `apply`. */
  name(name: string): string {
    const placeholder = `${this.prefix}${this.byPlaceholder.size}Z`;
    this.byPlaceholder.set(placeholder, name);
    return placeholder;
  }
  apply(code: string): string {
    return code.replace(new RegExp(`\\b${this.prefix}\\d+Z\\b`, "g"), (p) => this.byPlaceholder.get(p) ?? p);
  }
}

function withoutNestedTitles(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    delete node["title"];
    return node;
  });
}

/**
 * The string values a raw key's schema allows, or "any": a raw key's value is
 * the string on the wire, never `null` nor a number, whatever else the schema
 * allows (it is written for the JSON keys beside it).
 */
function rawStrings(schema: JsonSchema): string[] | "any" {
  if (typeof schema !== "object" || schema === null) return "any";
  const node = schema as Json;
  if (Array.isArray(node["enum"])) return (node["enum"] as unknown[]).filter((v): v is string => typeof v === "string");
  if ("const" in node) return typeof node["const"] === "string" ? [node["const"]] : [];
  for (const combinator of ["anyOf", "oneOf"]) {
    const branches = node[combinator];
    if (!Array.isArray(branches)) continue;
    const each = branches.map((b) => rawStrings(b as JsonSchema));
    return each.includes("any") ? "any" : [...new Set(each.flat())];
  }
  const type = node["type"];
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? type : ["string"];
  return types.includes("string") ? "any" : [];
}

/** The schema a key's TypeScript type is made from: its decoded value's, or a raw key's strings. */
function typeSchema(key: KeyModel): JsonSchema {
  const decoded = withoutNestedTitles(key.schema) as JsonSchema;
  if (key.encoding === "json" || key.forbidden) return decoded;
  const strings = rawStrings(decoded);
  return strings === "any" || strings.length === 0 ? { type: "string" } : { type: "string", enum: strings };
}

/** Whether a schema (or a definition it uses) describes an object with properties of its own. */
function hasNestedObject(bag: BagModel): boolean {
  const schemas = bag.keys.map((k) => k.schema);
  const used = [...new Set(schemas.flatMap((s) => referencedDefs(s, bag.defs)))].map((d) => bag.defs[d]);
  return JSON.stringify([schemas, used]).includes('"properties":');
}

function bagSchema(model: InterfaceModel, bag: BagModel, names: TypeNames): Json {
  // The naming rule (README, "Key names"): a bag's keys are renamed, a nested object's are not.
  const nested = hasNestedObject(bag) ? "; the keys of nested objects are as on the wire" : "";
  const properties: Json = {};
  for (const key of bag.keys) {
    const decoded = typeSchema(key);
    properties[key.ts] = typeof decoded === "boolean" ? decoded : { ...decoded, description: keyDoc(key) };
  }
  const description =
    (bag.description ? bag.description + "\n\n" : "") +
    (bag.scope === "secret"
      ? `Content of a Juju secret of ${model.name} (${model.role} side). Property names are its keys in camelCase${nested}.`
      : `Decoded ${bag.scope} bag of ${model.name} (${model.role} side). Property names are the wire keys in camelCase${nested}.`);
  return {
    title: names.name(bag.typeName),
    description,
    type: "object",
    additionalProperties: false,
    properties,
    required: bag.keys.filter((k) => k.required).map((k) => k.ts),
  };
}

const COMPILE_OPTIONS = {
  bannerComment: "",
  additionalProperties: false,
  strictIndexSignatures: true,
  declareExternallyReferenced: true,
  unreachableDefinitions: false,
  // The pipeline's formatter lays out every generated file, this one too.
  format: false,
  cwd: "/nonexistent-relgen-cwd",
  $refOptions: { resolve: { external: false, file: false, http: false } } as never,
};

/**
 * A bag's decoded values by wire key: what its validator checks, and what
 * the validator's type guard narrows to. Each key has the type it has in the
 * bag's type.
 */
function byWireKeyType(model: InterfaceModel, bag: BagModel, texts: TypeTexts): string {
  const what = bag.scope === "secret" ? "The content of a secret" : `The ${bag.scope} bag`;
  const keys = bag.keys.map((k) => `  ${stringLiteral(k.wire)}${k.required ? "" : "?"}: ${typeText(texts.of(bag, k))};\n`).join("");
  return (
    `/**\n * ${what} of ${docText(lineComment(model.name))} (${docText(lineComment(model.role))} side) as its validator checks it:\n` +
    ` * the decoded values by wire key. Their meanings are those of {@link ${bag.typeName}}.\n */\n` +
    `export interface ${bagNames(model, bag).byWireKeyType} {\n${keys}}\n`
  );
}

/** The types file of a side, and the type of each key as it says it (see `type-texts.ts`). */
export interface EmittedTypes {
  readonly file: GeneratedFile;
  readonly texts: TypeTexts;
}

export async function emitTypes(model: InterfaceModel): Promise<EmittedTypes> {
  const bags = allBags(model);
  const names = new TypeNames(JSON.stringify(model));
  // A secret's content is no member of the bags' data type: it is compiled from a root of its own
  // (json-schema-to-typescript takes one root), unless it uses the side's definitions, which one compile declares.
  const defs = Object.assign({}, ...bags.map((b) => b.defs)) as Json;
  const alone = bags.filter((b) => b.scope === "secret" && b.keys.every((k) => referencedDefs(k.schema, defs).length === 0));
  const inData = bags.filter((b) => !alone.includes(b));
  const root = safeDescriptions({
    title: names.name(`${model.typeName}Data`),
    description: `Both bags of ${model.name} (${model.role} side), decoded.`,
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(inData.map((b) => [b.name, bagSchema(model, b, names)])),
    $defs: usedDefs(model, bags, names),
  }) as Json;
  const compiled = [await compile(root as Parameters<typeof compile>[0], "RelgenTypes", COMPILE_OPTIONS)];
  for (const bag of alone) compiled.push(await compile(safeDescriptions(bagSchema(model, bag, names)) as Parameters<typeof compile>[0], "RelgenTypes", COMPILE_OPTIONS));
  // One blank line between declarations, as a person leaves them (the formatter keeps what it is given).
  const body = names.apply(compiled.join("")).replace(/^}\n(?=\S)/gm, "}\n\n");
  const texts = TypeTexts.read(body, bags);
  const byWireKey = bags.map((b) => byWireKeyType(model, b, texts)).join("\n");
  const content = `// ${lineComment(header(model))}\n//\n// Decoded databag types of ${lineComment(model.name)} (${model.role} side).\n\n${body}\n${byWireKey}`;
  return { file: { path: filesOf(model).types, content }, texts };
}
