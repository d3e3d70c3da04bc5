/**
 * Stage 3: turn a loaded schema (registry dialect plus `x-juju`) into the
 * interface model. Dialect variations are settled here once: local `$ref`s,
 * `anyOf [T, null]` bags, unspecified (`BaseModel`) bags, schemas without the
 * unit/app envelope, JSON-encoded versus raw keys. Every problem is collected
 * with its JSON pointer; nothing is thrown half-way.
 */
import type { SchemaError } from "./errors.js";
import { joinPointer, resolvePointer } from "./json-pointer.js";
import { errorAt, type LoadedSchema } from "./load.js";
import type {
  BagCondition, BagModel, BagScope, FlagModel, InterfaceModel, JsonSchema, KeyModel, Role, Rule, SetterModel,
} from "./model.js";
import { isIdentifier, isReservedWord, toCamelCase, toPascalCase } from "./naming.js";
import { identityFromPath, IDENTITY_HELP, type Identity } from "./identity.js";
import { resolveCounts } from "./rules.js";
import { KNOWN_FORMATS } from "../runtime/formats.js";
import { secretUris } from "./secret-keys.js";
import { CREDENTIAL_NAME } from "../common/redact.js";
import { forbiddenKey, forbiddenKeyWarning } from "./forbidden-keys.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: Json, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);


export interface NormalizeResult {
  readonly model: InterfaceModel | null;
  readonly problems: readonly SchemaError[];
}

/** Annotation and validation keywords a key schema may carry without a warning. */
const KNOWN_KEYWORDS = new Set(
  ("$ref $defs $schema $id $comment title description default examples deprecated readOnly writeOnly type enum const " +
    "format pattern minLength maxLength minimum maximum exclusiveMinimum exclusiveMaximum multipleOf items prefixItems " +
    "contains minItems maxItems uniqueItems properties patternProperties additionalProperties required propertyNames " +
    "minProperties maxProperties anyOf oneOf allOf not if then else contentMediaType contentSchema contentEncoding " +
    "dependentRequired dependentSchemas unevaluatedProperties unevaluatedItems discriminator").split(" "),
);

