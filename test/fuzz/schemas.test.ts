/**
 * Fuzz: random schemas through the generator (`generate` of
 * src/generator/pipeline.ts). Documents in the registry's dialect, built by
 * fast-check: bags with random keys (hostile names with `*\/`, backticks,
 * quotes, `${`, newlines, U+2028, reserved words, colliding and empty
 * names, and names every object has, which the loader refuses), random value schemas (types, enums, consts, formats, nesting,
 * anyOf, `$ref`s that resolve or not, misspelt keywords), random
 * descriptions and titles, and a random `x-juju` (flags whose rules name keys
 * that exist or not, setters, secrets). Properties:
 *
 * - generation either succeeds or fails with a GenerationError whose every
 *   problem is a SchemaError naming the schema file and a JSON pointer into
 *   it (with its line when the pointer resolves); never another error;
 * - what it generates parses as TypeScript, and no hostile text breaks out of
 *   a string or comment: every hostile text carries the word MARK after a
 *   separator, and MARK is never scanned as an identifier; every wire key
 *   round-trips as a string literal of the key table, and every string enum
 *   value of a key as a string literal of the types;
 * - a sample of the successes is generated again with the type-check, which
 *   must pass, then imported: the key tables hold the wire keys exactly.
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { BagModel } from "../../src/generator/model.js";
import { generate } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import { params, scaled, SEED, TIMEOUT } from "./arbitraries.js";
import { checkFailure, checkSuccess, cleanups, generatesOrLocates, MARK, removeTemporaries, writeDocs, type Doc } from "./schema-checks.js";
import { checker } from "../support/checker.js";

// `npm run fuzz` runs far more cases than vitest's default timeout allows.
vi.setConfig({ testTimeout: TIMEOUT });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// --- Random documents -------------------------------------------------------------

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const randomText = fc.string({ unit: fc.oneof({ weight: 4, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: anyUnit }), maxLength: 12 });

/** Text meant to break out of a comment, a string or a template; MARK follows a separator each time. */
const BREAKOUTS = [
  `*/ ${MARK} /*`, `*/${MARK}`, "`${" + MARK + "}`", "${" + MARK + "}", `" + ${MARK} + "`, `' + ${MARK} + '`, `\n${MARK}\n`, `\\" ${MARK}`, `\r\n// ${MARK}`,
  `\u2028${MARK}\u2029`, `</script> ${MARK}`, `{{${MARK}}}`, `{{{${MARK}}}}`, `@param ${MARK}`, `\\u0022 ${MARK}`, `*\\/ ${MARK}`, `\0 ${MARK}`,
];
const hostileText = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...BREAKOUTS) }, { weight: 1, arbitrary: randomText.map((t) => `${t} ${MARK}`) });

/** Keys, with those that once crashed the generator (see the tests at the end): they are now refused at their pointer. */
const PLAIN_KEYS = ["address", "port", "ready", "name", "tier", "count", "foo-bar", "foo_bar", "class", "constructor", "prototype", "1st", "x", "ingress-address", "password", "api-key", "token", "a.b", "a b", "__proto__", "hasOwnProperty", "toString", "valueOf", "secret-user"];
const HOSTILE_KEYS = BREAKOUTS.map((b) => `k${b}`).concat([`k$${MARK}`, "k\u00e9", "-", "", "__proto__x", "--", "k~1/0"]);
/** Key names that are hostile and also legal (a unique `k<i>` prefix keeps their TypeScript names apart), or anything at all. */
const SUFFIXES = [...BREAKOUTS, "", "-x", "_y", ".z", " w", "~1/0", "\u00e9"];
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PLAIN_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: randomText.map((t) => `k-${t}`) },
);
const cleanKeys = (n: number): fc.Arbitrary<string[]> => fc.array(fc.constantFrom(...SUFFIXES), { minLength: n, maxLength: n }).map((s) => s.map((x, i) => `k${i}${x}`));

