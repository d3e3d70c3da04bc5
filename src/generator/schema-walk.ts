/**
 * A schema-aware copy: visits every subschema (and only subschemas — a
 * property *named* `description` or `examples` is data, not an annotation),
 * letting the caller rewrite each schema object's own keywords.
 */
import { unescapePointerToken } from "./json-pointer.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const SCHEMA_VALUES = new Set([
  "items", "additionalItems", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
  "propertyNames", "not", "if", "then", "else", "contentSchema",
]);
const SCHEMA_ARRAYS = new Set(["anyOf", "oneOf", "allOf", "prefixItems"]);

/**
 * Returns a copy of `schema` in which every schema object was passed through
 * `rewrite` (which gets a shallow copy and returns the keywords to keep).
 */
export function mapSchema(schema: unknown, rewrite: (node: Json) => Json): unknown {
  if (!isObject(schema)) return schema;
  const node = rewrite({ ...schema });
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(k) && isObject(v)) {
      const m: Json = {};
      for (const [name, sub] of Object.entries(v)) m[name] = mapSchema(sub, rewrite);
      out[k] = m;
    } else if (SCHEMA_VALUES.has(k)) {
      out[k] = Array.isArray(v) ? v.map((s) => mapSchema(s, rewrite)) : mapSchema(v, rewrite);
    } else if (SCHEMA_ARRAYS.has(k) && Array.isArray(v)) {
      out[k] = v.map((s) => mapSchema(s, rewrite));
    } else {
      out[k] = v;
    }
  }
  return out;
}

const ANNOTATIONS = ["title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly", "$schema", "$id"];

/** Drops annotation keywords that do not affect validation. */
export function withoutAnnotations(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    for (const k of ANNOTATIONS) delete node[k];
    return node;
  });
}

/**
 * The names of `#/$defs/...` definitions that `schema` refers to, followed
 * transitively through `defs`. A reference into a definition
 * (`#/$defs/s3-provider/properties/bucket`, as an inlined document's are) uses
 * the whole definition.
 */
export function referencedDefs(schema: unknown, defs: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const visit = (s: unknown): void => {
    mapSchema(s, (node) => {
      const ref = node["$ref"];
      if (typeof ref === "string" && ref.startsWith("#/$defs/")) {
        const name = unescapePointerToken(ref.slice("#/$defs/".length).split("/")[0]!);
        if (!found.has(name) && Object.prototype.hasOwnProperty.call(defs, name)) {
          found.add(name);
          visit(defs[name]);
        }
      }
      return node;
    });
  };
  visit(schema);
  return [...found].sort();
}
