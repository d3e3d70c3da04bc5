/**
 * The body of `relation-set --file`: Juju decodes it with go-yaml v2 into a
 * `map[string]string`. This reader covers what charms send: a JSON object
 * (JSON is YAML flow syntax) and a flat block map as PyYAML's `safe_dump`
 * writes it (plain, single- or double-quoted scalars, folded continuation
 * lines, `|`/`>` block scalars, comments, `---`). Scalars keep their source
 * text (`1.0` stays `1.0`), `null`/`~`/empty become `null` (delete the key).
 * Anything else (a list, a nested map, a scalar document) is refused with an
 * error and nothing is stored. Errors never quote a value.
 */
import { RunError } from "./flags.js";

/** key → value, or `null` to delete the key. */
export type SettingsDoc = Map<string, string | null>;

const NULL_WORDS = new Set(["~", "null", "Null", "NULL", ""]);

class DocError extends RunError {}

function fail(message: string): never {
  throw new DocError(message);
}

function checkCharacters(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xd7ff) continue;
    if (c >= 0xe000 && c <= 0xfffd) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    fail("yaml: control characters are not allowed");
  }
}

const isBreak = (c: string | undefined): boolean =>
  c === "\n" || c === "\r" || c === "\u0085" || c === "\u2028" || c === "\u2029";

const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\u0085", _: "\u00a0", L: "\u2028", P: "\u2029",
};

/** Characters scanned to count lines, over all documents (a test checks the parser stays linear). */
export const lineScan = { chars: 0 };

/**
 * A cursor over the text that knows its line number (for error messages),
 * counted from where it was last asked, so that asking at every entry keeps
 * a document linear in its length.
 */
class Cursor {
  pos = 0;
  #linePos = 0;
  #line = 1;
  constructor(readonly text: string) {}
  get line(): number {
    if (this.pos < this.#linePos) {
      this.#linePos = 0;
      this.#line = 1;
    }
    const end = Math.min(this.pos, this.text.length);
    lineScan.chars += Math.max(0, end - this.#linePos);
    for (let i = this.#linePos; i < end; i++) if (this.text.charCodeAt(i) === 10) this.#line++;
    this.#linePos = end;
    return this.#line;
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  error(msg: string): never {
    fail(`yaml: line ${this.line}: ${msg}`);
  }
}

/** Folds line breaks inside a quoted scalar as YAML does: one break → space, n breaks → n-1 newlines. */
function foldBreaks(c: Cursor, out: string[]): void {
  // Trailing blanks before the break are dropped.
  while (out.length && (out[out.length - 1] === " " || out[out.length - 1] === "\t")) out.pop();
  let breaks = 0;
  while (c.pos < c.text.length) {
    const ch = c.text[c.pos];
    if (isBreak(ch)) {
      if (ch === "\r" && c.text[c.pos + 1] === "\n") c.pos++;
      breaks++;
      c.pos++;
    } else if (ch === " " || ch === "\t") c.pos++;
    else break;
  }
  out.push(breaks === 1 ? " " : "\n".repeat(breaks - 1));
}

function readDoubleQuoted(c: Cursor): string {
  c.pos++; // opening quote
  const out: string[] = [];
  for (;;) {
    const ch = c.text[c.pos];
    if (ch === undefined) c.error("found unexpected end of stream while scanning a quoted scalar");
    if (ch === '"') {
      c.pos++;
      return out.join("");
    }
    if (isBreak(ch)) {
      foldBreaks(c, out);
      continue;
    }
    if (ch !== "\\") {
      out.push(ch);
      c.pos++;
      continue;
    }
    const e = c.text[c.pos + 1];
    if (e !== undefined && isBreak(e)) {
      // escaped line break: joins lines without a space
      c.pos += e === "\r" && c.text[c.pos + 2] === "\n" ? 3 : 2;
      while (c.text[c.pos] === " " || c.text[c.pos] === "\t") c.pos++;
      continue;
    }
    if (e !== undefined && e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]!);
      c.pos += 2;
      continue;
    }
    const width = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (width === 0) c.error("found unknown escape character while parsing a quoted scalar");
    const hex = c.text.slice(c.pos + 2, c.pos + 2 + width);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) {
      c.error("did not find expected hexdecimal number while parsing a quoted scalar");
    }
    const cp = parseInt(hex, 16);
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) c.error("found invalid Unicode character escape code");
    out.push(String.fromCodePoint(cp));
    c.pos += 2 + width;
  }
}

function readSingleQuoted(c: Cursor): string {
  c.pos++;
  const out: string[] = [];
  for (;;) {
    const ch = c.text[c.pos];
    if (ch === undefined) c.error("found unexpected end of stream while scanning a quoted scalar");
    if (ch === "'") {
      if (c.text[c.pos + 1] === "'") {
        out.push("'");
        c.pos += 2;
        continue;
      }
      c.pos++;
      return out.join("");
    }
    if (isBreak(ch)) {
      foldBreaks(c, out);
      continue;
    }
    out.push(ch);
    c.pos++;
  }
}

// ------------------------------------------------------------------ flow ---

