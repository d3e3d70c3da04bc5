/**
 * A short, readable type of a key from its (decoded) schema, as Markdown for
 * a table cell: `string`, `integer`, `boolean`, one of enum values, `array of
 * X`, `object`, `X or Y`. It describes, it does not validate: keywords that
 * only narrow a type (lengths, patterns, bounds) are left out, a format is
 * named. Local `$ref`s are followed (to a bounded depth) through the bag's
 * definitions; whatever cannot be followed is shown by its name.
 */
import type { JsonSchema } from "../generator/model.js";
import { code, prose, type Md } from "./markdown.js";

type Json = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const MAX_DEPTH = 4;
const MAX_VALUES = 12;

function defName(ref: string): string | null {
  const m = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  return m ? m[1]!.replace(/~1/g, "/").replace(/~0/g, "~") : null;
}

function literal(value: unknown): Md {
  return code(typeof value === "string" ? value : JSON.stringify(value) ?? String(value), true);
}

function describe(schema: unknown, defs: Readonly<Record<string, JsonSchema>>, depth: number, dropNull: boolean): Md {
  if (schema === true || (isObject(schema) && Object.keys(schema).every((k) => ANNOTATION.has(k)))) return "any";
  if (schema === false) return "never (must be absent)";
  if (!isObject(schema)) return "any";
  if (depth > MAX_DEPTH) return typeof schema["title"] === "string" ? prose(schema["title"]) : "…";
  const sub = (s: unknown, drop = false): Md => describe(s, defs, depth + 1, drop);

  const ref = schema["$ref"];
  if (typeof ref === "string") {
    const name = defName(ref);
    const target = name !== null ? defs[name] : undefined;
    return target === undefined ? prose(name ?? ref) : sub(target, dropNull);
  }
  if ("const" in schema) return `constant ${literal(schema["const"])}`;
  if (Array.isArray(schema["enum"])) {
    const values = schema["enum"] as unknown[];
    const shown = values.slice(0, MAX_VALUES).map(literal).join(", ");
    return `one of ${shown}${values.length > MAX_VALUES ? `, … (${values.length} values)` : ""}`;
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const kept = dropNull ? branches.filter((b) => !(isObject(b) && b["type"] === "null")) : branches;
    const own = ownType(schema, sub);
    // `{type: string, anyOf: [formats]}`: the branches only narrow the type.
    if (own && kept.every((b) => isObject(b) && (b["type"] === undefined || b["type"] === schema["type"]))) return own;
    const names = [...new Set(kept.map((b) => sub(b)))];
    return names.length === 0 ? "any" : names.join(" or ");
  }
  if (Array.isArray(schema["allOf"]) && schema["allOf"].length > 0 && schema["type"] === undefined) return sub(schema["allOf"][0], dropNull);
  return ownType(schema, sub) ?? "any";
}

const ANNOTATION = new Set(["title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly", "$schema", "$id"]);

/** The type the schema's own `type` keyword says (with items and format), or null without one. */
function ownType(schema: Json, sub: (s: unknown) => Md): Md | null {
  const type = schema["type"];
  const one = (t: unknown): Md => {
    if (t === "array") {
      const items = schema["items"];
      return items === undefined || items === true ? "array" : `array of ${sub(items)}`;
    }
    if (t === "object") {
      const extra = schema["additionalProperties"];
      return isObject(schema["properties"]) || extra === undefined || extra === false || extra === true ? "object" : `object of ${sub(extra)}`;
    }
    if (t === "string" && typeof schema["format"] === "string") return `string (${prose(schema["format"])})`;
    return typeof t === "string" ? prose(t) : "any";
  };
  if (Array.isArray(type)) return [...new Set(type.map(one))].join(" or ");
  return type === undefined ? null : one(type);
}

/**
 * The type of a key's value, as Markdown for a table cell. A raw key is a
 * string on the wire, where `null` means absent: its `null` branch is not
 * shown. `defs` are the definitions of the key's bag.
 */
export function typeText(schema: JsonSchema, defs: Readonly<Record<string, JsonSchema>>, encoding: "json" | "raw"): Md {
  return describe(schema, defs, 0, encoding === "raw");
}
