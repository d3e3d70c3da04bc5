import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { goJson, goJsonString, Ordered, sortStrings } from "../../src/juju/tools/gojson.js";
import { goYamlDocument, yamlSortKeys } from "../../src/juju/tools/goyaml.js";
import { formatSmart, formatValue } from "../../src/juju/tools/common.js";

describe("Go JSON output", () => {
  it("is compact with keys sorted byte-wise", () => {
    expect(goJson({ b: "2", a: "1", "a-b": "x", A: "y" })).toBe('{"A":"y","a":"1","a-b":"x","b":"2"}');
    expect(sortStrings(["cluster:2", "cluster:10", "\u00e9", "z"])).toEqual(["cluster:10", "cluster:2", "z", "\u00e9"]);
  });
  it("escapes HTML characters, U+2028/2029 and controls like encoding/json", () => {
    expect(goJsonString('<a href="x">&</a>')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(goJsonString("\u2028\u2029")).toBe('"\\u2028\\u2029"');
    expect(goJsonString("\n\r\t\b\f\x01\x7f")).toBe('"\\n\\r\\t\\b\\f\\u0001\x7f"');
    expect(goJsonString("é😀")).toBe('"é😀"');
    expect(goJsonString("\ud800")).toBe('"\\ufffd"');
  });
  it("equals a character-by-character reading of Go's encoder", () => {
    // An independent reference: encoding/json's string rules (encode.go, HTMLEscape on), one character at a time.
    const reference = (s: string): string => {
      const short: Record<number, string> = { 0x22: '\\"', 0x5c: "\\\\", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0c: "\\f" };
      const u = (c: number) => "\\u" + c.toString(16).padStart(4, "0");
      let out = '"';
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (short[c]) out += short[c];
        else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) out += u(c);
        else if (c >= 0xd800 && c <= 0xdbff && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) out += s[i]! + s[++i]!;
        else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
        else out += s[i];
      }
      return out + '"';
    };
    const unit = fc.oneof(
      fc.constantFrom("<", ">", "&", "\\", '"', "\u2028", "\u2029", "\ud800", "\udc00", "\ud83d\ude00", "\x7f", "\n", "\x00", "\\ud800"),
      fc.string({ unit: "binary", maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit).map((parts) => parts.join("")), (s) => {
        expect(goJsonString(s)).toBe(reference(s));
      }),
      { numRuns: 500 },
    );
  });
  it("writes a megabyte value in linear time", () => {
    const big = "a<".repeat(300_000) + "\ud83d\ude00".repeat(100_000);
    const out = goJsonString(big);
    expect(out.length).toBe(2 + 300_000 * 7 + 200_000);
    expect(JSON.parse(out)).toBe(big);
  });
  it("prints null, booleans, numbers, lists and structs in field order", () => {
    expect(goJson(null)).toBe("null");
    expect(goJson([true, false, 1, 1.5, 1e21, 1e-7])).toBe("[true,false,1,1.5,1e+21,1e-07]");
    expect(goJson(new Ordered([["z", "1"], ["a", []]]))).toBe('{"z":"1","a":[]}');
    expect(formatValue("json", {})).toBe("{}\n");
  });
  it("round-trips any string map through JSON.parse", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.string({ unit: "binary" })), (bag) => {
        const text = goJson(bag);
        expect(JSON.parse(text)).toEqual(bag);
        expect(text).not.toMatch(/[<>&\u2028\u2029\n]/);
      }),
    );
  });
});

describe("smart and YAML output", () => {
  it("smart: strings raw, lists one per line, bools True/False, nil nothing", () => {
    expect(formatSmart("10.5.0.10")).toBe("10.5.0.10\n");
    expect(formatSmart("")).toBe("");
    expect(formatSmart(null)).toBe("");
    expect(formatSmart(["mysql/1", "mysql/2"])).toBe("mysql/1\nmysql/2\n");
    expect(formatSmart([])).toBe("");
    expect(formatSmart(true)).toBe("True\n");
    expect(formatSmart(false)).toBe("False\n");
  });
  it("maps print as yaml.v2 would", () => {
    const bag = {
      "cluster-address": '"10.5.0.21"',
      "ingress-address": "10.5.0.21",
      "unit-clustered": "true",
      value: "12345",
      empty: "",
      pew: "pew\npew\n",
      hash: "a #b",
      colon: "a: b",
      tab: "a\tb",
    };
    expect(goYamlDocument(bag)).toBe(
      [
        "cluster-address: '\"10.5.0.21\"'",
        "colon: 'a: b'",
        'empty: ""',
        "hash: 'a #b'",
        "ingress-address: 10.5.0.21",
        "pew: |",
        "  pew",
        "  pew",
        'tab: "a\\tb"',
        'unit-clustered: "true"',
        'value: "12345"',
        "",
      ].join("\n"),
    );
    expect(formatSmart({})).toBe("{}\n");
  });
  it("sorts keys in yaml.v2's natural order (digit runs as numbers)", () => {
    expect(yamlSortKeys(["a10", "a2", "b", "a1"])).toEqual(["a1", "a2", "a10", "b"]);
  });
  it("writes structs in field order with indentless sequences", () => {
    const doc = new Ordered([
      ["bind-addresses", [new Ordered([["mac-address", "m"], ["addresses", [new Ordered([["hostname", ""], ["value", "10.5.0.10"]])]]])]],
      ["egress-subnets", ["10.5.0.10/32"]],
    ]);
    expect(goYamlDocument(doc)).toBe(
      ["bind-addresses:", "- mac-address: m", "  addresses:", '  - hostname: ""', "    value: 10.5.0.10", "egress-subnets:", "- 10.5.0.10/32", ""].join("\n"),
    );
  });
  it("folds long plain values at column 80 like yaml.v2", () => {
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
    const out = goYamlDocument({ k: long });
    expect(out.split("\n")[1]).toMatch(/^ {2}word/);
    expect(out.replace(/\n {2}/g, " ")).toBe(`k: ${long}\n`);
  });
});
