/** A flag computer's statement is laid out as a person writes it: one line when it fits, one clause per line when not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FLAG_LINE_WIDTH, layoutExpression } from "../../src/generator/emit/flags.js";

type Tree = { v: number } | { op: "&&" | "||"; parts: Tree[] } | { not: Tree };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: 0, max: 5 }).map((v) => ({ v })),
    fc.record({ op: fc.constantFrom("&&" as const, "||" as const), parts: fc.array(tie("t"), { minLength: 2, maxLength: 4 }) }),
    tie("t").map((t) => ({ not: t })),
  ),
})).t;

/** Written as the emitter writes rules: long names and string literals holding operators and parentheses. */
const text = (t: Tree): string =>
  "v" in t ? `has(bag, "key ${t.v} && ( || )", ${t.v})` : "not" in t ? `!(${text(t.not)})` : `(${t.parts.map(text).join(` ${t.op} `)})`;

describe("the layout of a flag computer's statement", () => {
  it("keeps a short statement on its line", () => {
    expect(layoutExpression("units.length >= 1", "isConnected")).toBe(" units.length >= 1");
  });

  it("never changes what the expression computes, and breaks only where a line is too long (property)", () => {
    fc.assert(
      fc.property(tree, fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (t, values) => {
        const expression = text(t);
        const laid = layoutExpression(expression, "isFlag");
        const run = (body: string): boolean => new Function("has", "bag", `return (${body});`)((_: unknown, __: string, i: number) => values[i], null) as boolean;
        expect(run(laid)).toBe(run(expression));
        const statement = `  const isFlag =${laid};`.split("\n");
        if (statement.length === 1) expect(statement[0]!.length).toBeLessThanOrEqual(FLAG_LINE_WIDTH);
        for (const line of statement) expect(line).not.toMatch(/\s$/);
      }),
      { seed: 23, numRuns: 400 },
    );
  });
});
