/**
 * A tiny XML writer for the pictures of a run (the timeline). Text from the
 * document may hold anything a charm put there, so every piece of text and
 * every attribute value goes through `escapeXml()`: first `visible()` (the
 * project's one rule for shown text: no control character, bidi control or
 * lone surrogate survives), then the XML specials. Element and attribute
 * names come from our code only, and are checked.
 *
 * Markup is a branded string (`Xml`): only `el()`, `text()` and `raw()` make
 * one, so text cannot be passed where markup is expected by mistake.
 */
import { visible } from "../runtime/text.js";

declare const markup: unique symbol;
/** A piece of well-formed XML made by this module. */
export type Xml = string & { readonly [markup]: true };

/** Attribute values: numbers are written with at most 2 decimals; null, undefined and false leave the attribute out. */
export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** What an element may hold: markup, lists of markup, or nothing (skipped). */
export type Child = Xml | readonly Child[] | null | undefined | false;

const SPECIAL: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Text safe in XML character data and in a quoted attribute value: `visible()`
 * first, then the two characters XML 1.0 forbids that `visible()` keeps
 * (U+FFFE, U+FFFF) written as `\uXXXX`, then `& < > " '` as entities.
 */
export function escapeXml(value: string): string {
  return visible(value)
    .replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(/[&<>"']/g, (c) => SPECIAL[c]!);
}

/** A number for an attribute: at most 2 decimals, no `-0`, never NaN or Infinity (0 instead). */
export function num(n: number): string {
  if (!Number.isFinite(n)) return "0";
  const r = Math.round(n * 100) / 100;
  return String(r === 0 ? 0 : r);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) throw new Error(`not an XML ${what} name: ${JSON.stringify(name)}`);
}

function flatten(children: readonly Child[], into: string[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (typeof c === "string") into.push(c);
    else flatten(c, into);
  }
}

/** Text content, escaped. */
export function text(value: string | number): Xml {
  return (typeof value === "number" ? num(value) : escapeXml(value)) as Xml;
}

/** Markup written by our own code (a fixed `<style>` block, a declaration). Never for document text. */
export function raw(markupText: string): Xml {
  return markupText as Xml;
}

/** Several pieces of markup, one after the other. */
export function fragment(...children: Child[]): Xml {
  const parts: string[] = [];
  flatten(children, parts);
  return parts.join("") as Xml;
}

/** `<name attrs>children</name>` (or `<name attrs/>` when empty), every attribute value escaped. */
export function el(name: string, attrs: Attrs = {}, ...children: Child[]): Xml {
  checkName(name, "element");
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    checkName(key, "attribute");
    const v = value === true ? key : typeof value === "number" ? num(value) : escapeXml(value);
    open += ` ${key}="${v}"`;
  }
  const body = fragment(...children);
  return (body === "" ? `${open}/>` : `${open}>${body}</${name}>`) as Xml;
}