export function normalize(schema: LoadedSchema, given?: Identity): NormalizeResult {
  const problems: SchemaError[] = [];
  const warnings: string[] = [];
  const doc = schema.document as Json;
  const fail = (pointer: string, detail: string): void => void problems.push(errorAt(schema, pointer, detail));

  const identity = identify(schema, given, fail, (w) => warnings.push(w));
  if (!identity) return { model: null, problems };
  const { name, version, role } = identity;
  const typeName = toPascalCase(name) + toPascalCase(role);
  const xJuju = isObject(own(doc, "x-juju")) ? (own(doc, "x-juju") as Json) : {};
  const secrets = new Set(Array.isArray(xJuju["secrets"]) ? (xJuju["secrets"] as string[]) : []);
  const plainKeys = new Set(Array.isArray(xJuju["plainKeys"]) ? (xJuju["plainKeys"] as string[]) : []);
  /** Key schemas as written, by `<bag>.<wire>` (secret-URI recognition reads their examples). */
  const written = new Map<string, unknown>();

  const resolve = (pointer: string, value: unknown): { pointer: string; value: unknown } => {
    let current = { pointer, value };
    for (let hops = 0; hops < 32; hops++) {
      if (!isObject(current.value)) return current;
      const ref = own(current.value, "$ref");
      if (typeof ref !== "string") return current;
      if (!ref.startsWith("#")) {
        fail(joinPointer(current.pointer, "$ref"), `only local references ("#/...") are supported, found ${JSON.stringify(ref)}`);
        return { pointer: current.pointer, value: {} };
      }
      const target = resolvePointer(doc, ref.slice(1), { fragment: true });
      if (target === undefined) {
        fail(joinPointer(current.pointer, "$ref"), `reference ${JSON.stringify(ref)} does not resolve`);
        return { pointer: current.pointer, value: {} };
      }
      current = { pointer: ref.slice(1), value: target };
    }
    fail(pointer, "reference chain is too long or circular");
    return { pointer, value: {} };
  };

  const properties = isObject(own(doc, "properties")) ? (own(doc, "properties") as Json) : undefined;
  const enveloped = properties !== undefined && ("unit" in properties || "app" in properties);
  const bagFor = (scope: BagScope): BagModel | null => {
    let located: { pointer: string; value: unknown };
    if (enveloped) {
      if (!(scope in properties!)) return null;
      located = resolve(joinPointer("/properties", scope), properties![scope]);
      located = unwrapNullable(located, resolve);
    } else {
      if (scope === "unit") return null;
      warnings.push("no unit/app envelope: the whole schema is read as the application bag");
      located = { pointer: "", value: doc };
    }
    if (located.value === null || !isObject(located.value)) return null;
    return buildBag(scope, located.pointer, located.value);
  };

  const buildBag = (scope: BagScope, pointer: string, bag: Json): BagModel | null => {
    const props = own(bag, "properties");
    if (props === undefined || (isObject(props) && Object.keys(props).length === 0)) return null;
    if (!isObject(props)) {
      fail(joinPointer(pointer, "properties"), "bag properties must be an object");
      return null;
    }
    const required = new Set(Array.isArray(own(bag, "required")) ? (own(bag, "required") as string[]) : []);
    const keys: KeyModel[] = [];
    const byTs = new Map<string, string>();
    for (const wire of Object.keys(props)) {
      const keyPointer = joinPointer(pointer, "properties", wire);
      const resolved = resolve(keyPointer, props[wire]);
      written.set(`${scope}.${wire}`, resolved.value);
      const key = buildKey(scope, wire, keyPointer, resolved.value, required.has(wire));
      if (!key) continue;
      const clash = byTs.get(key.ts);
      if (clash !== undefined) {
        fail(keyPointer, `keys ${JSON.stringify(clash)} and ${JSON.stringify(wire)} both map to the TypeScript name ${JSON.stringify(key.ts)}; rename one`);
        continue;
      }
      byTs.set(key.ts, wire);
      keys.push(key);
    }
    return {
      scope,
      name: scope,
      typeName: typeName + (scope === "unit" ? "Unit" : "App"),
      description: typeof own(bag, "description") === "string" ? (own(bag, "description") as string) : undefined,
      keys,
      defs: isObject(own(doc, "$defs")) ? (own(doc, "$defs") as Record<string, JsonSchema>) : {},
    };
  };

  const buildKey = (scope: string, wire: string, pointer: string, raw: unknown, required: boolean): KeyModel | null => {
    const node: Json = isObject(raw) ? raw : {};
    const ts = toCamelCase(wire);
    if (ts === "") {
      fail(pointer, `key ${JSON.stringify(wire)} has no letters or digits to form a TypeScript name`);
      return null;
    }
    if (isReservedWord(ts)) {
      fail(pointer, `key ${JSON.stringify(wire)} maps to ${JSON.stringify(ts)}, a reserved word in TypeScript; rename the key`);
      return null;
    }
    if (raw === false) {
      warnings.push(forbiddenKeyWarning(scope, wire, pointer));
      return forbiddenKey(wire, ts, pointer);
    }
    for (const k of Object.keys(node)) if (!KNOWN_KEYWORDS.has(k)) warnings.push(`${scope}.${wire}: unknown keyword ${JSON.stringify(k)} ignored`);
    if (typeof own(node, "examples") === "string") warnings.push(`${scope}.${wire}: "examples" should be an array`);
    const isJson = own(node, "contentMediaType") === "application/json" || own(node, "contentSchema") !== undefined;
    let encoding: "json" | "raw";
    let decoded: JsonSchema;
    if (isJson) {
      encoding = "json";
      const content = own(node, "contentSchema");
      decoded = content === undefined ? {} : (content as JsonSchema);
    } else if (isStringSchema(node, resolve)) {
      encoding = "raw";
      decoded = withoutExamples(node);
    } else {
      encoding = "json";
      decoded = withoutExamples(node);
      warnings.push(`${scope}.${wire}: a non-string wire type is read as JSON-encoded`);
    }
    checkFormats(decoded, `${scope}.${wire}`, warnings);
    const description = typeof own(node, "description") === "string" ? (own(node, "description") as string) : undefined;
    const title = typeof own(node, "title") === "string" ? (own(node, "title") as string) : undefined;
    let secret = secrets.has(wire) || own(node, "writeOnly") === true;
    if (!secret && scope !== "secret" && !plainKeys.has(wire) && CREDENTIAL_NAME.test(wire)) {
      secret = true;
      warnings.push(`${scope}.${wire}: kept secret (never logged or shown) as a credential by its name; list it in x-juju.secrets to confirm, or in x-juju.plainKeys to override`);
    }
    // A raw key that may be null is simply optional: the wire has no null.
    const isRequired = required && !(encoding === "raw" && allowsNull(node));
    return { wire, ts, encoding, schema: decoded, required: isRequired, title, description, secret, pointer };
  };

  const unit = bagFor("unit");
  const app = bagFor("app");
  const uris = secretUris(
    {
      xJuju, typeName, plainKeys,
      fail,
      warn: (w) => warnings.push(w),
      // A secret's content is strings, every one of them secret.
      contentKey: (wire, pointer, schema, required) => {
        const key = buildKey("secret", wire, pointer, schema, required);
        return key && { ...key, secret: true };
      },
    },
    [unit, app],
    (bag, wire) => written.get(`${bag}.${wire}`),
  );
  if (properties && enveloped) {
    for (const extra of Object.keys(properties)) {
      if (extra !== "unit" && extra !== "app") warnings.push(`property ${JSON.stringify(extra)} beside unit/app is not a bag and is ignored`);
    }
  }

  const minimumUnits = typeof xJuju["minimumUnits"] === "number" ? (xJuju["minimumUnits"] as number) : undefined;
  const flags = normalizeFlags(xJuju).map((flag) => ({
    ...flag,
    rule: resolveCounts(flag.rule, minimumUnits, flag.pointer!, fail),
  }));
  const setters = normalizeSetters(xJuju, unit, app, fail);
  const ingress = normalizeIngress(xJuju, unit, fail);
  for (const s of secrets) {
    if (!unit?.keys.some((k) => k.wire === s) && !app?.keys.some((k) => k.wire === s)) {
      fail("/x-juju/secrets", `secret ${JSON.stringify(s)} is not a key of any bag`);
    }
  }

  // The model goes on even with problems, so that linking can report its own in the same run.
  return {
    model: {
      name, version, role, source: schema.file,
      title: typeof doc["title"] === "string" ? doc["title"] : undefined,
      description: typeof doc["description"] === "string" ? doc["description"] : undefined,
      typeName,
      factoryName: toCamelCase(name) + toPascalCase(role),
      unit, app, minimumUnits, flags, declaredFlags: isObject(xJuju["flags"]), setters, ingress, secretUris: uris,
      warnings: [...new Set(warnings)],
    },
    problems,
  };
}