const enumValue = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 2, arbitrary: randomText }, fc.integer(), fc.boolean(), fc.constant(null));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** An object of own data properties (a key `__proto__` stays a key). */
function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
/** Drops undefined members (optional keywords left out). */
const compact = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Misspelt, mistyped and dangling keywords, an invalid `pattern`, a `$ref` to nothing. */
const JUNK_SCHEMAS: unknown[] = [
  { type: "integr" }, { enum: "x" }, { $ref: "#/$defs/A" }, { type: ["string", "null"] }, {}, true, false,
  { format: "ipv4" }, { minimum: "1" }, { required: "x" }, { type: "object", properties: [] }, { items: { type: "strin" } }, { pattern: 5 },
  { anyOf: [] }, { const: { nested: [1, { a: null }] } }, { type: "string", format: "made-up-format" }, { "x-juju": 1 },
  { type: "string", pattern: "([" }, { $ref: "#/$defs/Missing" },
];

/** A schema of a decoded value, nested `depth` levels at most; `clean` leaves out junk. */
function valueSchema(depth: number, clean: boolean): fc.Arbitrary<unknown> {
  const leaves: fc.Arbitrary<unknown>[] = [
    fc.record({ type: fc.constantFrom("string", "integer", "number", "boolean", "null"), description: maybe(hostileText), title: maybe(hostileText), examples: maybe(fc.array(enumValue, { maxLength: 2 })) }).map(compact),
    fc.record({ type: fc.constant("string"), format: maybe(fc.constantFrom("ipv4", "hostname", "date", "uri", "email")), minLength: maybe(fc.nat(3)), description: maybe(hostileText) }).map(compact),
    fc.record({ enum: fc.uniqueArray(enumValue, { minLength: 1, maxLength: 4, selector: (v) => JSON.stringify(v) }), description: maybe(hostileText) }).map(compact),
    fc.record({ const: enumValue }),
  ];
  if (!clean) leaves.push(fc.constantFrom(...JUNK_SCHEMAS), fc.record({ type: fc.constantFrom("integer", "number"), minimum: fc.integer({ min: -5, max: 5 }), format: maybe(fc.constant("ipv4")) }).map(compact));
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const inner = valueSchema(depth - 1, clean);
  const props = clean ? fc.nat(3).chain((n) => fc.tuple(cleanKeys(n), fc.array(inner, { minLength: n, maxLength: n })).map(([ks, vs]) => ks.map((k, i) => [k, vs[i]] as const))) : fc.array(fc.tuple(keyArb, inner), { maxLength: 3 });
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("array"), items: inner, uniqueItems: maybe(fc.boolean()) }).map(compact) },
    { weight: 1, arbitrary: props.chain((entries) => fc.record({ type: fc.constant("object"), properties: fc.constant(objectOf(entries)), required: fc.subarray(entries.map(([k]) => k)), description: maybe(hostileText) }).map(compact)) },
    { weight: 1, arbitrary: fc.record({ anyOf: fc.array(inner, { minLength: 1, maxLength: 3 }) }) },
  );
}

/** The schema of one wire key: raw string, JSON-encoded, another wire type, or (unless `clean`) junk. */
function keySchema(clean: boolean): fc.Arbitrary<unknown> {
  const kinds: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: fc.record({ type: fc.constant("string"), description: maybe(hostileText), title: maybe(hostileText), format: maybe(fc.constantFrom("ipv4", "hostname", "uri")), enum: maybe(fc.uniqueArray(hostileText, { minLength: 1, maxLength: 3 })), minLength: maybe(fc.nat(2)), writeOnly: maybe(fc.boolean()), examples: maybe(fc.array(hostileText, { maxLength: 2 })) }).map(compact) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant("string"), contentMediaType: fc.constant("application/json"), contentSchema: valueSchema(2, clean), description: maybe(hostileText) }).map(compact) },
    { weight: 1, arbitrary: valueSchema(1, clean) },
  ];
  if (!clean) kinds.push({ weight: 1, arbitrary: fc.constantFrom<unknown>({ $ref: "#/$defs/Missing" }, { type: "strin" }, { type: "string", contentMediaType: "text/plain" }, { type: "string", contentMediaType: "application/json" }, { $ref: "#/$defs/U" }, { anyOf: [{ type: "string" }, { type: "null" }] }) });
  return fc.oneof(...kinds);
}

