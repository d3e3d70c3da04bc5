/**
 * A YAML printer that follows the choices of gopkg.in/yaml.v2's encoder, which
 * Juju uses for `--format=yaml` and for maps under `--format=smart`:
 * map keys in yaml.v2's "natural" order (digit runs compared as numbers),
 * struct fields in declaration order, block style, indentless sequences in
 * mappings, literal style (`|`, `|-`, `|+`) for multi-line strings, double
 * quotes for strings that would otherwise read as another type, single quotes
 * where a plain scalar is not allowed, and long scalars folded at column 80.
 */
import { Ordered, type GoValue } from "./gojson.js";

const BEST_WIDTH = 80;

// ---------------------------------------------------------------- resolve ---

const NON_STRING_WORDS = new Set([
  "~", "null", "Null", "NULL",
  "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
  "true", "True", "TRUE", "false", "False", "FALSE",
  "on", "On", "ON", "off", "Off", "OFF",
  ".nan", ".NaN", ".NAN",
  ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
  "<<",
]);
const INT_RE = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const TIMESTAMP_RE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$/;
const BASE60_RE = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** True when yaml.v2 would read the unquoted text as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  if (s === "" || NON_STRING_WORDS.has(s)) return true;
  const c = s[0]!;
  if ((c >= "0" && c <= "9") || c === "-" || c === "+" || c === ".") {
    if (TIMESTAMP_RE.test(s)) return true;
    const plain = s.replace(/_/g, "");
    if (INT_RE.test(plain) || FLOAT_RE.test(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return BASE60_RE.test(s);
}

// --------------------------------------------------------------- key order ---

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/** yaml.v2 `keyList.Less` for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function yamlSortKeys(keys: string[]): string[] {
  return keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// --------------------------------------------------------- scalar analysis ---

const isPrintable = (cp: number): boolean =>
  cp === 0x0a ||
  (cp >= 0x20 && cp <= 0x7e) ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
const isBreakCp = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isBlankz = (cp: number | undefined): boolean =>
  cp === undefined || cp === 0x20 || cp === 0x09 || isBreakCp(cp) || cp === 0;

interface Analysis {
  multiline: boolean;
  plainAllowed: boolean;
  singleAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(s: string): Analysis {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith("---") || s.startsWith("...")) {
    blockIndicators = true;
  }
  let precededByWs = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const ch = String.fromCodePoint(cp);
    const followedByWs = isBlankz(cps[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        if (followedByWs) blockIndicators = true;
      } else if (ch === "-" && followedByWs) {
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
    } else if (ch === ":") {
      if (followedByWs) blockIndicators = true;
    } else if (ch === "#" && precededByWs) {
      blockIndicators = true;
    }
    if (!isPrintable(cp) || (i === 0 && cp === 0xfeff)) special = true;
    if (isBreakCp(cp)) lineBreaks = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreakCp(cp)) {
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlankz(cp);
  }
  let plainAllowed = true;
  let singleAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    plainAllowed = false;
    singleAllowed = false;
  }
  if (spaceBreak || special) {
    plainAllowed = false;
    singleAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) plainAllowed = false;
  if (blockIndicators) plainAllowed = false;
  return { multiline: lineBreaks, plainAllowed, singleAllowed, blockAllowed };
}

// ---------------------------------------------------------------- writers ---

const ESCAPES: Record<number, string> = {
  0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r",
  0x1b: "e", 0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
};

/** Writes a scalar; `column` is where it starts, `indent` the continuation indent. */
function writePlain(s: string, column: number, indent: number, breaks: boolean): string {
  const chars = [...s];
  let out = "";
  let col = column;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === " ") {
      if (breaks && !spaces && col > BEST_WIDTH && chars[i + 1] !== " ") {
        out += "\n" + " ".repeat(indent);
        col = indent;
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      out += c;
      col++;
      spaces = false;
    }
  }
  return out;
}

function writeSingle(s: string, column: number, indent: number, breaks: boolean): string {
  const chars = [...s];
  let out = "'";
  let col = column + 1;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === " ") {
      if (breaks && !spaces && col > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== " ") {
        out += "\n" + " ".repeat(indent);
        col = indent;
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      out += c === "'" ? "''" : c;
      col += c === "'" ? 2 : 1;
      spaces = false;
    }
  }
  return out + "'";
}

