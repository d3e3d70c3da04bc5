/**
 * String formats checked by generated validators, and the two helpers that
 * ajv's standalone code needs at run time. The checks are ajv-formats' own
 * format definitions (its `dist/formats.js`: plain regular expressions and
 * functions, no ajv) and Node's `isIP`; generated code imports them from the
 * runtime, never ajv itself, so a hook starts fast.
 *
 * The registry also uses pydantic's nonstandard formats (`ipvanyaddress`,
 * `ipvanynetwork`, `ipvanyinterface`, `path`); thin wrappers check them.
 */
import ajvFormats from "ajv-formats/dist/formats.js";
import { isIP } from "node:net";

type Definition = RegExp | ((s: string) => boolean) | { readonly type?: string; readonly validate: RegExp | ((s: string) => boolean) } | true;

/** One ajv-formats definition as a plain function of a string; null for a format of numbers. */
function checker(definition: Definition): ((s: string) => boolean) | null {
  if (definition === true) return () => true;
  if (definition instanceof RegExp) return (s) => definition.test(s);
  if (typeof definition === "function") return definition;
  if (definition.type !== undefined && definition.type !== "string") return null;
  return checker(definition.validate);
}

/** An address with an optional prefix length: `10.0.0.0/8`, `fe80::/10`, or a bare address. */
function isNetwork(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash < 0) return isIP(s) !== 0;
  const version = isIP(s.slice(0, slash));
  const prefix = s.slice(slash + 1);
  return version !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const fromAjvFormats: Record<string, (s: string) => boolean> = {};
for (const [name, definition] of Object.entries(ajvFormats.fullFormats as Record<string, Definition>)) {
  const check = checker(definition);
  if (check) fromAjvFormats[name] = check;
}

/** Format name -> checker. Every value is a plain function of a string. */
export const formats: Readonly<Record<string, (s: string) => boolean>> = Object.freeze({
  ...fromAjvFormats,
  ipv4: (s: string) => isIP(s) === 4,
  ipv6: (s: string) => isIP(s) === 6,
  ipvanyaddress: (s: string) => isIP(s) !== 0,
  ipvanynetwork: isNetwork,
  ipvanyinterface: isNetwork,
  path: (s: string) => s.length > 0 && !s.includes("\0"),
});

export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(formats));

/** String length in code points, as JSON Schema counts it. */
export function ucs2length(s: string): number {
  let length = 0;
  for (let i = 0; i < s.length; i++) {
    length++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return length;
}

/** Structural equality of JSON values (for `const`, `enum` and `uniqueItems`). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
