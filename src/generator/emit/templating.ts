/**
 * Handlebars, made safe for code generation. Templates may only print values
 * through the helpers below, each of which produces text that cannot escape
 * its context: `str` a string literal, `json` a JSON literal, `ident` a checked
 * identifier, `doc` text for a JSDoc block, `line` text for a `//` comment.
 * Loading a template that prints anything another way is an error, so a key
 * name, enum value or description can never break out of a string or comment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { TEMPLATES_DIR } from "../paths.js";
import { isIdentifier } from "../naming.js";

const hb = Handlebars.create();

/** A JavaScript string literal (double-quoted) holding exactly `text`. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A JavaScript expression for a JSON value. */
export function jsonLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Text safe inside a `/** ... *\/` block: `*\/` is written `*\\/`, each line prefixed with ` * `. */
export function docText(text: string, indent = ""): string {
  return text
    .replace(/\*\//g, "*\\/")
    .replace(/\r\n?|[\u2028\u2029]/g, "\n")
    .split("\n")
    .map((l, i) => (i === 0 ? l : `${indent} * ${l}`.trimEnd()))
    .join("\n");
}

/** Text safe in a `//` comment: one line, control characters escaped. */
export function lineComment(text: string): string {
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(text) ? stringLiteral(text).slice(1, -1) : text;
}

/** `name`, checked to be an identifier (a template's `{{ident}}`, for code an emitter builds). */
export function identifier(name: unknown): string {
  if (typeof name !== "string" || !isIdentifier(name)) throw new Error(`template: not an identifier: ${JSON.stringify(name)}`);
  return name;
}

const SAFE_HELPERS: Record<string, (...args: unknown[]) => string> = {
  str: (v) => stringLiteral(String(v)),
  json: (v) => jsonLiteral(v),
  ident: (v) => identifier(v),
  doc: (v, indent) => docText(String(v ?? ""), typeof indent === "string" ? indent : ""),
  line: (v) => lineComment(String(v ?? "")),
  /** A literal piece of TypeScript built by an emitter from the pieces above. */
  code: (v) => (v instanceof SafeCode ? v.text : fail(`template: {{code}} needs emitter-built code, got ${typeof v}`)),
};
for (const [name, fn] of Object.entries(SAFE_HELPERS)) hb.registerHelper(name, (...args: unknown[]) => fn(...args.slice(0, -1)));
hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);

function fail(message: string): never {
  throw new Error(message);
}

/** Code assembled by an emitter from literals and identifiers only. */
export class SafeCode {
  constructor(readonly text: string) {}
}

type Node = { type: string; path?: { original?: unknown; parts?: string[] }; params?: Node[]; program?: { body: Node[] }; inverse?: { body: Node[] } | null };

/** Rejects any `{{...}}` that prints without going through a safe helper. */
function checkTemplate(name: string, nodes: readonly Node[]): void {
  for (const node of nodes) {
    if (node.type === "MustacheStatement") {
      const helper = String(node.path?.original ?? "");
      if (!(helper in SAFE_HELPERS) || (node.params?.length ?? 0) === 0) {
        throw new Error(`template ${name}: {{${helper}}} prints unescaped text; use one of ${Object.keys(SAFE_HELPERS).join(", ")}`);
      }
    }
    if (node.program) checkTemplate(name, node.program.body);
    if (node.inverse) checkTemplate(name, node.inverse.body);
  }
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

export function loadTemplate(name: string, dir = TEMPLATES_DIR): Handlebars.TemplateDelegate {
  const key = join(dir, name);
  let template = cache.get(key);
  if (!template) {
    const source = readFileSync(key, "utf8");
    checkTemplate(name, (hb.parse(source) as unknown as { body: Node[] }).body);
    template = hb.compile(source, { noEscape: true, strict: true });
    cache.set(key, template);
  }
  return template;
}

/** Forgets compiled templates (used by --watch when a template changes). */
export function clearTemplateCache(): void {
  cache.clear();
}

export function render(name: string, context: object): string {
  return loadTemplate(name)(context);
}
