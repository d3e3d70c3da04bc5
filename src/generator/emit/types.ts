/**
 * Emitter: TypeScript types of the *decoded* bags, by json-schema-to-typescript.
 * A JSON-encoded key gets the type of its decoded value (a JSON boolean is
 * `boolean`, not `string`); properties use the TypeScript names; no index
 * signature swallows a mistyped key.
 */
import { compile } from "json-schema-to-typescript";
import { allBags, type BagModel, type InterfaceModel, type JsonSchema } from "../model.js";
import { filesOf, header, keyDoc, reservedTypeNames, type GeneratedFile } from "./names.js";
import { lineComment } from "./templating.js";
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
function usedDefs(model: InterfaceModel, bags: readonly BagModel[]): Json {
  // Secret contents have no definitions of their own: take the side's from any bag that has them.
  const defs = Object.assign({}, ...bags.map((b) => b.defs)) as Json;
  const names = new Set(bags.flatMap((b) => b.keys.flatMap((k) => referencedDefs(k.schema, defs))));
  return Object.fromEntries(
    [...names].sort().map((n) => {
      const def = withoutNestedTitles(defs[n]);
      const named = typeof def === "object" && def !== null ? { ...(def as Json), title: defTypeName(model, n) } : def;
      return [n, named];
    }),
  );
}

/** The type name of a definition; never one of the names the other emitters use. */
function defTypeName(model: InterfaceModel, def: string): string {
  const name = model.typeName + toPascalCase(def);
  return reservedTypeNames(model).has(name) ? name + "Def" : name;
}

function withoutNestedTitles(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    delete node["title"];
    return node;
  });
}

function bagSchema(model: InterfaceModel, bag: BagModel): Json {
  const properties: Json = {};
  for (const key of bag.keys) {
    const decoded = withoutNestedTitles(key.schema) as JsonSchema;
    properties[key.ts] = typeof decoded === "boolean" ? decoded : { ...decoded, description: keyDoc(key) };
  }
  const description =
    (bag.description ? bag.description + "\n\n" : "") +
    (bag.scope === "secret"
      ? `Content of a Juju secret of ${model.name} (${model.role} side). Property names are its keys in camelCase.`
      : `Decoded ${bag.scope} bag of ${model.name} (${model.role} side). Property names are the wire keys in camelCase.`);
  return {
    title: bag.typeName,
    description,
    type: "object",
    additionalProperties: false,
    properties,
    required: bag.keys.filter((k) => k.required).map((k) => k.ts),
  };
}

export async function emitTypes(model: InterfaceModel): Promise<GeneratedFile> {
  const bags = allBags(model);
  const root = safeDescriptions({
    title: `${model.typeName}Data`,
    description: `Both bags of ${model.name} (${model.role} side), decoded.`,
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(bags.map((b) => [b.name, bagSchema(model, b)])),
    $defs: usedDefs(model, bags),
  }) as Json;
  const body = await compile(root as Parameters<typeof compile>[0], `${model.typeName}Data`, {
    bannerComment: "",
    additionalProperties: false,
    strictIndexSignatures: true,
    declareExternallyReferenced: true,
    unreachableDefinitions: false,
    format: true,
    style: { singleQuote: false, printWidth: 120 },
    cwd: "/nonexistent-relgen-cwd",
    $refOptions: { resolve: { external: false, file: false, http: false } } as never,
  });
  const content = `// ${lineComment(header(model))}\n//\n// Decoded databag types of ${lineComment(model.name)} (${model.role} side).\n\n${body}`;
  return { path: filesOf(model).types, content };
}
