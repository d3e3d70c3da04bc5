/**
 * The TypeScript type a person would write for a value a charm publishes:
 * `string`, `"active" | "standby"`, `number[]`, `string | null`. Simple
 * schemas print as such; anything richer (objects, references) is named
 * through the generated bag type (`WidgetProviderApp["endpoints"]`), which
 * json-schema-to-typescript made from the same schema.
 */
import type { JsonSchema, KeyModel } from "../model.js";
import { stringLiteral } from "./templating.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const PRIMITIVE: Record<string, string> = { string: "string", integer: "number", number: "number", boolean: "boolean", null: "null" };
const ANNOTATIONS = new Set(["title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "contentMediaType", "contentEncoding"]);

function literal(value: unknown): string | null {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean" || value === null) return String(value);
  return null;
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  return unique.includes("unknown") ? "unknown" : unique.join(" | ");
}

/** A type expression for `schema`, or null when it is not simple enough to print. */
export function simpleType(schema: JsonSchema): string | null {
  if (schema === true) return "unknown";
  if (schema === false || !isObject(schema)) return null;
  const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k));
  if (keys.length === 0) return "unknown";
  if ("const" in schema) return keys.length === 1 || (keys.length === 2 && "type" in schema) ? literal(schema["const"]) : null;
  if (Array.isArray(schema["enum"])) {
    const literals = (schema["enum"] as unknown[]).map(literal);
    return literals.every((l): l is string => l !== null) && literals.length > 0 ? union(literals) : null;
  }
  for (const combinator of ["anyOf", "oneOf"]) {
    const branches = schema[combinator];
    if (Array.isArray(branches) && keys.length === 1) {
      const types = branches.map((b) => simpleType(b as JsonSchema));
      return types.every((t): t is string => t !== null) ? union(types) : null;
    }
  }
  const type = schema["type"];
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? (type as unknown[]) : null;
  if (!types || !types.every((t) => typeof t === "string")) return null;
  const parts: string[] = [];
  for (const t of types as string[]) {
    if (PRIMITIVE[t]) parts.push(PRIMITIVE[t]);
    else if (t === "array") {
      const items = schema["items"] === undefined ? "unknown" : simpleType(schema["items"] as JsonSchema);
      if (items === null || keys.some((k) => k !== "type" && k !== "items")) return null;
      parts.push(items.includes(" ") ? `(${items})[]` : `${items}[]`);
    } else return null;
  }
  if (keys.some((k) => k !== "type" && k !== "items")) return null;
  return union(parts);
}

const allowsNull = (schema: JsonSchema): boolean => {
  const t = simpleType(schema);
  return t === "unknown" || (t !== null && t.split(" | ").includes("null"));
};

/**
 * The type a setter parameter or a publish value takes for `key` of the bag
 * whose generated type is `bagType`. An optional JSON key also takes `null`
 * (published as `null`, which readers take as unset); a required one only when
 * its schema allows null.
 */
export function valueType(key: KeyModel, bagType: string): string {
  if (key.forbidden) return "never";
  if (key.encoding === "raw") return "string";
  const simple = simpleType(key.schema);
  const base = simple ?? `NonNullable<${bagType}[${stringLiteral(key.ts)}]>`;
  const nullable = !key.required || allowsNull(key.schema);
  if (!nullable || base === "unknown" || base.split(" | ").includes("null")) return base;
  return `${base} | null`;
}
