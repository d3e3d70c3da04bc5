/**
 * Markdown from untrusted text. Everything a schema says (descriptions, key
 * names, enum values, examples) reaches a page only through these functions,
 * so it can neither break the page's structure (a table cell, a code span, a
 * list item) nor inject HTML:
 *
 * - `prose()`: running text. Line breaks become spaces, other control
 *   characters are escaped by `visible()`, `&`, `<` and `>` become entities,
 *   and every character Markdown acts on (`\`, `` ` ``, `*`, `_`, `[`, `]`,
 *   `|`, `#`, `~`, `!`, a list marker at the start) is backslash-escaped;
 * - `code()`: a code span showing the text exactly (control characters
 *   escaped), fenced by more backticks than it holds; in a table cell a `|`
 *   is escaped as GFM requires, and text holding `\|` (which no code span in
 *   a table can show) falls back to `<code>` around escaped prose;
 * - `table()`: a GFM table of cells that are already Markdown.
 *
 * Pure and deterministic.
 */
import { visible } from "../runtime/text.js";

/** Markdown of one line: never holds a line break. */
export type Md = string & { readonly __markdown?: never };

/** Line breaks (and the tabs around them) as one space; every other control character escaped visibly. */
function oneLine(text: string): string {
  return visible(text.replace(/[ \t]*(\r\n|\r|\n|\u2028|\u2029)[ \t]*/g, " ").replace(/\t/g, " "));
}

const SPECIAL = /[\\`*_[\]|#~!]/g;
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Running text, safe anywhere inline: in a paragraph, a list item, a heading or a table cell. */
export function prose(text: string): Md {
  const escaped = oneLine(text)
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(SPECIAL, (c) => `\\${c}`);
  // A list marker or an ordered-list number at the start of a line would make a list.
  return escaped.replace(/^(\s*)([-+=])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** A code span showing `text` exactly (control characters escaped); `inTable` for a GFM table cell. */
export function code(text: string, inTable = false): Md {
  const shown = visible(text);
  if (shown === "") return "*(empty)*";
  if (inTable && /\\\|/.test(shown)) return `<code>${prose(shown)}</code>`;
  const body = inTable ? shown.replace(/\|/g, "\\|") : shown;
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block of `language` holding `text` (which is code this program wrote). */
export function codeBlock(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text.replace(/\n+$/, "")}\n${fence}`;
}

/** A GFM table: `header` names the columns; every row has as many cells (already Markdown, one line each). */
export function table(header: readonly string[], rows: readonly (readonly Md[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  for (const row of rows) if (row.length !== header.length) throw new Error(`a table row has ${row.length} cells, not ${header.length}`);
  return [line(header.map((h) => prose(h))), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Items as a comma-separated list of code spans. */
export function codeList(items: readonly string[], inTable = false): Md {
  return items.map((i) => code(i, inTable)).join(", ");
}
