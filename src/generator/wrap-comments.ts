/**
 * Wraps the comments of formatted code to a width, as a person would have
 * written them: `//` comments, the lines of `/** ... *\/` blocks, and a
 * one-line `/** ... *\/` that is too long, which becomes a block. A paragraph
 * (lines of one comment up to a blank line, a tag such as `@param`, a list
 * item or a code fence) with a line over the width is filled again as a
 * whole; one that fits is left as written. Text breaks only at spaces, so a
 * word (a URL, a long identifier) longer than the width stays whole on its
 * own line; the lines of a Markdown code fence are never touched, and a list
 * item's continuation is indented under its text. Code lines are not touched
 * either: the formatter has laid them out. The first line is the file's
 * header, which tools find by its text (`generatedByRelgen`): it stays whole.
 */

/** Greedy fill of `words`: the first line after `first`, the others after `rest`. */
function fill(words: readonly string[], first: string, rest: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const prefix = lines.length === 0 ? first : rest;
    if (line !== "" && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push((lines.length === 0 ? first : rest) + line);
  return lines.map((l) => l.trimEnd());
}

const ITEM = /^(\s*)([-*+]|\d+[.)])\s+/;
/** A comment text line that starts a paragraph of its own. */
const startsParagraph = (text: string): boolean => text.trim() === "" || /^\s*@/.test(text) || ITEM.test(text) || /^\s*(```|~~~)/.test(text);

/**
 * The comment lines of one comment (their texts after `prefix`), filled
 * again paragraph by paragraph where a line is longer than `width`.
 */
function wrapTexts(prefix: string, texts: readonly string[], width: number): string[] {
  const out: string[] = [];
  let fence = false;
  let i = 0;
  while (i < texts.length) {
    const text = texts[i]!;
    if (/^\s*(```|~~~)/.test(text)) fence = !fence;
    if (fence || text.trim() === "" || /^\s*(```|~~~)/.test(text)) {
      out.push((prefix + text).trimEnd());
      i++;
      continue;
    }
    let end = i + 1;
    while (end < texts.length && !startsParagraph(texts[end]!)) end++;
    const paragraph = texts.slice(i, end);
    if (paragraph.every((t) => (prefix + t).length <= width)) out.push(...paragraph.map((t) => (prefix + t).trimEnd()));
    else {
      const lead = /^\s*/.exec(text)![0];
      const item = ITEM.exec(text);
      const rest = prefix + (item ? " ".repeat(item[0].length) : lead);
      out.push(...fill(paragraph.join(" ").trim().split(/ +/), prefix + lead, rest, width));
    }
    i = end;
  }
  return out;
}

export function wrapComments(code: string, width: number): string {
  const lines = code.split("\n");
  const out: string[] = lines.slice(0, 1);
  let i = 1;
  while (i < lines.length) {
    const line = lines[i]!;
    const single = /^(\s*)\/\*\*\s+(.*?)\s*\*\/$/.exec(line);
    if (single && line.length > width) {
      const indent = single[1]!;
      out.push(`${indent}/**`, ...wrapTexts(`${indent} * `, [single[2]!], width), `${indent} */`);
      i++;
      continue;
    }
    const comment = /^(\s*)\/\/( ?)/.exec(line);
    if (comment) {
      // A run of `//` lines at one indentation is one comment.
      const prefix = `${comment[1]}// `;
      const texts: string[] = [];
      while (i < lines.length && (lines[i]!.startsWith(prefix) || lines[i]!.trimEnd() === prefix.trimEnd())) texts.push(lines[i++]!.slice(prefix.length));
      if (texts.length === 0) {
        out.push(line);
        i++;
      } else out.push(...wrapTexts(prefix, texts, width));
      continue;
    }
    const block = /^(\s*)\/\*/.exec(line);
    if (block && !line.includes("*/")) {
      out.push(line);
      i++;
      const prefix = `${block[1]} * `;
      const texts: string[] = [];
      while (i < lines.length && !lines[i]!.includes("*/") && (lines[i]!.startsWith(prefix) || lines[i]!.trimEnd() === prefix.trimEnd())) texts.push(lines[i++]!.slice(prefix.length));
      out.push(...wrapTexts(prefix, texts, width));
      continue;
    }
    out.push(line);
    i++;
  }
  return out.join("\n");
}
