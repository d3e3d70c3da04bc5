/**
 * Shared pieces of the fuzz suites (test/fuzz/*.test.ts): how many cases to
 * run, hostile strings, bags and JSON, and a guard that fails a case that
 * changed a built-in prototype.
 *
 * `npm test` runs a bounded slice (RUNS small, fixed seeds); `npm run fuzz`
 * sets RELGEN_FUZZ_RUNS=2000 (each suite scales its own counts from it), and
 * RELGEN_FUZZ_SEED replays another seed.
 */
import fc from "fast-check";

/** Cases per property in `npm test`; `npm run fuzz` raises it. */
export const RUNS = Number(process.env["RELGEN_FUZZ_RUNS"] ?? 60);
/** The seed of every property (fixed in `npm test`). */
export const SEED = Number(process.env["RELGEN_FUZZ_SEED"] ?? 1207);
/** `n` scaled with RUNS (n at the default 60 runs), at least `min`. */
export const scaled = (n: number, min = 1): number => Math.max(min, Math.round((n * RUNS) / 60));

/** A test's timeout: vitest's 60 s in `npm test`, scaled with RUNS for `npm run fuzz`. */
export const TIMEOUT = Math.max(60_000, Math.round((60_000 * RUNS) / 60));

/** Options of `fc.assert` for a property of `numRuns` cases (default RUNS). */
export const params = (numRuns = RUNS) => ({ numRuns, seed: SEED, endOnFailure: true });

// --- Strings ---------------------------------------------------------------

/** One UTF-16 code unit, lone surrogates and NUL included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Mostly ASCII, sometimes any code unit (so lone surrogates and controls show up). */
const mixedUnit = fc.oneof({ weight: 3, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: codeUnit });

export const MB = 1024 * 1024;
const DEPTH = 20_000;

/** Values a hostile peer might publish, by kind. */
export const HOSTILE_VALUES: Readonly<Record<string, readonly string[]>> = {
  invalidJson: ["{", "}", '{"a":}', "[1,]", '{"a" 1}', "\uFEFF{}", "tru", "nul", "'single'", '"unterminated', "[", '{"a":1}}', "01", "+1", ".5", "1.", "0x10"],
  yaml: ["~", "null", "Null", "yes", "no", "on", "off", "y", "n", "- a", "a: b", "? x", "&anchor x", "*alias", "!!binary aGk=", "%YAML 1.1", "---", "...", "|", ">", "{a: 1}", "[a, b]", "#comment", "@at", "`tick`", "'", '"', "a\n  b: c", "=", "a=b", "k=v=w"],
  control: ["\0", "a\0b", "\0\0\0", "\u0085", "\u2028", "\u2029", "\r\n", "\t", "\u001b[31m", "\x7f", "\uFFFE", "\uFFFF", "\uFEFF"],
  surrogates: ["\uD800", "\uDFFF", "a\uD83D", "\uDE00b", "\uDC00\uD800", '"\uD800"', '"\\ud800"', '["\\udfff"]', "\uD83D\uDE00"],
  numbers: ["1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "0.0", "NaN", "Infinity", "-Infinity", "[NaN]", '{"a": Infinity}', "9007199254740993", "1" + "0".repeat(5000), "0." + "0".repeat(400) + "1"],
  protoJson: [
    '{"__proto__": {"polluted": "yes"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"__proto__": null}',
    '{"prototype": {"polluted": 1}, "__proto__": []}',
    '[{"__proto__": {"polluted": true}}]',
    '{"toString": 1, "valueOf": "x", "hasOwnProperty": null}',
    '"__proto__"',
    "__proto__",
    "constructor",
    "prototype",
  ],
  nested: ["[".repeat(200) + "1" + "]".repeat(200), '{"a":'.repeat(300) + "1" + "}".repeat(300), "[".repeat(500)],
};

/** Values that cost real time per read (1 MB, 20 000 levels of nesting): few of them per run. */
export const HEAVY_VALUES: readonly string[] = [
  "[".repeat(DEPTH) + "]".repeat(DEPTH),
  '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH),
  "[".repeat(DEPTH),
  "x".repeat(MB),
  '"' + "a".repeat(MB) + '"',
  "[" + Array.from({ length: 50_000 }, (_, i) => String(i)).join(",") + "]",
  '"10.5.0.' + "1".repeat(MB) + '"',
];

const hostileConstant = fc.constantFrom(...Object.values(HOSTILE_VALUES).flat());

/** Random JSON text, sometimes with hostile object keys. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .array(fc.tuple(fc.constantFrom("__proto__", "constructor", "prototype", "polluted", "a", ""), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
    .map((entries) => "{" + entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ") + "}"),
);

/**
 * Any databag value: hostile constants, random text (lone surrogates
 * included), JSON, and JSON cut short; with `heavy`, sometimes (1 in 40) a
 * 1 MB or 20 000-level value.
 */
export function valueArb(options: { heavy?: boolean } = {}): fc.Arbitrary<string> {
  const kinds: fc.WeightedArbitrary<string>[] = [
    { weight: 16, arbitrary: hostileConstant },
    { weight: 8, arbitrary: fc.string({ unit: mixedUnit, maxLength: 24 }) },
    { weight: 8, arbitrary: jsonText },
    { weight: 4, arbitrary: fc.tuple(jsonText, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))) },
    { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  ];
  if (options.heavy) kinds.push({ weight: 1, arbitrary: fc.constantFrom(...HEAVY_VALUES) });
  return fc.oneof(...kinds);
}
export const hostileValue = valueArb({ heavy: true });

