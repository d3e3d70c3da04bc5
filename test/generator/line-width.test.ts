/**
 * Generated code is as wide as the formatter's width: every line of the
 * checked-in generated folders, the golden interface and the demo's actions
 * fits in PRINT_WIDTH, but for a file's header (tools find it by its text) and
 * a line holding one word or one string that is longer by itself. The pieces
 * that make it so are tested here too: comments filled again paragraph by
 * paragraph, and long string literals of ajv's code split into pieces.
 */
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { breakHeritage, PRINT_WIDTH } from "../../src/generator/format.js";
import { splitLongStrings } from "../../src/generator/emit/standalone.js";
import { wrapComments } from "../../src/generator/wrap-comments.js";
import { overWidth } from "../support/line-width.js";

const root = join(import.meta.dirname, "..", "..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|js)$/.test(n) ? [p] : [];
  });
}

describe("generated lines", () => {
  it(`fit in ${PRINT_WIDTH} columns, but for the header and a single word or string`, () => {
    const all = [join(root, "generated"), join(root, "test/golden/expected"), join(root, "examples/mysql-innodb-cluster/generated")].flatMap(files);
    expect(all.length).toBeGreaterThan(30);
    expect(all.flatMap((f) => overWidth(relative(root, f), readFileSync(f, "utf8")))).toEqual([]);
  });
});

describe("wrapComments", () => {
  const long = "word ".repeat(40).trim();

  it("fills a long JSDoc paragraph again as a whole, keeping tags, list items and fences apart", () => {
    const code = [
      "/**",
      ` * ${long}`,
      " * and a short line that belongs to the paragraph.",
      " *",
      ` * - ${long}`,
      ` * @param x ${long}`,
      " * ```",
      ` * ${"code ".repeat(30)}`,
      " * ```",
      " */",
      "const x = 1;",
    ].join("\n");
    const out = wrapComments("// header\n" + code, 60).split("\n").slice(1);
    expect(out.filter((l) => l.length > 60 && !l.startsWith(" * code"))).toEqual([]);
    expect(out).toContain(" * ```");
    expect(out.some((l) => l.startsWith(" * code") && l.length > 60)).toBe(true); // a fence is left as written
    expect(out.find((l) => l.startsWith(" * - "))).toBeDefined();
    expect(out.some((l) => l.startsWith(" *   word"))).toBe(true); // a list item's continuation is under its text
    expect(out.some((l) => l.startsWith(" * @param x word"))).toBe(true);
    expect(out.at(-1)).toBe("const x = 1;");
    // The short line was joined to its paragraph.
    expect(out.join("\n")).toMatch(/word and a short line/);
  });

  it("turns a long one-line JSDoc into a block, and wraps `//` comments at their indentation", () => {
    const out = wrapComments(`// header\n  /** ${long} */\n  // ${long}\n  code(); // ${long}`, 50).split("\n");
    expect(out[1]).toBe("  /**");
    expect(out.filter((l) => l.startsWith("   * ")).length).toBeGreaterThan(2);
    expect(out.filter((l) => l.startsWith("  // ")).length).toBeGreaterThan(2);
    expect(out.at(-1)).toBe(`  code(); // ${long}`); // code lines are never touched
  });

  it("keeps the first line (the header) whole, and every word in order; a second pass changes nothing", () => {
    const word = fc.stringMatching(/^[a-z`*@()./-]{1,14}$/).filter((w) => !w.includes("*/") && !w.startsWith("```"));
    const text = fc.array(word, { minLength: 1, maxLength: 60 }).map((ws) => ws.join(" "));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), fc.integer({ min: 30, max: 100 }), (paragraphs, width) => {
        const header = `// generated from ${"x".repeat(120)} by relgen; do not edit.`;
        const code = [header, "/**", ...paragraphs.flatMap((p, i) => (i > 0 ? [" *", ` * ${p}`] : [` * ${p}`])), " */", `// ${paragraphs[0]}`].join("\n");
        const once = wrapComments(code, width);
        expect(once.split("\n")[0]).toBe(header);
        expect(once.split(/\s+/).filter((w) => !["*", "//", "/**", "*/"].includes(w))).toEqual(code.split(/\s+/).filter((w) => !["*", "//", "/**", "*/"].includes(w)));
        for (const line of once.split("\n").slice(1)) if (line.length > width) expect(line.trim().split(" ").length).toBeLessThanOrEqual(2);
        expect(wrapComments(once, width)).toBe(once);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe("breakHeritage", () => {
  it("puts a long declaration's extends on a line of its own, type parameters kept, and leaves short ones", () => {
    const long = `export interface ${"A".repeat(50)}<T extends Record<string, X>> extends ${"B".repeat(40)}<T> {`;
    expect(breakHeritage(long, 100)).toBe(`export interface ${"A".repeat(50)}<T extends Record<string, X>>\n  extends ${"B".repeat(40)}<T> {`);
    expect(breakHeritage(`  class ${"C".repeat(60)} extends ${"D".repeat(40)} {`, 100)).toBe(`  class ${"C".repeat(60)}\n    extends ${"D".repeat(40)} {`);
    const short = "export interface A extends B {";
    expect(breakHeritage(short, 100)).toBe(short);
  });
});

describe("splitLongStrings", () => {
  it("splits a long double-quoted literal into pieces that make the same string, and leaves the rest of the code alone", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.integer({ min: 4, max: 80 }), (s, max) => {
        const literal = JSON.stringify(s);
        const code = `const a = ${literal}; // "${"q".repeat(100)}"\nconst b = '${"x".repeat(100)}';`;
        const split = splitLongStrings(code, max);
        const evaluated = new Function(`${split.replace(/^const /gm, "var ")}; return [a, b];`)() as [string, string];
        expect(evaluated).toEqual([s, "x".repeat(100)]);
        const pieces = [...split.split("\n")[0]!.split(" // ")[0]!.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]);
        // Each piece is at most `max` source characters inside its quotes (one escape may carry it over).
        for (const p of pieces) expect(p.length - 2).toBeLessThanOrEqual(max + 6);
        expect(split).toContain(`// "${"q".repeat(100)}"`);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
