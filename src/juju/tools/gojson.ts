/**
 * Output values the way Juju's hook tools print them.
 *
 * The tools are Go programs: `--format=json` is `json.Marshal(value) + "\n"`.
 * Go maps are printed with their keys sorted byte-wise; Go structs keep their
 * field order. Here a plain object stands for a Go map and an `Ordered`
 * instance for a Go struct, so each formatter knows which rule applies.
 */

/** A Go struct: fields printed in declaration order, never sorted. */
export class Ordered {
  constructor(readonly entries: ReadonlyArray<readonly [string, GoValue]>) {}
}

export type GoValue =
  | null
  | undefined
  | string
  | number
  | boolean
  | readonly GoValue[]
  | Ordered
  | { readonly [key: string]: GoValue };

const encoder = new TextEncoder();

/** Go's `sort.Strings`: compares the UTF-8 bytes, not UTF-16 code units. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: both ASCII, where code-unit order equals byte order.
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(encoder.encode(a)), Buffer.from(encoder.encode(b)));
}

export function sortStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareBytes);
}

/** Go's HTML-safe escapes, which JSON.stringify does not make. */
const HTML_SAFE: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * A JSON string literal exactly as Go's encoding/json writes it (HTML-safe escaping on).
 *
 * JSON.stringify already escapes `"`, `\\` and controls as Go does (short forms for
 * \\b \\f \\n \\r \\t, lower-case `\\u00XX` for the rest); Go also escapes `<`, `>`, `&`,
 * U+2028 and U+2029, and writes a lone surrogate, which is invalid UTF-8, as U+FFFD.
 */
export function goJsonString(s: string): string {
  let out = JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => HTML_SAFE[c]!);
  // JSON.stringify writes a lone surrogate as \\udXXX; a valid pair is left as it is.
  if (out.includes("\\ud")) {
    out = out.replace(/\\(?:u(d[89a-f][0-9a-f]{2})|.)/g, (esc, lone?: string) => (lone ? "\\ufffd" : esc));
  }
  return out;
}

function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  if (Object.is(n, -0)) return "-0";
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go: strconv 'e' format with the exponent at least two digits, e.g. 1e-07, 1e+21.
    const [mant, exp] = n.toExponential().split("e") as [string, string];
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[+-]/, "");
    return `${mant}e${sign}${digits.length < 2 ? "0" + digits : digits}`;
  }
  return String(n);
}

/** `json.Marshal(value)`: compact, map keys sorted, struct fields in order. No trailing newline. */
export function goJson(value: GoValue): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return "[" + value.map((v) => goJson(v)).join(",") + "]";
  if (value instanceof Ordered) {
    return "{" + value.entries.map(([k, v]) => goJsonString(k) + ":" + goJson(v)).join(",") + "}";
  }
  const obj = value as { readonly [key: string]: GoValue };
  const keys = sortStrings(Object.keys(obj));
  return "{" + keys.map((k) => goJsonString(k) + ":" + goJson(obj[k])).join(",") + "}";
}