type FlowValue = { kind: "scalar"; value: string | null } | { kind: "map" } | { kind: "seq" };

function skipFlowSpace(c: Cursor): void {
  for (;;) {
    const ch = c.peek();
    if (ch === " " || ch === "\t" || isBreak(ch)) c.pos++;
    else if (ch === "#") while (c.pos < c.text.length && !isBreak(c.peek())) c.pos++;
    else return;
  }
}

function readFlowPlain(c: Cursor): string {
  const start = c.pos;
  while (c.pos < c.text.length) {
    const ch = c.text[c.pos]!;
    if (",[]{}".includes(ch) || isBreak(ch)) break;
    if (ch === ":" && /[\s,\]}]/.test(c.text[c.pos + 1] ?? " ")) break;
    if (ch === "#" && /\s/.test(c.text[c.pos - 1] ?? " ")) break;
    c.pos++;
  }
  return c.text.slice(start, c.pos).trim();
}

/** Reads one flow node; nested collections are skipped and reported by kind. */
function readFlowNode(c: Cursor, onEntry?: (key: string, value: FlowValue, line: number) => void): FlowValue {
  skipFlowSpace(c);
  const ch = c.peek();
  if (ch === "{" || ch === "[") {
    const close = ch === "{" ? "}" : "]";
    c.pos++;
    for (;;) {
      skipFlowSpace(c);
      if (c.peek() === close) {
        c.pos++;
        return { kind: ch === "{" ? "map" : "seq" };
      }
      const line = c.line;
      const keyNode = readFlowNode(c);
      skipFlowSpace(c);
      let value: FlowValue = { kind: "scalar", value: null };
      if (ch === "{") {
        if (c.peek() !== ":") c.error("did not find expected ',' or '}'");
        c.pos++;
        skipFlowSpace(c);
        value = c.peek() === "," || c.peek() === "}" ? { kind: "scalar", value: null } : readFlowNode(c);
        if (keyNode.kind !== "scalar") c.error("cannot use a collection as a mapping key");
        onEntry?.(keyNode.value ?? "", value, line);
      }
      skipFlowSpace(c);
      if (c.peek() === ",") c.pos++;
      else if (c.peek() !== close) c.error(`did not find expected ',' or '${close}'`);
    }
  }
  if (ch === '"') return { kind: "scalar", value: readDoubleQuoted(c) };
  if (ch === "'") return { kind: "scalar", value: readSingleQuoted(c) };
  if (ch === undefined) c.error("did not find expected node content");
  if ("&*!|>%@`".includes(ch)) c.error("anchors, aliases, tags and block scalars are not supported in flow style");
  const text = readFlowPlain(c);
  if (text === "" && c.peek() !== undefined && ",]}".includes(c.peek()!)) c.error("did not find expected node content");
  return { kind: "scalar", value: NULL_WORDS.has(text) ? null : text };
}

function typeError(line: number, kind: string, target: string): string {
  return `line ${line}: cannot unmarshal !!${kind} into ${target}`;
}

function parseFlowDocument(text: string): SettingsDoc {
  const c = new Cursor(text);
  const out: SettingsDoc = new Map();
  const errors: string[] = [];
  skipFlowSpace(c);
  const line = c.line;
  const top = readFlowNode(c, (key, value, entryLine) => {
    if (value.kind !== "scalar") errors.push(typeError(entryLine, value.kind, "string"));
    else out.set(key, value.value);
  });
  skipFlowSpace(c);
  if (c.pos < c.text.length && !c.text.slice(c.pos).startsWith("...")) c.error("did not find expected <document start>");
  if (top.kind !== "map") errors.unshift(typeError(line, top.kind === "seq" ? "seq" : "str", "map[string]string"));
  if (errors.length) fail("yaml: unmarshal errors:\n  " + errors.join("\n  "));
  return out;
}

// ----------------------------------------------------------------- block ---