function identify(
  schema: LoadedSchema,
  given: Identity | undefined,
  fail: (pointer: string, detail: string) => void,
  warn: (message: string) => void,
): Identity | null {
  const x = (schema.document as Json)["x-juju"];
  const fromPath = given ?? identityFromPath(schema.path ?? schema.file);
  if (!isObject(x)) {
    if (!fromPath) fail("", `cannot tell which interface, version and side this is: there is no x-juju object, and ${IDENTITY_HELP}`);
    return fromPath;
  }
  const declared: Identity = { name: x["interface"] as string, version: x["version"] as number, role: x["role"] as Role };
  if (fromPath) {
    const where = given ? "the command line" : "the path";
    if (declared.version !== fromPath.version) fail("/x-juju/version", `x-juju says version ${declared.version}, but ${where} says v${fromPath.version}`);
    if (declared.role !== fromPath.role) fail("/x-juju/role", `x-juju says role ${JSON.stringify(declared.role)}, but ${where} says ${JSON.stringify(fromPath.role)}`);
    if (declared.name !== fromPath.name) warn(`x-juju names the interface ${JSON.stringify(declared.name)} while ${where} says ${JSON.stringify(fromPath.name)}: generating it as ${JSON.stringify(declared.name)}`);
  }
  return declared;
}

