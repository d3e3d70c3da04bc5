/**
 * Text from a schema cannot break a page: a description holding `|`, a line
 * break, `<script>`, a backtick or a NUL, a key named with `|`, hostile enum
 * values and examples still give tables whose every row has its eight cells,
 * no raw HTML, no control character, and cells that read back as the text.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { docPages } from "../../src/doc/page.js";
import { code, prose, table } from "../../src/doc/markdown.js";
import { visible } from "../../src/runtime/text.js";
import { tempDir } from "../support/temp.js";
import { rowCells, tables } from "./support.js";

const HOSTILE = "pipe | here\nnext line <script>alert(1)</script> & back`tick` NUL\u0000 end\\|";

/** A peers schema whose texts are the given ones, written to a fresh folder; its page. */
function pageFor(description: string, keyName = "a|b", enumValues: readonly string[] = ["x|y", "c\\|d", "`t`", "<b>"]): string {
  const root = tempDir("relgen-doc-");
  const dir = join(root, "schema", "hostile", "v0");
  mkdirSync(dir, { recursive: true });
  const doc = {
    title: "Hostile",
    description,
    type: "object",
    properties: { unit: { $ref: "#/$defs/Unit" } },
    $defs: {
      Unit: {
        type: "object",
        description,
        properties: {
          [keyName]: { type: "string", description, examples: [description] },
          mode: { type: "string", contentMediaType: "application/json", contentSchema: { enum: enumValues }, description },
        },
      },
    },
    "x-juju": { interface: "hostile", version: 0, role: "peers" },
  };
  writeFileSync(join(dir, "peers.json"), JSON.stringify(doc));
  const pages = docPages([join(dir, "peers.json")], root);
  expect(pages).toHaveLength(1);
  return pages[0]!.markdown;
}

/** A cell's text as a Markdown renderer shows it: backslash escapes and the three entities undone. */
function shownText(cell: string): string {
  return cell.replace(/\\([!-/:-@[-`{-~])|&(amp|lt|gt);/g, (_, escaped: string | undefined, entity: string | undefined) =>
    escaped ?? ({ amp: "&", lt: "<", gt: ">" } as Record<string, string>)[entity!]!,
  );
}

/** What a description becomes on one line: breaks as spaces, control characters escaped. */
function oneLine(text: string): string {
  return visible(text.replace(/[ \t]*(\r\n|\r|\n|\u2028|\u2029)[ \t]*/g, " ").replace(/\t/g, " ")).trim();
}

function expectSafe(page: string): void {
  for (const t of tables(page)) for (const r of t) expect(r).toHaveLength(8);
  // No control character but the line breaks; no HTML outside code (code blocks, code spans) but <code>.
  expect(page).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
  const prose = page.replace(/^(`{3,})ts\n[\s\S]*?\n\1$/gm, "").replace(/(`+)[^`][\s\S]*?\1/g, "").replace(/<\/?code>/g, "");
  expect(prose).not.toMatch(/<[A-Za-z/!?]/);
}

describe("hostile text in a schema", () => {
  it("keeps every table row at eight cells, escapes HTML, control characters and Markdown", () => {
    const page = pageFor(HOSTILE);
    expectSafe(page);
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("NUL\\\\0 end"); // the NUL shown as \0, its backslash escaped for Markdown
    const rows = tables(page)[0]!.slice(2);
    const keyRow = rows.find((r) => r[1] === "`aB`")!;
    expect(keyRow[0]).toBe("`a\\|b`"); // GFM shows `a|b` in a code span
    expect(shownText(keyRow[6]!)).toBe(oneLine(HOSTILE));
    // The example, shown exactly, in a code span that its backticks and its `\|` cannot break.
    expect(keyRow[7]).toMatch(/^<code>.*<\/code>$/);
    expect(shownText(keyRow[7]!.slice(6, -7))).toBe(visible(HOSTILE));
    const modeRow = rows.find((r) => r[0] === "`mode`")!;
    expect(modeRow[2]).toBe("one of `x\\|y`, <code>c\\\\\\|d</code>, `` `t` ``, `<b>`");
  });

  it("a line break in a description cannot start a heading, a list or a table row", () => {
    const page = pageFor("ok\n# heading\n- item\n| a | b |\n---");
    expectSafe(page);
    expect(page).not.toMatch(/^# heading/m);
    expect(page).not.toMatch(/^- item/m);
    expect(page).not.toMatch(/^---$/m);
  });

  it("property: for any description, every table row parses into eight cells and the description reads back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (description) => {
        const page = pageFor(description);
        expectSafe(page);
        const keyRow = tables(page)[0]!.find((r) => r[1] === "`aB`")!;
        expect(shownText(keyRow[6]!)).toBe(oneLine(description));
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("property: table() of prose and code cells always has the header's cell count", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 1, maxLength: 4 }), (texts) => {
        const md = table(["A", "B"], texts.map((t) => [prose(t), code(t, true)]));
        const lines = md.split("\n");
        expect(lines).toHaveLength(texts.length + 2);
        for (const line of lines) expect(rowCells(line)).toHaveLength(2);
        texts.forEach((t, i) => expect(shownText(rowCells(lines[i + 2]!)[0]!)).toBe(oneLine(t)));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("a code span outside a table is fenced by more backticks than it holds", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("``x")).toBe("``` ``x ```");
    expect(code("a|b")).toBe("`a|b`");
    expect(code("")).toBe("*(empty)*");
  });
});