type Bag = { schema: Record<string, unknown>; keys: string[] };
function bagArb(clean: boolean): fc.Arbitrary<Bag> {
  const entries = clean
    ? fc.nat(5).chain((n) => fc.tuple(cleanKeys(n), fc.array(keySchema(true), { minLength: n, maxLength: n })).map(([ks, vs]) => ks.map((k, i) => [k, vs[i]] as const)))
    : fc.array(fc.tuple(keyArb, keySchema(false)), { maxLength: 5 });
  return entries.chain((list) => {
    const keys = [...new Set(list.map(([k]) => k))];
    return fc
      .record({ description: maybe(hostileText), title: maybe(hostileText), required: maybe(fc.subarray(clean ? keys : [...keys, "not-a-key"])), additionalProperties: maybe(fc.boolean()) })
      .map((extra) => ({ keys, schema: compact({ type: "object", ...extra, properties: objectOf(list) }) }));
  });
}

function condArb(keys: string[], clean: boolean): fc.Arbitrary<Record<string, unknown>> {
  const pool = [...keys.filter((k) => k !== ""), ...(clean && keys.length > 0 ? [] : ["cuont"])];
  const list = fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: 2 });
  return fc.record({ present: list, valid: maybe(list) }, { requiredKeys: clean ? ["present"] : [] }).map(compact);
}
function ruleArb(read: { unit: Bag; app: Bag }, clean: boolean): fc.Arbitrary<Record<string, unknown>> {
  const count = clean ? fc.nat(3) : fc.oneof(fc.nat(3), fc.constant("minimumPeers"));
  const useUnit = !clean || read.unit.keys.some((k) => k !== "");
  const useApp = !clean || read.app.keys.some((k) => k !== "");
  return fc
    .record({ joinedUnits: maybe(fc.record({ min: count })), allUnits: useUnit ? maybe(condArb(read.unit.keys, clean)) : fc.constant(undefined), app: useApp ? maybe(condArb(read.app.keys, clean)) : fc.constant(undefined) })
    .map((r) => {
      const rule = compact(r);
      return Object.keys(rule).length > 0 ? rule : { joinedUnits: { min: 1 } };
    });
}


/** One side's document with bags `own`; its rules read `reads` (the other side's bags, or its own for peers). */
function docArb(role: Doc["role"], own: { unit: Bag; app: Bag }, reads: { unit: Bag; app: Bag }, clean: boolean): fc.Arbitrary<Doc> {
  const { unit, app } = own;
  const flag = fc.record({ description: hostileText, rule: ruleArb(reads, clean) });
  const setterKeys = unit.keys.filter((k) => k !== "");
  const xJuju = fc
    .record({
      interface: fc.constant("fuzz"), // replaced by the case's own name
      version: fc.constant(0),
      role: clean ? fc.constant(role) : fc.oneof({ weight: 9, arbitrary: fc.constant(role) }, { weight: 1, arbitrary: fc.constantFrom("peers", "provider", "requirer") }),
      // `"flags": {}` is refused by the meta-schema: proved by its own test below.
      flags: maybe(fc.dictionary(fc.constantFrom("ready", "available", "degraded", "x_1"), flag, { minKeys: 1, maxKeys: 3, noNullPrototype: true })),
      setters: setterKeys.length > 0 ? maybe(fc.record({ setAll: fc.record({ description: hostileText, params: fc.subarray(setterKeys, { minLength: 1 }) }) })) : fc.constant(undefined),
      secrets: clean && setterKeys.length === 0 ? fc.constant(undefined) : maybe(fc.subarray(clean ? setterKeys : [...unit.keys, "missing-key"], { minLength: 1 })),
    })
    .map(compact);
  return fc
    .record({ xJuju: fc.option(xJuju, { nil: undefined, freq: 6 }), title: maybe(hostileText), description: maybe(hostileText), appForm: fc.constantFrom("ref", "optional", "inline", "absent"), unitInline: fc.boolean() })
    .map(({ xJuju: x, title, description, appForm, unitInline }) => {
      const appProp = appForm === "ref" ? { $ref: "#/$defs/A" } : appForm === "optional" ? { anyOf: [{ $ref: "#/$defs/A" }, { type: "null" }], default: null } : appForm === "inline" ? app.schema : undefined;
      const properties = compact({ unit: unitInline ? unit.schema : { $ref: "#/$defs/U" }, app: appProp });
      const doc = compact({ title, description, type: "object", properties, required: ["unit"], $defs: { U: unit.schema, A: app.schema }, "x-juju": x });
      return { role, doc };
    });
}