type Resolver = (pointer: string, value: unknown) => { pointer: string; value: unknown };

/** `anyOf: [X, {type: null}]` (an optional bag) becomes X. */
function unwrapNullable(located: { pointer: string; value: unknown }, resolve: Resolver): { pointer: string; value: unknown } {
  if (!isObject(located.value)) return located;
  const anyOf = own(located.value, "anyOf");
  if (!Array.isArray(anyOf)) return located;
  const branches = anyOf.map((b, i) => resolve(joinPointer(located.pointer, "anyOf", i), b));
  const nonNull = branches.filter((b) => !(isObject(b.value) && b.value["type"] === "null"));
  return nonNull.length === 1 ? nonNull[0]! : located;
}

function isStringSchema(node: Json, resolve: Resolver): boolean {
  if (node["type"] === "string") return true;
  const anyOf = own(node, "anyOf");
  if (!Array.isArray(anyOf)) return node["type"] === undefined && node["enum"] === undefined && node["const"] === undefined;
  return anyOf.every((b) => {
    const v = resolve("", b).value;
    return isObject(v) && (v["type"] === "string" || v["type"] === "null");
  });
}

function allowsNull(node: Json): boolean {
  const anyOf = own(node, "anyOf");
  return Array.isArray(anyOf) && anyOf.some((b) => isObject(b) && b["type"] === "null");
}

function withoutExamples(node: Json): JsonSchema {
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) if (k !== "examples" && k !== "default") out[k] = v;
  return out;
}

function checkFormats(schema: unknown, where: string, warnings: string[]): void {
  if (Array.isArray(schema)) schema.forEach((s) => checkFormats(s, where, warnings));
  else if (isObject(schema)) {
    const format = own(schema, "format");
    if (typeof format === "string" && !KNOWN_FORMATS.has(format)) warnings.push(`${where}: format ${JSON.stringify(format)} is not known and is not checked`);
    for (const v of Object.values(schema)) checkFormats(v, where, warnings);
  }
}

function bagCondition(value: unknown): BagCondition {
  const o = isObject(value) ? value : {};
  const list = (k: string): string[] => (o[k] as string[] | undefined) ?? [];
  return { present: list("present"), absent: list("absent"), valid: list("valid") };
}

function toRule(value: Json): Rule {
  const rule: { -readonly [K in keyof Rule]: Rule[K] } = {};
  if (isObject(value["joinedUnits"])) rule.joinedUnits = value["joinedUnits"] as Rule["joinedUnits"];
  if (value["allUnits"] !== undefined) rule.allUnits = bagCondition(value["allUnits"]);
  if (value["anyUnit"] !== undefined) rule.anyUnit = bagCondition(value["anyUnit"]);
  if (value["app"] !== undefined) rule.app = bagCondition(value["app"]);
  if (Array.isArray(value["flags"])) rule.flags = value["flags"] as string[];
  if (isObject(value["not"])) rule.not = toRule(value["not"]);
  if (Array.isArray(value["anyOf"])) rule.anyOf = (value["anyOf"] as Json[]).map(toRule);
  if (Array.isArray(value["allOf"])) rule.allOf = (value["allOf"] as Json[]).map(toRule);
  return rule;
}

