/**
 * The body of `relation-set --file`: Juju decodes it with go-yaml v2 into a
 * `map[string]string`. It is read here with the `yaml` library (as `secret-add
 * --file` is), in YAML 1.1 with the failsafe schema, so that a scalar keeps
 * its source text (`1.0` stays `1.0`, `true` stays `true`), and with what
 * go-yaml does beyond the library:
 * - a plain `null`, `Null`, `NULL`, `~` or nothing becomes `null` (delete the key);
 * - a control character anywhere, or a `\u` escape of half a surrogate pair,
 *   is refused, as go-yaml refuses them;
 * - a list, a nested map or a scalar document is refused with go-yaml's
 *   "unmarshal errors", each at its line; a later duplicate key wins.
 * Errors never quote a value.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node } from "yaml";
import { RunError } from "./flags.js";

/** key → value, or `null` to delete the key. */
export type SettingsDoc = Map<string, string | null>;

const NULL_WORDS = new Set(["~", "null", "Null", "NULL", ""]);

class DocError extends RunError {}

function fail(message: string): never {
  throw new DocError(message);
}

/** What YAML lets into a document, as go-yaml checks it (tab, line breaks, printable; NEL; the BMP past C1; astral pairs). */
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

/** A `\uXXXX` escape of a surrogate, after an even number of backslashes (go-yaml refuses it; the library would pair it). */
const SURROGATE_ESCAPE = /(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** go-yaml's tag for a node it cannot put where a string or a map of strings goes. */
function tagOf(node: Node | null): string {
  if (isMap(node)) return "!!map";
  if (isSeq(node)) return "!!seq";
  return "!!str";
}

export function parseSettingsDocument(bytes: Uint8Array): SettingsDoc {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    fail("yaml: invalid UTF-8 in input");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkCharacters(text);
  const lines = new LineCounter();
  const doc: Document = parseDocument(text, { version: "1.1", schema: "failsafe", uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  const lineAt = (offset: number | undefined): number => lines.linePos(offset ?? 0).line;
  const problem = doc.errors[0];
  if (problem) fail(`yaml: line ${problem.linePos?.[0].line ?? lineAt(problem.pos[0])}: ${problem.message.replace(/ at line \d+, column \d+.*$/s, "").replace(/^./, (c) => c.toLowerCase())}`);
  const root = doc.contents;
  const out: SettingsDoc = new Map();
  if (root === null || (isScalar(root) && root.type === Scalar.PLAIN && NULL_WORDS.has(String(root.source ?? root.value ?? "")))) return out;
  if (!isMap(root)) fail(`yaml: unmarshal errors:\n  line ${lineAt(root.range?.[0])}: cannot unmarshal ${tagOf(root)} into map[string]string`);
  const errors: string[] = [];
  const resolve = (node: unknown): Node | null => (isAlias(node) ? (node.resolve(doc) ?? null) : ((node as Node | null) ?? null));
  for (const pair of root.items) {
    const key = resolve(pair.key);
    const value = resolve(pair.value);
    if (key !== null && !isScalar(key)) {
      errors.push(`line ${lineAt(key.range?.[0])}: cannot unmarshal ${tagOf(key)} into string`);
      continue;
    }
    if (value !== null && !isScalar(value)) {
      errors.push(`line ${lineAt(value.range?.[0])}: cannot unmarshal ${tagOf(value)} into string`);
      continue;
    }
    if (value !== null && value.type === Scalar.QUOTE_DOUBLE && SURROGATE_ESCAPE.test(text.slice(value.range?.[0], value.range?.[1]))) {
      fail(`yaml: line ${lineAt(value.range?.[0])}: found invalid Unicode character escape code`);
    }
    const name = key === null ? "" : String(key.value ?? "");
    const plain = value === null || value.type === Scalar.PLAIN;
    const raw = value === null ? "" : String(value.value ?? "");
    out.set(name, plain && NULL_WORDS.has(raw) ? null : raw);
  }
  if (errors.length) fail("yaml: unmarshal errors:\n  " + errors.join("\n  "));
  return out;
}
