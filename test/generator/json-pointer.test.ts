/** The generator's one JSON-pointer module (RFC 6901, and RFC 3986 %-escapes in a $ref's fragment). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapePointerToken, joinPointer, resolvePointer, unescapePointerToken } from "../../src/generator/json-pointer.js";

describe("JSON pointers", () => {
  it("escape and unescape any token back to itself, and a joined pointer finds what it names (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (tokens) => {
        for (const t of tokens) expect(unescapePointerToken(escapePointerToken(t))).toBe(t);
        const leaf = { found: true };
        let doc: unknown = leaf;
        for (const t of [...tokens].reverse()) doc = { [t]: doc };
        expect(resolvePointer(doc, joinPointer("", ...tokens))).toBe(leaf);
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it("decodes %-escapes only in a fragment; a malformed one, a missing member or an inherited one points nowhere", () => {
    const doc = { $defs: { "a b": 1, "x/y": [10, 20], "~": 3 } };
    expect(resolvePointer(doc, "/$defs/a%20b", { fragment: true })).toBe(1);
    expect(resolvePointer(doc, "/$defs/a%20b")).toBeUndefined();
    expect(resolvePointer(doc, "/$defs/x~1y/1")).toBe(20);
    expect(resolvePointer(doc, "/$defs/~0")).toBe(3);
    expect(resolvePointer(doc, "/$defs/%E0%A4%A", { fragment: true })).toBeUndefined(); // URIError
    expect(resolvePointer(doc, "/$defs/constructor")).toBeUndefined();
    expect(resolvePointer(doc, "/$defs/nope/deeper")).toBeUndefined();
    expect(resolvePointer(doc, "")).toBe(doc);
  });
});