const KEY_RE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:,[\]{}&*!|>%@`][^#]*?|[-?:][^\s#][^#]*?)\s*:(?:\s+|$)/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function stripComment(s: string): string {
  const m = /(^|\s)#/.exec(s);
  return (m ? s.slice(0, m.index) : s).trim();
}

function parseKey(raw: string, line: number): string {
  if (raw.startsWith('"') || raw.startsWith("'")) {
    const c = new Cursor(raw);
    const v = raw.startsWith('"') ? readDoubleQuoted(c) : readSingleQuoted(c);
    if (c.pos !== raw.length) fail(`yaml: line ${line}: did not find expected key`);
    return v;
  }
  return raw.trim();
}

function blockScalar(header: string, body: string[], lineNo: number): string {
  const m = /^([|>])([1-9]?)([-+]?)([1-9]?)$/.exec(header);
  if (!m) fail(`yaml: line ${lineNo}: did not find expected comment or line break`);
  const folded = m[1] === ">";
  const chomp = m[3] || "";
  const explicit = Number(m[2] || m[4] || 0);
  const contentIndent = explicit || Math.min(...body.filter((l) => l.trim() !== "").map(indentOf), Infinity);
  const lines = body.map((l) => (l.trim() === "" ? "" : l.slice(Number.isFinite(contentIndent) ? contentIndent : 0)));
  let trailing = 0;
  while (lines.length && lines[lines.length - 1] === "") {
    lines.pop();
    trailing++;
  }
  let text = folded
    ? lines.reduce((acc, l, i) => (i === 0 ? l : acc + (l === "" || lines[i - 1] === "" || l.startsWith(" ") ? "\n" : " ") + l), "")
    : lines.join("\n");
  if (lines.length === 0) return "";
  if (chomp === "+") text += "\n".repeat(trailing + 1);
  else if (chomp === "") text += "\n";
  return text;
}

function parseBlockDocument(text: string): SettingsDoc {
  const lines = text.split(/\r?\n/);
  const out: SettingsDoc = new Map();
  const errors: string[] = [];
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && (lines[i]!.trim() === "" || lines[i]!.trim().startsWith("#"))) i++;
  };
  skipBlank();
  if (i < lines.length && /^---(\s|$)/.test(lines[i]!)) {
    if (lines[i]!.slice(3).trim() !== "" && !lines[i]!.slice(3).trim().startsWith("#")) fail(`yaml: line ${i + 1}: a document on the '---' line is not supported`);
    i++;
  }
  while (true) {
    skipBlank();
    if (i >= lines.length || /^\.\.\.(\s|$)/.test(lines[i]!)) break;
    const line = lines[i]!;
    const lineNo = i + 1;
    if (indentOf(line) !== 0) fail(`yaml: line ${lineNo}: did not find expected key`);
    if (/^-(\s|$)/.test(line)) fail("yaml: unmarshal errors:\n  " + typeError(lineNo, "seq", "map[string]string"));
    const m = KEY_RE.exec(line);
    if (!m) {
      if (out.size === 0 && !lines.slice(i).some((l) => KEY_RE.test(l))) fail("yaml: unmarshal errors:\n  " + typeError(lineNo, "str", "map[string]string"));
      fail(`yaml: line ${lineNo}: could not find expected ':'`);
    }
    const key = parseKey(m[1]!, lineNo);
    let rest = line.slice(m[0].length);
    i++;
    // Lines indented under this key belong to its value.
    const body: string[] = [];
    while (i < lines.length && (lines[i]!.trim() === "" || indentOf(lines[i]!) > 0)) body.push(lines[i++]!);
    while (body.length && body[body.length - 1]!.trim() === "") {
      body.pop();
      i--;
    }
    rest = rest.trimEnd();
    const first = rest.trimStart()[0];
    if (first === '"' || first === "'") {
      const joined = [rest.trimStart(), ...body].join("\n");
      const c = new Cursor(joined);
      const value = first === '"' ? readDoubleQuoted(c) : readSingleQuoted(c);
      if (stripComment(joined.slice(c.pos)) !== "") fail(`yaml: line ${lineNo}: did not find expected key`);
      out.set(key, value);
    } else if (first === "|" || first === ">") {
      out.set(key, blockScalar(stripComment(rest), body, lineNo));
    } else if (first === "{" || first === "[") {
      const c = new Cursor([rest, ...body].join("\n"));
      const node = readFlowNode(c);
      errors.push(typeError(lineNo, node.kind === "scalar" ? "str" : node.kind, "string"));
    } else if (first !== undefined && "&*!%@`".includes(first)) {
      fail(`yaml: line ${lineNo}: anchors, aliases and tags are not supported`);
    } else if (first === undefined || first === "#") {
      const content = body.filter((l) => stripComment(l) !== "");
      if (content.length === 0) out.set(key, null);
      else if (/^\s*-(\s|$)/.test(content[0]!)) errors.push(typeError(lineNo + 1, "seq", "string"));
      else if (KEY_RE.test(content[0]!.trimStart())) errors.push(typeError(lineNo + 1, "map", "string"));
      else out.set(key, content.map((l) => stripComment(l)).join(" "));
    } else {
      const parts = [stripComment(rest), ...body.map((l) => stripComment(l))].filter((p) => p !== "");
      const value = parts.join(" ");
      if (body.some((l) => /:(\s|$)/.test(stripComment(l)))) {
        // "key: value" followed by an indented "k: v" is a YAML error
        fail(`yaml: line ${lineNo + 1}: mapping values are not allowed in this context`);
      }
      out.set(key, NULL_WORDS.has(value) ? null : value);
    }
  }
  if (errors.length) fail("yaml: unmarshal errors:\n  " + errors.join("\n  "));
  return out;
}

/** Decodes the bytes given to `relation-set --file`; throws a `RunError` when they are refused. */
export function parseSettingsDocument(bytes: Uint8Array): SettingsDoc {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    fail("yaml: invalid UTF-8 in input");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkCharacters(text);
  const start = /^(?:\s*(?:#[^\n]*)?\n)*\s*(?:---[ \t]*)?/.exec(text)![0].length;
  const c = text[start] ?? text.trimStart()[0];
  if (c === "{" || c === "[") return parseFlowDocument(text.slice(start));
  return parseBlockDocument(text);
}