/**
 * A peers document, or a provider/requirer pair whose provider's rules read
 * the requirer's bags. Half the cases are `clean`: hostile text in legal
 * places only, so that many generate; the others may hold anything.
 */
const caseArb: fc.Arbitrary<Doc[]> = fc.boolean().chain((clean) => {
  const bags = fc.record({ unit: bagArb(clean), app: bagArb(clean) });
  return fc.oneof(
    { weight: 3, arbitrary: bags.chain((b) => docArb("peers", b, b, clean).map((d) => [d])) },
    { weight: 2, arbitrary: fc.tuple(bags, bags).chain(([p, r]) => fc.tuple(docArb("provider", p, r, clean), docArb("requirer", r, p, clean))) },
  );
});

afterAll(removeTemporaries);

describe(`random schemas through the generator (seed ${SEED})`, () => {
  const runs = scaled(15, 10);
  /** Type-checked in one program: 2 in `npm test`, at most 20 in `npm run fuzz`. */
  const sample = Math.min(scaled(2, 2), 20);
  const succeeded: { iface: string; docs: Doc[] }[] = [];

  it(`generation succeeds with code that parses and keeps hostile text inert, or fails naming file and pointer (${runs} schemas)`, async () => {
    const root = mkdtempSync(join(tmpdir(), "relgen-fuzz-schemas-"));
    cleanups.push(root);
    const tally = { ok: 0, failed: 0 };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (docs) => {
        const iface = `fuzz${n++}`;
        const named = docs.map((d) => ({ ...d, doc: { ...d.doc, ...(d.doc["x-juju"] ? { "x-juju": { ...(d.doc["x-juju"] as object), interface: iface } } : {}) } }));
        const { files, byPath } = writeDocs(root, iface, named);
        let result;
        try {
          result = await generate({ schemas: files, outDir: join(root, "out"), baseDir: root, skipTypeCheck: true });
        } catch (e) {
          checkFailure(e, byPath);
          tally.failed++;
          return;
        }
        checkSuccess(result.models, result.files);
        tally.ok++;
        if (succeeded.length < sample) succeeded.push({ iface, docs: named });
      }),
      params(runs),
    );
    console.log(`schemas: ${runs} random schemas: ${tally.ok} generated, ${tally.failed} refused with located problems`);
    expect(tally.ok).toBeGreaterThan(0);
    expect(tally.failed).toBeGreaterThan(0);
  });

  it(`a sample of the generated schemas type-checks and its key tables hold the wire keys (up to ${sample} interfaces, one type-check)`, async () => {
    expect(succeeded.length).toBeGreaterThan(0);
    const root = mkdtempSync(join(tmpdir(), "relgen-fuzz-typecheck-"));
    cleanups.push(root);
    mkdirSync(join(ROOT, ".test-output"), { recursive: true });
    const outRoot = mkdtempSync(join(ROOT, ".test-output", "fuzz-schemas-"));
    cleanups.push(outRoot);
    const files = succeeded.flatMap(({ iface, docs }) => writeDocs(root, iface, docs).files);
    const result = await generate({ checker, schemas: files, outDir: outRoot, baseDir: root });
    writeFiles(outRoot, result.interfaces, result.files);
    let imported = 0;
    for (const m of result.models) {
      const bags = [m.unit, m.app].filter((b): b is BagModel => b !== null && b.keys.length > 0);
      if (bags.length === 0) continue; // no keys: no accessors file
      const module = (await import(join(outRoot, m.name, `v${m.version}`, `${m.role}.accessors.ts`))) as Record<string, unknown>;
      imported++;
      for (const bag of bags) {
        const spec = module[`${bag.typeName.charAt(0).toLowerCase()}${bag.typeName.slice(1)}Spec`] as { keys: { wire: string }[] } | undefined;
        expect(spec?.keys.map((k) => k.wire), `${m.name} ${m.role} ${bag.typeName}`).toEqual(bag.keys.map((k) => k.wire));
      }
    }
    console.log(`schemas: ${succeeded.length} generated interfaces type-checked, ${imported} key tables imported`);
  });
});

