/**
 * Values for a JSON Schema, as fast-check arbitraries: what the interface
 * tester publishes as the other side. The subset the schema dialect uses:
 * `$ref` (into the bag's `$defs`), `const`, `enum`, `examples` (tried often),
 * `anyOf`/`oneOf`, `type` (string with min/maxLength, `pattern` and the
 * known formats; integer and number with bounds; boolean; null; array with
 * `items` and min/maxItems; object with `properties` and `required`). What
 * it cannot aim at exactly is filtered by the bag's own validator afterwards:
 * the generator proposes, the schema decides.
 */
import fc from "fast-check";

type Schema = Readonly<Record<string, unknown>> | boolean;
const isObject = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v);

const FORMATS: Readonly<Record<string, fc.Arbitrary<string>>> = {
  hostname: fc.domain(),
  "idn-hostname": fc.domain(),
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  uri: fc.webUrl(),
  "uri-reference": fc.webUrl(),
  email: fc.emailAddress(),
  uuid: fc.uuid(),
  "date-time": fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString()),
};

/** An arbitrary of values for `schema`, resolving `#/$defs/...` in `defs`. */
export function schemaArbitrary(schema: Schema, defs: Readonly<Record<string, unknown>>, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true || depth > 6) return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  if (schema === false || !isObject(schema)) return fc.constant(null);
  const ref = schema["$ref"];
  if (typeof ref === "string") {
    const target = ref.startsWith("#/$defs/") ? defs[decodeURIComponent(ref.slice(8)).replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    return schemaArbitrary((target as Schema | undefined) ?? true, defs, depth + 1);
  }
  const own = typed(schema, defs, depth);
  const examples = Array.isArray(schema["examples"]) ? (schema["examples"] as unknown[]) : [];
  return examples.length > 0 ? fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...examples) }, { weight: 2, arbitrary: own }) : own;
}

function typed(schema: Readonly<Record<string, unknown>>, defs: Readonly<Record<string, unknown>>, depth: number): fc.Arbitrary<unknown> {
  if ("const" in schema) return fc.constant(schema["const"]);
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) return fc.constantFrom(...(schema["enum"] as unknown[]));
  const choices = (schema["anyOf"] ?? schema["oneOf"]) as Schema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) return fc.oneof(...choices.map((c) => schemaArbitrary(c, defs, depth + 1)));
  const types = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : typeof schema["type"] === "string" ? [schema["type"] as string] : ["string"];
  return fc.oneof(...types.map((t) => ofType(t, schema, defs, depth)));
}

function ofType(type: string, s: Readonly<Record<string, unknown>>, defs: Readonly<Record<string, unknown>>, depth: number): fc.Arbitrary<unknown> {
  const num = (k: string): number | undefined => (typeof s[k] === "number" ? (s[k] as number) : undefined);
  switch (type) {
    case "string": {
      const format = typeof s["format"] === "string" ? FORMATS[s["format"] as string] : undefined;
      if (format) return format;
      if (typeof s["pattern"] === "string") {
        try {
          return fc.stringMatching(new RegExp(s["pattern"] as string, "u"));
        } catch {
          /* a pattern JavaScript cannot compile: fall back to plain strings */
        }
      }
      return fc.string({ minLength: num("minLength") ?? 0, maxLength: Math.max(num("minLength") ?? 0, Math.min(num("maxLength") ?? 24, 64)) });
    }
    case "integer":
      return fc.integer({ min: Math.ceil(num("minimum") ?? -1e6), max: Math.floor(num("maximum") ?? 1e6) });
    case "number":
      return fc.double({ min: num("minimum") ?? -1e6, max: num("maximum") ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schemaArbitrary((s["items"] as Schema | undefined) ?? true, defs, depth + 1), { minLength: num("minItems") ?? 0, maxLength: Math.min(num("maxItems") ?? 4, 8) });
    case "object": {
      const props = isObject(s["properties"]) ? (s["properties"] as Record<string, Schema>) : {};
      const required = Array.isArray(s["required"]) ? (s["required"] as string[]) : [];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) record[k] = schemaArbitrary(v, defs, depth + 1);
      return fc.record(record, { requiredKeys: required.filter((k) => k in record) });
    }
    default:
      return fc.constant(null);
  }
}