/** Keys a hostile peer might use besides the schema's own. */
export const HOSTILE_KEYS = [
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "polluted",
  "a=b", "a\0b", "\uD800", "key with spaces", "ключ", "x".repeat(300), "-", "ingress-address", "private-address", "egress-subnets",
];

/** A key: one of `known` (the schema's), a hostile one, or random text. */
export function keyArb(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: known.length > 0 ? 5 : 0, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant("k") },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
    { weight: 1, arbitrary: fc.string({ unit: mixedUnit, minLength: 1, maxLength: 10 }) },
  );
}

/** Builds a bag from entries with own data properties only (a key `__proto__` stays a key). */
export function bagOf(entries: readonly (readonly [string, string])[], nullPrototype = false): Record<string, string> {
  const bag = (nullPrototype ? Object.create(null) : {}) as Record<string, string>;
  for (const [k, v] of entries) Object.defineProperty(bag, k, { value: v, enumerable: true, writable: true, configurable: true });
  return bag;
}

/**
 * A hostile bag: the schema's keys with good (`good`, per key) or hostile
 * values, hostile keys, sometimes with a null prototype.
 */
export function bagArb(
  known: readonly string[],
  good: Readonly<Record<string, readonly string[]>> = {},
  maxKeys = 6,
  options: { heavy?: boolean } = { heavy: true },
): fc.Arbitrary<Record<string, string>> {
  const hostile = valueArb(options);
  const value = (key: string): fc.Arbitrary<string> => {
    const pool = Object.prototype.hasOwnProperty.call(good, key) ? good[key]! : [];
    return pool.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pool) }, { weight: 2, arbitrary: hostile }) : hostile;
  };
  return fc
    .tuple(fc.array(keyArb(known).chain((k) => value(k).map((v) => [k, v] as const)), { maxLength: maxKeys }), fc.boolean())
    .map(([entries, nullProto]) => bagOf(entries, nullProto));
}

// --- Prototype pollution ---------------------------------------------------------

const GUARDED: readonly [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["String.prototype", String.prototype],
  ["Function.prototype", Function.prototype],
  ["Number.prototype", Number.prototype],
  ["Boolean.prototype", Boolean.prototype],
];

/** Every own property of `o` (value, or getter and setter) and its prototype, for comparison with `===`. */
function describeProto(o: object): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key)!;
    const name = typeof key === "symbol" ? `@@${key.description ?? ""}` : key;
    if ("value" in d) out.set(name, d.value);
    else {
      out.set(`${name} (get)`, d.get);
      out.set(`${name} (set)`, d.set);
    }
  }
  out.set("[[Prototype]]", Object.getPrototypeOf(o));
  return out;
}

/**
 * Takes a picture of the built-in prototypes; `check()` throws when any
 * property was added, removed or replaced since, or when a fresh object
 * inherits a `polluted` property.
 */
export function prototypeGuard(): { check(): void } {
  const before = GUARDED.map(([name, o]) => [name, o, describeProto(o)] as const);
  return {
    check() {
      const probe: Record<string, unknown> = {};
      if (probe["polluted"] !== undefined || ([] as unknown as Record<string, unknown>)["polluted"] !== undefined) {
        throw new Error("prototype pollution: a fresh object has a 'polluted' property");
      }
      for (const [name, o, was] of before) {
        const now = describeProto(o);
        for (const key of new Set([...was.keys(), ...now.keys()])) {
          if (was.get(key) !== now.get(key)) throw new Error(`prototype pollution: ${name}[${String(key)}] changed`);
        }
      }
    },
  };
}