/*
 * Crashes this fuzzer found, each on its smallest case, now fixed: reserved
 * and non-Unicode property names, invalid patterns and dangling local $refs
 * are refused at their pointer by the loader (checkStructure in
 * src/generator/load.ts), empty x-juju.flags by the meta-schema, and the
 * types emitter takes $defs from every bag.
 */
describe("generator crashes found by fuzzing, fixed", () => {
  const peers = (unit: Record<string, unknown>, xJuju?: Record<string, unknown>) =>
    ({ role: "peers" as const, doc: { type: "object", properties: { unit: { $ref: "#/$defs/U" } }, $defs: { U: { type: "object", properties: unit } }, ...(xJuju ? { "x-juju": xJuju } : {}) } });

  // TypeError: Cannot read properties of undefined (reading 'properties'), at secretUris (src/generator/secret-keys.ts):
  // `declared[key.wire]` reads Object.prototype for the key "__proto__" when x-juju.secretUris is absent.
  it('a bag key named "__proto__": generated or refused with a located problem, never a TypeError', async () => {
    await generatesOrLocates("protokey", [peers(JSON.parse('{"__proto__": {"type": "string"}, "name": {"type": "string"}}') as Record<string, unknown>)]);
  });

  // TypeError: schema.hasOwnProperty is not a function, in json-schema-to-typescript's linker (linker.js:15), which
  // relgen's emitTypes calls with the schema as written: a property named "hasOwnProperty" (at any depth) shadows the method.
  it('a key named "hasOwnProperty": generated or refused with a located problem, never a TypeError', async () => {
    await generatesOrLocates("ownprop", [peers({ hasOwnProperty: { type: "string" } })]);
  });

  // Error: schema is invalid: data/properties/a/properties/type must be object,boolean (from ajv, in emitValidators):
  // mapSchema (src/generator/schema-walk.ts) copies a properties map with `m[name] = ...` into a plain object, so a
  // property named "__proto__" becomes the copy's prototype instead of a key (decodedBagSchema in
  // src/generator/emit/validators.ts does the same for bag keys).
  it('a contentSchema property named "__proto__": generated or refused with a located problem, never a bare Error', async () => {
    const nested = JSON.parse('{"__proto__": {"type": "string"}, "b": {"type": "integer"}}') as Record<string, unknown>;
    await generatesOrLocates("nestedproto", [peers({ a: { type: "string", contentMediaType: "application/json", contentSchema: { type: "object", properties: nested } } })]);
  });

  // SyntaxError: Invalid regular expression: /([/u: Unterminated character class, from ajv compiling the validators
  // (standaloneCode in emitValidators, src/generator/emit/validators.ts): the load stage's checks let an invalid
  // `pattern` (or `patternProperties` name) through.
  it('a key schema with "pattern": "([": generated or refused with a located problem, never a SyntaxError', async () => {
    await generatesOrLocates("badpattern", [peers({ a: { type: "string", pattern: "([" } })]);
  });

  // URIError: URI malformed, from ajv compiling the validators (escapeFragment, in emitValidators,
  // src/generator/emit/validators.ts): a key name holding a lone surrogate (valid JSON: "k\udd41").
  it("a key name with a lone surrogate: generated or refused with a located problem, never a URIError", async () => {
    await generatesOrLocates("lonekey", [peers({ "k\udd41": { type: "string" } })]);
  });

  // MissingPointerError: Missing $ref pointer "#/$defs/Tls", from json-schema-to-typescript in emitTypes: usedDefs
  // (src/generator/emit/types.ts) takes `$defs` from bags[0] only, and allBags puts the secrets' content bags (defs {})
  // first, so a side with a secret-URI key loses the definitions its other keys refer to.
  it("a secret-URI key beside a key whose schema refers to $defs: generated or refused, never a MissingPointerError", async () => {
    const tls = { type: "string", contentMediaType: "application/json", contentSchema: { $ref: "#/$defs/Tls" } };
    const doc = peers({ "secret-user": { type: "string" }, tls });
    (doc.doc["$defs"] as Record<string, unknown>)["Tls"] = { type: "object", properties: { ca: { type: "string" } } };
    await generatesOrLocates("secretdefs", [doc]);
  });

  // MissingPointerError: Missing $ref pointer "#/$defs/Missing", from json-schema-to-typescript in emitTypes: a dangling
  // `$ref` at a key's wire schema is a located problem, but inside its contentSchema it reaches the type emitter.
  it("a dangling $ref inside a contentSchema: refused with a located problem, never a MissingPointerError", async () => {
    await generatesOrLocates("danglingref", [peers({ x: { type: "string", contentMediaType: "application/json", contentSchema: { type: "array", items: { $ref: "#/$defs/Missing" } } } })]);
  });

  // With the type-check: "generated code does not type-check: Conversion of type 'ObjkeyPeersUnitPublish' to type
  // 'Readonly<Record<string, unknown>>' may be a mistake" (TS2352), reported at the generated accessors file, pointer "/":
  // a bag key named like a member of Object.prototype (`toString`, `valueOf`) breaks the `values as Readonly<Record<...>>`
  // cast of encode<Bag> in templates/accessors. Either it generates code that type-checks, or normalize refuses the key.
  it("a key named toString: generates code that type-checks, or is refused at the key", async () => {
    const root = mkdtempSync(join(tmpdir(), "relgen-fuzz-objkey-"));
    cleanups.push(root);
    mkdirSync(join(ROOT, ".test-output"), { recursive: true });
    const outRoot = mkdtempSync(join(ROOT, ".test-output", "fuzz-objkey-"));
    cleanups.push(outRoot);
    const { files, byPath } = writeDocs(root, "objkey", [peers({ toString: { type: "string" }, name: { type: "string" } })]);
    await generate({ checker, schemas: files, outDir: outRoot, baseDir: root }).catch((e: unknown) => checkFailure(e, byPath));
  });

  // TypeError: Cannot read properties of undefined (reading 'name'), at emitFlags (src/generator/emit/flags.ts,
  // `model.flags[0]!.name`): x-juju declares flags, but none, so the side has no flag at all.
  it('"x-juju": {"flags": {}}: generated or refused with a located problem, never a TypeError', async () => {
    await generatesOrLocates("noflags", [peers({ name: { type: "string" } }, { interface: "noflags", version: 0, role: "peers", flags: {} })]);
  });
});
