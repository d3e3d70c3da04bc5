import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PyFloat, decodeJson, encodeJson, encodeTransport, pyJsonKeyCompare, pyTruthy } from "../../src/runtime/codec.js";

// --- Python vectors (scripts/make-codec-vectors.py) ------------------------

type PyNode =
  | { null: true }
  | { bool: boolean }
  | { int: string }
  | { float: string }
  | { str: string }
  | { list: PyNode[] }
  | { dict: [string, PyNode][] };

interface Vectors<C> {
  generator: string;
  python: string;
  cases: C[];
}
interface DumpsCase {
  name: string;
  input: PyNode;
  dumps: string;
}
interface LoadsCase {
  raw: string;
  value?: PyNode;
  truthy: boolean;
}

function loadVectors<C>(file: string): Vectors<C> {
  const url = new URL(`../fixtures/codec/${file}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), "utf8")) as Vectors<C>;
}

function floatOf(repr: string): number {
  if (repr === "nan") return NaN;
  if (repr === "inf") return Infinity;
  if (repr === "-inf") return -Infinity;
  return Number(repr);
}

/**
 * Rebuilds a Python value. "tagged": every float a PyFloat, every int a bigint.
 * "plain": plain numbers wherever they encode the same (PyFloat only for integral
 * floats, bigint only for ints a double cannot hold). "decoded": what JS JSON
 * decoding can give (ints and floats both as the nearest double).
 */
function rebuild(node: PyNode, mode: "tagged" | "plain" | "decoded"): unknown {
  if ("null" in node) return null;
  if ("bool" in node) return node.bool;
  if ("str" in node) return node.str;
  if ("int" in node) {
    const n = Number(node.int);
    if (mode === "decoded") return n;
    if (mode === "tagged") return BigInt(node.int);
    return BigInt(n) === BigInt(node.int) ? n : BigInt(node.int);
  }
  if ("float" in node) {
    const x = floatOf(node.float);
    if (mode === "tagged") return new PyFloat(x);
    if (mode === "plain" && Number.isInteger(x) && !Object.is(x, -0)) return new PyFloat(x);
    return x;
  }
  if ("list" in node) return node.list.map((v) => rebuild(v, mode));
  return Object.fromEntries(node.dict.map(([k, v]) => [k, rebuild(v, mode)]));
}

const dumps = loadVectors<DumpsCase>("python-json-dumps.json");
const loads = loadVectors<LoadsCase>("python-json-loads.json");

describe("encodeJson matches Python json.dumps(x, sort_keys=True)", () => {
  it("has a substantial vector table", () => {
    expect(dumps.python).toMatch(/^3\./);
    expect(dumps.cases.length).toBeGreaterThan(500);
  });

  it.each(dumps.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(encodeJson(rebuild(c.input, "tagged"))).toBe(c.dumps);
    expect(encodeJson(rebuild(c.input, "plain"))).toBe(c.dumps);
  });
});

describe("decodeJson matches the reactive view (json.loads, else the raw string)", () => {
  // Unavoidable: JS has no int/float distinction, so the int literal -0 decodes as
  // the double -0 (Python: int 0). Truthiness is the same.
  const KNOWN: Record<string, unknown> = { "-0": -0, "[-0]": [-0] };

  it.each(loads.cases.map((c) => [JSON.stringify(c.raw), c] as const))("%s", (_name, c) => {
    const decoded = decodeJson(c.raw);
    if (c.raw in KNOWN) expect(decoded).toEqual(KNOWN[c.raw]);
    else expect(decoded).toEqual(c.value === undefined ? c.raw : rebuild(c.value, "decoded"));
    expect(pyTruthy(decoded)).toBe(c.truthy);
  });
});

// --- encodeJson ------------------------------------------------------------

describe("encodeJson", () => {
  it("encodes the interface's own values like the Python charm", () => {
    expect(encodeJson("10.10.10.10")).toBe('"10.10.10.10"');
    expect(encodeJson(true)).toBe("true");
    expect(encodeJson(false)).toBe("false");
    expect(encodeJson(null)).toBe("null");
    expect(encodeJson({ b: [1, "x"], a: { d: null, c: true } })).toBe('{"a": {"c": true, "d": null}, "b": [1, "x"]}');
  });

  it("writes integral numbers as Python ints and PyFloat as floats", () => {
    expect(encodeJson(1)).toBe("1");
    expect(encodeJson(-5)).toBe("-5");
    expect(encodeJson(1e16)).toBe("10000000000000000");
    expect(encodeJson(1e20)).toBe("100000000000000000000");
    expect(encodeJson(2 ** 60)).toBe("1152921504606846976");
    expect(encodeJson(12345678901234567890n)).toBe("12345678901234567890");
    expect(encodeJson(-0)).toBe("-0.0");
    expect(encodeJson(new PyFloat(1))).toBe("1.0");
    expect(encodeJson(new PyFloat(1e16))).toBe("1e+16");
    expect(encodeJson(new PyFloat(-0))).toBe("-0.0");
    expect(encodeJson(new PyFloat(0))).toBe("0.0");
    expect(encodeJson([0.1, 1e-5, 1e-7, 1.5e16 + 0.5, NaN, Infinity, -Infinity])).toBe(
      "[0.1, 1e-05, 1e-07, 15000000000000000, NaN, Infinity, -Infinity]",
    );
  });

  it("accepts null-prototype objects, shared references and own __proto__ keys", () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.z = 1;
    bare.a = 2;
    expect(encodeJson(bare)).toBe('{"a": 2, "z": 1}');
    const shared = { x: 1 };
    expect(encodeJson([shared, shared])).toBe('[{"x": 1}, {"x": 1}]');
    expect(encodeJson(JSON.parse('{"__proto__": 1, "b": 2}'))).toBe('{"__proto__": 1, "b": 2}');
  });

  it.each([
    ["undefined", { a: [1, 2, undefined] }, "$.a[2]", "undefined"],
    ["undefined at the top", undefined, "$", "undefined"],
    ["a function", { f: () => 1 }, "$.f", "a function"],
    ["a symbol", [Symbol("s")], "$[0]", "a symbol"],
    ["a Map", { m: new Map([["secret", "v"]]) }, "$.m", "Map"],
    ["a Set", { "my-key": [new Set()] }, '$["my-key"][0]', "Set"],
    ["a Date", { d: new Date(0) }, "$.d", "Date"],
    ["a class instance", { x: new (class Secretive { token = "s3cr3t" })() }, "$.x", "Secretive"],
    ["a boxed string", { s: new String("s3cr3t") }, "$.s", "String"],
    ["a symbol key", { o: { [Symbol("k")]: "s3cr3t" } }, "$.o", "symbol key"],
    ["a PyFloat of a string", new PyFloat("1" as unknown as number), "$", "PyFloat"],
  ])("rejects %s with a TypeError naming the path, never the value", (_what, value, path, kind) => {
    let error: unknown;
    try {
      encodeJson(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toContain(` at ${path}`);
    expect(message.endsWith(path)).toBe(true);
    expect(message).toContain(kind);
    expect(message).not.toContain("s3cr3t");
    expect(message).not.toContain("secret");
  });

  it("rejects cycles", () => {
    const a: Record<string, unknown> = { k: "s3cr3t" };
    a.self = [a];
    expect(() => encodeJson({ root: a })).toThrow(/circular reference at \$\.root\.self\[0\]$/);
  });
});

describe("pyJsonKeyCompare", () => {
  it("orders by code point, not UTF-16 code unit", () => {
    const keys = ["\u{10000}", "\uffff", "\ue000", "z", "\ud800", "\udc00", "", "a"];
    expect([...keys].sort(pyJsonKeyCompare)).toEqual(["", "a", "z", "\ud800", "\udc00", "\ue000", "\uffff", "\u{10000}"]);
  });

  it("agrees with a code point reference on surrogate-heavy strings", () => {
    const unit = fc.constantFrom("a", "\ud83d", "\ude00", "\ude01", "\ud800", "\udc00", "\ue000", "\uffff", "😀", "\u{10000}", "\u{10ffff}");
    const str = fc.string({ unit, maxLength: 5 });
    const reference = (a: string, b: string): number => {
      const x = Array.from(a, (c) => c.codePointAt(0) as number);
      const y = Array.from(b, (c) => c.codePointAt(0) as number);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
      return x.length - y.length;
    };
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(Math.sign(pyJsonKeyCompare(a, b))).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});

// --- decodeJson and pyTruthy -----------------------------------------------

describe("decodeJson", () => {
  it("returns missing values as they are", () => {
    expect(decodeJson(undefined)).toBeUndefined();
    expect(decodeJson(null)).toBeNull();
    expect(decodeJson("")).toBe("");
  });

  it("falls back to the raw string and decodes JSON, including Python's extension", () => {
    expect(decodeJson("10.0.0.11")).toBe("10.0.0.11");
    expect(decodeJson("10.5.0.21/32")).toBe("10.5.0.21/32");
    expect(decodeJson('"x"')).toBe("x");
    expect(decodeJson("true")).toBe(true);
    expect(decodeJson("NaN")).toBeNaN();
    expect(decodeJson("[Infinity]")).toEqual([Infinity]);
    expect(decodeJson('{"a": -Infinity}')).toEqual({ a: -Infinity });
    expect(decodeJson(" \t\r\n[NaN] \n")).toEqual([NaN]);
    expect(decodeJson("\u00a0NaN")).toBe("\u00a0NaN");
    expect(decodeJson("[NaN,]")).toBe("[NaN,]");
  });

  it.each(['{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}', '{"__proto__": {"polluted": NaN}, "constructor": {"prototype": {"polluted": 2}}}'])(
    "keeps __proto__ and constructor as own properties: %s",
    (raw) => {
      const value = decodeJson(raw) as Record<string, unknown>;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
      expect(Object.getOwnPropertyDescriptor(value, "__proto__")?.enumerable).toBe(true);
      expect((value["__proto__"] as Record<string, unknown>)["polluted"]).toBeDefined();
      expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
    },
  );

  it("returns number-like text exactly as JSON.parse judges it (the number grammar json.loads shares)", () => {
    // Plain values such as addresses skip the parsers; this checks that shortcut never refuses a number.
    const numberish = fc.string({ unit: fc.constantFrom("-", "0", "1", "9", ".", "e", "E", "+", " ", "\t", "\n", "x", ":", "/"), maxLength: 12 });
    fc.assert(
      fc.property(numberish, (raw) => {
        let expected: unknown;
        try {
          expected = raw === "" ? "" : JSON.parse(raw);
        } catch {
          expected = raw;
        }
        expect(decodeJson(raw)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(decodeJson("10.5.0.21")).toBe("10.5.0.21");
    expect(decodeJson(" -1.5e3 ")).toBe(-1500);
    expect(decodeJson("-Infinity")).toBe(-Infinity);
    expect(decodeJson("nope")).toBe("nope");
    expect(decodeJson("true ")).toBe(true);
  });

  it("handles 1 MiB values on every path", () => {
    const big = "a".repeat(1 << 20);
    expect(decodeJson(`"${big}"`)).toBe(big);
    expect(decodeJson(big)).toBe(big);
    expect(decodeJson(`["${big}", NaN]`)).toEqual([big, NaN]);
    expect(decodeJson(`["${big}\\n", NaN, "\\u00e9"]`)).toEqual([`${big}\n`, NaN, "é"]);
    expect(decodeJson(`${"[".repeat(1 << 20)}NaN`)).toBe(`${"[".repeat(1 << 20)}NaN`);
  });
});

describe("pyTruthy", () => {
  it.each([
    [undefined, false],
    [null, false],
    [false, false],
    [0, false],
    [-0, false],
    [0n, false],
    ["", false],
    [[], false],
    [{}, false],
    [Object.create(null), false],
    [new PyFloat(0), false],
    [true, true],
    [1, true],
    [-1, true],
    [NaN, true],
    [Infinity, true],
    [1n, true],
    ["false", true],
    ["0", true],
    [" ", true],
    [[0], true],
    [[null], true],
    [{ a: null }, true],
    [new PyFloat(NaN), true],
  ])("pyTruthy(%o) === %s", (value, expected) => {
    expect(pyTruthy(value)).toBe(expected);
  });

  it("judges decoded wire values as the Python charm does", () => {
    expect(pyTruthy(decodeJson('"false"'))).toBe(true);
    expect(pyTruthy(decodeJson("false"))).toBe(false);
    expect(pyTruthy(decodeJson("0.0"))).toBe(false);
    expect(pyTruthy(decodeJson("[]"))).toBe(false);
    expect(pyTruthy(decodeJson("{}"))).toBe(false);
    expect(pyTruthy(decodeJson("10.0.0.11"))).toBe(true);
    expect(pyTruthy(decodeJson("NaN"))).toBe(true);
  });
});

// --- encodeTransport -------------------------------------------------------

describe("encodeTransport", () => {
  it("writes a sorted JSON object with raw UTF-8 and YAML-unsafe characters escaped", () => {
    expect(encodeTransport({})).toBe("{}");
    expect(encodeTransport({ "unit-clustered": "true", "cluster-address": '"10.5.0.21"', "egress-subnets": "" })).toBe(
      '{"cluster-address": "\\"10.5.0.21\\"", "egress-subnets": "", "unit-clustered": "true"}',
    );
    expect(encodeTransport({ "\u{10000}": "😀", "\uffff": "é\u00a0日" })).toBe('{"\\uffff": "é\u00a0日", "\u{10000}": "😀"}');
    expect(encodeTransport({ k: "\0\b\t\n\f\r\x1b\x7f\x80\x85\x9f\u2028\u2029\ufeff\ufffe\uffff\\\"" })).toBe(
      '{"k": "\\u0000\\b\\t\\n\\f\\r\\u001b\\u007f\\u0080\\u0085\\u009f\\u2028\\u2029\\ufeff\\ufffe\\uffff\\\\\\""}',
    );
  });

  it("refuses non-string values and over-long keys, naming the key only", () => {
    expect(() => encodeTransport({ port: 3306 } as unknown as Record<string, string>)).toThrow(/key "port" is number/);
    expect(() => encodeTransport({ nothing: null } as unknown as Record<string, string>)).toThrow(/key "nothing" is null/);
    expect(() => encodeTransport(["x"] as unknown as Record<string, string>)).toThrow(TypeError);
    expect(encodeTransport({ ["k".repeat(1022)]: "v" })).toContain("k".repeat(1022));
    expect(() => encodeTransport({ ["k".repeat(1023)]: "v" })).toThrow(/too long/);
    expect(() => encodeTransport({ ["😀".repeat(1023)]: "v" })).toThrow(/too long/);
  });

  it("refuses a lone surrogate in a key", () => {
    expect(() => encodeTransport({ "a\ud800": "v" })).toThrow(/key "a\\ud800" contains a lone surrogate/);
  });
});

// --- Properties ------------------------------------------------------------

const SPECIALS = ["\0", "\x1f", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", '"', "\\", "😀", "\u{10ffff}", "é"];
const wellFormedUnit = fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), fc.constantFrom(...SPECIALS));
const anyUnit = fc.oneof(wellFormedUnit, fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)));
const wellFormedString = fc.string({ unit: wellFormedUnit, maxLength: 12 });
const anyString = fc.string({ unit: anyUnit, maxLength: 12 });

const finiteNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
);
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), finiteNumber, anyString, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(anyString, tie("value"), { maxKeys: 5 }),
}));

describe("properties", () => {
  it("decodeJson(encodeJson(x)) equals x", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        // Neither null nor "" is special here: they encode to "null" and '""', which decode back.
        expect(decodeJson(encodeJson(x))).toEqual(x);
      }),
      { numRuns: 1000 },
    );
  });

  it("encodeJson never throws on JSON values and writes printable ASCII only", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        expect(encodeJson(x)).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 1000 },
    );
  });

  it("the Python-extension parser reads whole documents like JSON.parse", () => {
    fc.assert(
      fc.property(jsonValue, (x) => {
        expect(decodeJson(encodeJson([x, NaN]))).toEqual([x, NaN]);
        expect(decodeJson(encodeJson({ "-": -Infinity, v: x }))).toEqual({ "-": -Infinity, v: x });
      }),
      { numRuns: 500 },
    );
  });

  it("encodeTransport round-trips well-formed maps and never writes surrogate escapes or raw controls", () => {
    fc.assert(
      fc.property(fc.dictionary(wellFormedString, wellFormedString, { maxKeys: 6 }), (m) => {
        const out = encodeTransport(m);
        expect(JSON.parse(out)).toEqual(m);
        expect(out).not.toMatch(/\\u[dD][89abAB]/);
        expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/);
        expect(Buffer.from(out, "utf8").toString("utf8")).toBe(out); // survives the trip to stdin
      }),
      { numRuns: 1000 },
    );
  });

  it("encodeTransport refuses a lone surrogate, naming the key and not the value", () => {
    const lone = fc.constantFrom("\ud800x", "\udbff", "\udc00", "\udfff\ud800", "x\ude00");
    const key = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(key, wellFormedString, lone, wellFormedString, (k, before, bad, after) => {
        const value = `s3cr3t${before}${bad}${after}`;
        let message = "";
        expect(() => {
          try {
            encodeTransport({ [k]: value, other: "fine" });
          } catch (e) {
            message = (e as Error).message;
            throw e;
          }
        }).toThrow(Error);
        expect(message).toContain(JSON.stringify(k));
        expect(message).not.toContain(value);
        expect(message).not.toContain("s3cr3t");
      }),
    );
  });

  it("decodeJson never throws", () => {
    const token = fc.constantFrom("NaN", "Infinity", "-Infinity", "[", "]", "{", "}", ",", ":", '"a"', '"', "\\", "1", "-", "e", ".", " ", "\n", "\ud800", "😀");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: anyUnit }), fc.string({ unit: token, maxLength: 30 })), (raw) => {
        expect(() => decodeJson(raw)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
