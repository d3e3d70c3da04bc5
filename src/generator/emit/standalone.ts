/**
 * ajv's standalone code as a module of relgen's: the one place that turns
 * what ajv prints into a generated ES module, for the bags' validators and
 * the actions' alike. ajv's `require`s of its run-time helpers become imports
 * of the runtime's (a `require` left over is an error), and a string literal
 * longer than a line (a schema's `pattern`) is split into a concatenation of
 * pieces, so that the formatter can lay it out within its width.
 */
import type { Ajv2020 } from "ajv/dist/2020.js";
import standaloneCodeModule from "ajv/dist/standalone/index.js";
import { stringLiteral } from "./templating.js";

type StandaloneFn = (ajv: Ajv2020, exports: Record<string, string>) => string;
// ajv ships CommonJS: depending on the loader the function is the module or its `default`.
const standaloneCode = ((standaloneCodeModule as unknown as { default?: unknown }).default ?? standaloneCodeModule) as StandaloneFn;

/** ajv's run-time helpers and the runtime functions that replace them. */
const RUNTIME_HELPERS: Readonly<Record<string, string>> = {
  'require("ajv/dist/runtime/ucs2length").default': "ucs2length",
  'require("ajv/dist/runtime/equal").default': "deepEqual",
};

/** The longest piece of a split string literal, in source characters. */
export const STRING_PIECE = 60;

/**
 * The pieces of a double-quoted string literal's body, none longer than
 * `max` source characters, each cut between escapes (`\"`, `\u00e9`) and
 * never inside a surrogate pair.
 */
function pieces(body: string, max: number): string[] {
  const units = body.match(/\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[^]|[\ud800-\udbff][\udc00-\udfff]|[^]/g) ?? [];
  const out: string[] = [];
  let piece = "";
  for (const unit of units) {
    if (piece.length + unit.length > max && piece !== "") {
      out.push(piece);
      piece = "";
    }
    piece += unit;
  }
  if (piece !== "") out.push(piece);
  return out;
}

/**
 * Splits every double-quoted string literal of `code` longer than `max`
 * characters into `"..." + "..."`. The scan knows ajv's code: strings in
 * single or double quotes, line and block comments, and no regular
 * expression literals (ajv builds patterns with `new RegExp`).
 */
export function splitLongStrings(code: string, max = STRING_PIECE): string {
  let out = "";
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    if (c === "/" && (code[i + 1] === "/" || code[i + 1] === "*")) {
      const end = code[i + 1] === "/" ? code.indexOf("\n", i) : code.indexOf("*/", i + 2) + 2;
      const stop = end <= 0 || end === 1 ? code.length : end;
      out += code.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === "\\" ? 2 : 1;
      const literal = code.slice(i, j + 1);
      out += c === '"' && literal.length > max + 2 ? pieces(literal.slice(1, -1), max).map((p) => `"${p}"`).join(" + ") : literal;
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * The ES module of ajv's standalone code for `exports` (export name ->
 * schema key), importing the runtime helpers it uses from `formatsModule`.
 * `source` names the schema in the error about a `require` left over.
 */
export function standaloneModule(ajv: Ajv2020, exports: Record<string, string>, formatsModule: string, source: string): string {
  let code = Object.keys(exports).length === 0 ? "" : standaloneCode(ajv, exports).replace(/^"use strict";/, "");
  const helpers = new Set<string>();
  for (const [from, to] of Object.entries(RUNTIME_HELPERS)) {
    if (code.includes(from)) {
      code = code.split(from).join(to);
      helpers.add(to);
    }
  }
  if (code.includes("__formats")) helpers.add("formats as __formats");
  if (code.includes("require(")) throw new Error(`${source}: ajv produced a require() that relgen cannot replace; please report the schema`);
  const imports = helpers.size > 0 ? `import { ${[...helpers].sort().join(", ")} } from ${stringLiteral(formatsModule)};\n` : "";
  return imports + splitLongStrings(code);
}
