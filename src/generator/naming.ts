/**
 * How wire names become TypeScript names — the one documented mapping:
 *
 *   1. split the key at every run of characters that are not ASCII letters or digits
 *      (`cluster-address`, `cluster_address`, `cluster.address` all give `cluster` + `address`);
 *   2. keep the first word, lowering its first letter; capitalise the first letter of
 *      every following word; leave the other letters as they are;
 *   3. prefix `_` when the result starts with a digit.
 *
 * A key that maps to nothing, to a reserved word, or to the same name as
 * another key is refused with a schema error (see `normalize.ts`).
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "implements interface let package private protected public static yield await arguments eval " +
    "any boolean never number object string symbol undefined unknown bigint " +
    "constructor prototype"
  ).split(" "),
);

export function isReservedWord(name: string): boolean {
  return RESERVED.has(name);
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

export function toCamelCase(text: string): string {
  const parts = words(text);
  if (parts.length === 0) return "";
  const [first, ...rest] = parts as [string, ...string[]];
  const name =
    first.charAt(0).toLowerCase() + first.slice(1) + rest.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(name) ? "_" + name : name;
}

export function toPascalCase(text: string): string {
  const camel = toCamelCase(text);
  if (camel.startsWith("_")) return "_" + camel.slice(1);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}