function writeDouble(s: string, column: number, indent: number, breaks: boolean): string {
  const chars = [...s];
  let out = '"';
  let col = column + 1;
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const cp = c.codePointAt(0)!;
    if (!isPrintable(cp) || cp === 0xfeff || isBreakCp(cp) || c === '"' || c === "\\") {
      let esc: string;
      const short = ESCAPES[cp];
      if (short !== undefined) esc = "\\" + short;
      else if (cp <= 0xff) esc = "\\x" + cp.toString(16).toUpperCase().padStart(2, "0");
      else if (cp <= 0xffff) esc = "\\u" + cp.toString(16).toUpperCase().padStart(4, "0");
      else esc = "\\U" + cp.toString(16).toUpperCase().padStart(8, "0");
      out += esc;
      col += esc.length;
      spaces = false;
    } else if (c === " ") {
      if (breaks && !spaces && col > BEST_WIDTH && i > 0 && i < chars.length - 1) {
        out += "\n" + " ".repeat(indent);
        col = indent;
        if (chars[i + 1] === " ") {
          out += "\\";
          col++;
        }
      } else {
        out += c;
        col++;
      }
      spaces = true;
    } else {
      out += c;
      col++;
      spaces = false;
    }
  }
  return out + '"';
}

function writeLiteral(s: string, indent: number): string {
  let hints = "";
  if (s.startsWith(" ") || s.startsWith("\n")) hints += "2";
  if (!s.endsWith("\n")) hints += "-";
  else if (s.length === 1 || s.endsWith("\n\n")) hints += "+";
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  const lines = body.split("\n").map((l) => (l === "" ? "" : " ".repeat(indent) + l));
  return "|" + hints + "\n" + lines.join("\n");
}

/**
 * A string scalar. `key` is true for mapping keys (no literal style, no folding).
 * `column` is the output column where the scalar starts; `indent` is the
 * indentation of continuation lines.
 */
export function yamlString(s: string, column: number, indent: number, key = false): string {
  const a = analyze(s);
  if (s.includes("\n") && !key && a.blockAllowed) return writeLiteral(s, indent);
  if (s.includes("\n") || resolvesToNonString(s)) return writeDouble(s, column, indent, !key);
  if (a.plainAllowed && !(key && a.multiline)) return writePlain(s, column, indent, !key);
  if (a.singleAllowed && !(key && a.multiline)) return writeSingle(s, column, indent, !key);
  return writeDouble(s, column, indent, !key);
}

// --------------------------------------------------------------- document ---

function isEmptyCollection(v: GoValue): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Ordered) return v.entries.length === 0;
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}

function isCollection(v: GoValue): boolean {
  return typeof v === "object" && v !== null;
}

function scalarText(v: GoValue, column: number, indent: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return yamlString(v, column, indent);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return ".nan";
    if (!Number.isFinite(v)) return v > 0 ? ".inf" : "-.inf";
    return String(v);
  }
  if (Array.isArray(v)) return "[]";
  return "{}";
}

function entriesOf(v: GoValue): Array<readonly [string, GoValue]> {
  if (v instanceof Ordered) return [...v.entries];
  const obj = v as { readonly [key: string]: GoValue };
  return yamlSortKeys(Object.keys(obj)).map((k) => [k, obj[k]] as const);
}

/** Lines of a block collection whose first line starts at `indent`. */
function block(v: GoValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmptyCollection(item)) {
        const sub = block(item, indent + 2);
        lines.push(pad + "- " + sub[0]!.slice(indent + 2), ...sub.slice(1));
      } else {
        lines.push(pad + "- " + scalarText(item, indent + 2, indent + 2));
      }
    }
    return lines;
  }
  for (const [k, val] of entriesOf(v)) {
    const keyText = yamlString(k, indent, indent, true);
    if (isCollection(val) && !isEmptyCollection(val)) {
      lines.push(pad + keyText + ":");
      // yaml.v2 writes sequences inside mappings without extra indentation.
      lines.push(...block(val, Array.isArray(val) ? indent : indent + 2));
    } else {
      const start = indent + keyText.length + 2;
      lines.push(pad + keyText + ": " + scalarText(val, start, indent + 2));
    }
  }
  return lines;
}

/** `yaml.Marshal(value)` with trailing newlines trimmed to one; nil prints nothing (juju/cmd FormatYaml). */
export function goYamlDocument(value: GoValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (isCollection(value) && !isEmptyCollection(value)) text = block(value, 0).join("\n");
  else text = scalarText(value, 0, 2);
  text = text.replace(/\n+$/, "");
  return text.length > 0 ? text + "\n" : "";
}
