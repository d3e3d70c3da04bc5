import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseSettingsDocument } from "../../src/juju/tools/settings-doc.js";
import { RunError } from "../../src/juju/tools/flags.js";

const parse = (text: string) => Object.fromEntries(parseSettingsDocument(Buffer.from(text, "utf8")));
const refused = (text: string | Buffer): string => {
  try {
    parseSettingsDocument(typeof text === "string" ? Buffer.from(text, "utf8") : text);
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return (e as Error).message;
  }
  throw new Error("accepted");
};

describe("relation-set documents", () => {
  it("reads a JSON object; null deletes; scalars keep their source text", () => {
    expect(parse('{"a": "x", "b": null, "c": 1.0, "d": true, "e": "", "f": "\\u00e9\\n"}')).toEqual({
      a: "x",
      b: null,
      c: "1.0",
      d: "true",
      e: "",
      f: "é\n",
    });
    expect(parse("{}")).toEqual({});
    expect(parse("")).toEqual({});
  });
  it("round-trips any map of strings sent as JSON", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (bag) => {
        // what a careful producer sends: JSON with C0/C1/DEL/U+2028/2029 escaped, astral characters raw
        const json = JSON.stringify(bag).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
        if (/[\ud800-\udfff]/.test(json.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) return; // lone surrogates cannot be sent
        expect(parse(json)).toEqual(bag);
      }),
    );
  });
  it("reads a flat YAML map as PyYAML's safe_dump writes it", () => {
    const yaml = [
      "cluster-address: '\"10.5.0.21\"'",
      "egress-subnets: 10.5.0.21/32",
      "ingress-address: 10.5.0.21",
      "long: 'aaaa bbbb",
      "  cccc'",
      'quoted: "tab\\there"',
      "unit-clustered: 'true'",
      "nothing: null",
      "tilde: ~",
      "empty:",
      "block: |",
      "  line 1",
      "  line 2",
      "# a comment",
      "",
    ].join("\n");
    expect(parse(yaml)).toEqual({
      "cluster-address": '"10.5.0.21"',
      "egress-subnets": "10.5.0.21/32",
      "ingress-address": "10.5.0.21",
      long: "aaaa bbbb cccc",
      quoted: "tab\there",
      "unit-clustered": "true",
      nothing: null,
      tilde: null,
      empty: null,
      block: "line 1\nline 2\n",
    });
    expect(parse("---\na: b\n")).toEqual({ a: "b" });
  });
  it("refuses documents that are not maps of strings", () => {
    expect(refused('{"a": {"b": "c"}}')).toBe("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into string");
    expect(refused('{"a": ["x"]}')).toMatch(/cannot unmarshal !!seq into string/);
    expect(refused('["a", "b"]')).toMatch(/cannot unmarshal !!seq into map\[string\]string/);
    expect(refused("just a string")).toMatch(/cannot unmarshal !!str into map\[string\]string/);
    expect(refused("- a\n- b\n")).toMatch(/cannot unmarshal !!seq into map\[string\]string/);
    expect(refused("a:\n  b: c\n")).toMatch(/cannot unmarshal !!map into string/);
    expect(refused("a:\n  - x\n")).toMatch(/cannot unmarshal !!seq into string/);
    expect(refused('{"a": "x"')).toMatch(/^yaml: line 1:/);
  });
  it("refuses what go-yaml refuses: surrogate escapes, control characters, bad UTF-8", () => {
    expect(refused('{"a": "\\ud83d\\ude00"}')).toBe("yaml: line 1: found invalid Unicode character escape code");
    expect(refused('{"a": "x\u0001"}')).toBe("yaml: control characters are not allowed");
    expect(refused('{"a": "\u007f"}')).toBe("yaml: control characters are not allowed");
    expect(refused(Buffer.from([0x7b, 0xff, 0x7d]))).toMatch(/UTF-8/);
  });
  it("never quotes a value in an error", () => {
    expect(refused('{"password": {"nested": "hunter2"}}')).not.toContain("hunter2");
    expect(refused("hunter2")).not.toContain("hunter2");
  });
});