function normalizeFlags(x: Json): FlagModel[] {
  const flags = isObject(x["flags"]) ? (x["flags"] as Record<string, Json>) : {};
  return Object.keys(flags).sort().map((name) => {
    const pointer = joinPointer("/x-juju/flags", name, "rule");
    const rule = toRule((flags[name]!["rule"] as Json | undefined) ?? {});
    return { name, description: String(flags[name]!["description"] ?? ""), rule, pointer };
  });
}

function normalizeSetters(
  x: Json, unit: BagModel | null, app: BagModel | null, fail: (p: string, d: string) => void,
): SetterModel[] {
  const setters = isObject(x["setters"]) ? (x["setters"] as Record<string, Json>) : {};
  return Object.keys(setters).map((name) => {
    const s = setters[name]!;
    const pointer = joinPointer("/x-juju/setters", name);
    const bagScope = (s["bag"] as BagScope | undefined) ?? "unit";
    const bag = bagScope === "unit" ? unit : app;
    const keyOf = (key: string, p: string): boolean => {
      if (bag?.keys.some((k) => k.wire === key)) return true;
      fail(p, `setter ${name} names key ${JSON.stringify(key)}, which is not a key of the ${bagScope} bag`);
      return false;
    };
    const params = ((s["params"] as unknown[] | undefined) ?? []).map((p, i) => {
      const key = typeof p === "string" ? p : String((p as Json)["key"]);
      const paramName = typeof p === "string" || (p as Json)["name"] === undefined ? toCamelCase(key) : String((p as Json)["name"]);
      keyOf(key, joinPointer(pointer, "params", i));
      if (!isIdentifier(paramName) || isReservedWord(paramName)) fail(joinPointer(pointer, "params", i), `parameter name ${JSON.stringify(paramName)} is not usable in TypeScript`);
      return { key, name: paramName };
    });
    const valuesObj = isObject(s["values"]) ? (s["values"] as Json) : {};
    const values = Object.keys(valuesObj).map((key) => {
      keyOf(key, joinPointer(pointer, "values", key));
      return { key, value: valuesObj[key] };
    });
    const names = params.map((p) => p.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) fail(joinPointer(pointer, "params", i), `two parameters are named ${JSON.stringify(n)}`);
    });
    if (s["ingressOverride"] !== undefined && names.includes("options")) {
      fail(joinPointer(pointer, "params"), `a parameter named "options" clashes with the options argument of ingressOverride`);
    }
    const override = typeof s["ingressOverride"] === "string" ? (s["ingressOverride"] as string) : undefined;
    if (override !== undefined && !isObject(x["ingress"])) fail(joinPointer(pointer, "ingressOverride"), "ingressOverride needs x-juju.ingress");
    return {
      name,
      description: String(s["description"] ?? ""),
      bag: bagScope,
      relations: (s["relations"] as "first" | "all" | undefined) ?? "first",
      params,
      values,
      ...(override !== undefined ? { ingressOverride: override } : {}),
    };
  });
}

function normalizeIngress(x: Json, unit: BagModel | null, fail: (p: string, d: string) => void): InterfaceModel["ingress"] {
  if (!isObject(x["ingress"])) return null;
  const keys = (x["ingress"]["keys"] as string[] | undefined) ?? [];
  keys.forEach((key, i) => {
    const found = unit?.keys.find((k) => k.wire === key);
    if (!found) fail(joinPointer("/x-juju/ingress/keys", i), `ingress key ${JSON.stringify(key)} is not a key of the unit bag`);
    else if (found.encoding !== "raw") fail(joinPointer("/x-juju/ingress/keys", i), `ingress key ${JSON.stringify(key)} must be a raw string key (addresses are published raw)`);
  });
  const binding = typeof x["ingress"]["binding"] === "string" ? (x["ingress"]["binding"] as string) : undefined;
  return { keys, ...(binding !== undefined ? { binding } : {}) };
}
