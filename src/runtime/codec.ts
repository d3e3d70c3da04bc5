/**
 * Python-compatible JSON for relation databags. The Python charm publishes JSON keys as
 * `json.dumps(value, sort_keys=True)` and reads them with `json.loads`, falling back to the raw
 * string; peers compare bytes. This module writes those bytes (`encodeJson`), reads by the same
 * rule (`decodeJson`), judges presence by Python truthiness (`pyTruthy`) and builds the YAML-safe
 * document for `relation-set --file -` (`encodeTransport`). It runs in every hook: no imports,
 * regular expressions compiled once, common paths (ASCII strings, valid JSON) on native code.
 */

/** A number that Python holds as a float: `new PyFloat(1)` encodes as `1.0`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * Orders strings as Python orders `str`: by code point. JavaScript's default
 * sort compares UTF-16 code units, which puts an astral character (a surrogate
 * pair, 0xD800..) before U+E000..U+FFFF; Python puts it after. A lone surrogate
 * counts as its own code point, as in Python.
 */
export function pyJsonKeyCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const ca = a.charCodeAt(i);
  const cb = b.charCodeAt(i);
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  // The difference may lie inside a pair whose (shared) high surrogate is at i - 1.
  if (i > 0 && isHigh(a.charCodeAt(i - 1)) && (isLow(ca) || isLow(cb))) i--;
  return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
}

// --- Strings ----------------------------------------------------------------

/** Printable ASCII that needs no escape in either output: no `"`, no `\`. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `\uXXXX` with four lowercase hex digits, as Python writes it. */
const hex4 = (c: number): string => "\\u" + (c + 0x10000).toString(16).slice(1);

/**
 * Escapes for code units below 0x80 (undefined = written as is), shared by both
 * outputs: short forms for `"`, `\`, BS, TAB, LF, FF, CR; `\u00XX` for the
 * other C0 controls and DEL (Python escapes all but 0x20..0x7E).
 */
const ASCII_ESCAPES: readonly (string | undefined)[] = (() => {
  const table = new Array<string | undefined>(0x80).fill(undefined);
  for (let c = 0; c < 0x20; c++) table[c] = hex4(c);
  table[0x7f] = hex4(0x7f);
  const short = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r", 0x22: '\\"', 0x5c: "\\\\" };
  return Object.assign(table, short);
})();

/**
 * A double-quoted string. Python mode (`json.dumps`, ensure_ascii): every code unit from 0x80 up
 * becomes `\uXXXX`, which yields Python's surrogate pairs for astral characters and its `\udXXX`
 * for lone surrogates alike. Transport mode (a YAML double-quoted scalar for go-yaml v2):
 * non-ASCII stays raw UTF-8, astral characters included (go-yaml rejects `\uD8xx` escapes), except
 * what go-yaml refuses raw or reads as a line break: C1 controls (U+0085 is NEL), U+2028, U+2029,
 * U+FEFF, U+FFFE, U+FFFF. A lone surrogate has no UTF-8 form: the result is then `null`.
 */
function quote(s: string, transport: boolean): string | null {
  if (PLAIN_ASCII.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) esc = ASCII_ESCAPES[c];
    else if (!transport || c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe) esc = hex4(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      if (!isHigh(c) || !isLow(s.charCodeAt(i + 1))) return null;
      i++; // a well-formed pair, written raw
    }
    if (esc === undefined) continue;
    if (i > start) out += s.slice(start, i);
    out += esc;
    start = i + 1;
  }
  if (start < s.length) out += s.slice(start);
  return out + '"';
}

// --- Numbers ----------------------------------------------------------------

/**
 * Python's `float.__repr__`, with json's NaN/Infinity spellings. Both languages
 * print the shortest round-trip digits; Python lays them out in fixed notation
 * for 1e-4 <= |x| < 1e16 (always with a `.`), else as `d[.ddd]e±XX`.
 */
function pyFloatRepr(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const a = x < 0 ? -x : x;
  if (a >= 1e-4 && a < 1e16) {
    const s = String(x); // fixed notation in JavaScript too, same digits
    return s.includes(".") ? s : s + ".0";
  }
  const e = x.toExponential(); // shortest digits: "-1.5e+16", "1e-5"
  const at = e.indexOf("e");
  const exp = e.slice(at + 2);
  return e.slice(0, at + 2) + (exp.length < 2 ? "0" + exp : exp);
}

/** A plain number: integral values are Python ints (every digit), others floats. */
function pyNumber(x: number): string {
  if (!Number.isInteger(x)) return pyFloatRepr(x);
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0"; // only a float can be -0
  if (x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) return String(x);
  return BigInt(x).toString(); // exact, like Python's int(x)
}

// --- encodeJson -------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

interface EncodeState {
  /** JSON path of the value being encoded, for error messages only. */
  readonly path: (string | number)[];
  /** Containers being encoded right now (shared, non-cyclic references are fine). */
  readonly open: Set<object>;
}

/** Names the kind of an unsupported value, never its content. */
function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor: unknown = proto !== null && typeof proto === "object" ? (proto as { constructor?: unknown }).constructor : undefined;
  return "an instance of " + (typeof ctor === "function" && ctor.name !== "" ? ctor.name : "an unnamed class");
}

function fail(state: EncodeState, what: string): never {
  let at = "$";
  for (const seg of state.path) {
    if (typeof seg === "number") at += "[" + seg + "]";
    else at += IDENTIFIER.test(seg) ? "." + seg : "[" + JSON.stringify(seg) + "]";
  }
  throw new TypeError(`encodeJson: cannot encode ${what} at ${at}`);
}

function encodeValue(value: unknown, state: EncodeState): string {
  switch (typeof value) {
    case "string":
      return quote(value, false) as string;
    case "number":
      return pyNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return fail(state, describe(value));
  }
  if (value === null) return "null";
  if (value instanceof PyFloat) {
    if (typeof value.value !== "number") fail(state, "a PyFloat holding a non-number");
    return pyFloatRepr(value.value);
  }
  const isArray = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) fail(state, describe(value));
  if (state.open.has(value)) fail(state, "a circular reference");
  const { path } = state;
  let out: string;
  if (isArray) {
    const list = value as readonly unknown[];
    if (list.length === 0) return "[]";
    state.open.add(list);
    out = "[";
    for (let i = 0; i < list.length; i++) {
      path.push(i);
      out += (i === 0 ? "" : ", ") + encodeValue(list[i], state);
      path.pop();
    }
    out += "]";
  } else {
    for (const sym of Object.getOwnPropertySymbols(value)) {
      if (Object.prototype.propertyIsEnumerable.call(value, sym)) fail(state, "an object with a symbol key");
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    if (keys.length > 1) keys.sort(pyJsonKeyCompare);
    state.open.add(value);
    const record = value as Record<string, unknown>;
    out = "{";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      path.push(key);
      out += (i === 0 ? "" : ", ") + quote(key, false) + ": " + encodeValue(record[key], state);
      path.pop();
    }
    out += "}";
  }
  state.open.delete(value);
  return out;
}

/**
 * Byte-identical to Python 3 `json.dumps(value, sort_keys=True)`:
 * - strings with ensure_ascii escaping (`\u00e9`, surrogate pairs, `\udXXX` for lone surrogates);
 * - integral numbers as Python ints with every digit (`1e20` → `100000000000000000000`), other
 *   numbers as Python float repr (`1e-05`, `1.5e+16`), `-0` as `-0.0`, NaN/Infinity/-Infinity as
 *   Python spells them; `PyFloat` for a float with an integral value (`1.0`); `bigint` as an int;
 * - arrays in order; plain or null-prototype objects with keys in code point order.
 * Anything else (undefined, functions, symbols, Map, Set, Date, class instances, symbol keys,
 * cycles) throws a TypeError naming the JSON path (`$.a[2]`), never the value.
 */
export function encodeJson(value: unknown): string {
  return encodeValue(value, { path: [], open: new Set() });
}

// --- decodeJson -------------------------------------------------------------

/** Thrown inside the fallback parser; never escapes this module. */
const SYNTAX = Symbol("syntax error");

/** Literal tokens by first character (`-` is tried as `-Infinity` before a number). */
const WORDS = new Map<string, readonly [string, unknown]>([
  ["t", ["true", true]], ["f", ["false", false]], ["n", ["null", null]],
  ["N", ["NaN", NaN]], ["I", ["Infinity", Infinity]], ["-", ["-Infinity", -Infinity]],
]);

/**
 * Python's `json.loads` grammar, for text JSON.parse refused: RFC 8259 plus the
 * tokens `NaN`, `Infinity` and `-Infinity` wherever a value may stand.
 */
function parsePython(s: string): unknown {
  let i = 0;
  const ws = (): void => {
    for (let c = s.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = s.charCodeAt(++i));
  };
  const digits = (): void => {
    const from = i;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i));
    if (i === from) throw SYNTAX;
  };
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?, converted exactly as JSON.parse does.
  const number = (): number => {
    const from = i;
    if (s.charCodeAt(i) === 0x2d) i++;
    if (s.charCodeAt(i) === 0x30) i++;
    else digits();
    if (s.charCodeAt(i) === 0x2e) {
      i++;
      digits();
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      const sign = s.charCodeAt(++i);
      if (sign === 0x2b || sign === 0x2d) i++;
      digits();
    }
    return Number(s.slice(from, i));
  };
  // Finds the closing quote; escapes are decoded (and validated) by JSON.parse.
  const string = (): string => {
    const from = i;
    let escaped = false;
    for (let c = s.charCodeAt(++i); c !== 0x22; c = s.charCodeAt(i)) {
      if (c === 0x5c) {
        escaped = true;
        i += 2;
      } else if (c >= 0x20) i++;
      else throw SYNTAX; // a raw control character, or the end of the text (NaN)
    }
    i++;
    return escaped ? (JSON.parse(s.slice(from, i)) as string) : s.slice(from + 1, i - 1);
  };
  // Opens a container: true when it is empty (and already closed).
  const opens = (close: number): boolean => {
    i++;
    ws();
    if (s.charCodeAt(i) !== close) return false;
    i++;
    return true;
  };
  // After an element: true at the closing bracket, false after a comma.
  const closes = (close: number): boolean => {
    ws();
    const c = s.charCodeAt(i++);
    if (c === close) return true;
    if (c !== 0x2c) throw SYNTAX;
    ws();
    return false;
  };
  const value = (): unknown => {
    const c = s.charCodeAt(i);
    if (c === 0x22) return string();
    if (c === 0x5b) {
      const list: unknown[] = [];
      if (opens(0x5d)) return list;
      do list.push(value());
      while (!closes(0x5d));
      return list;
    }
    if (c === 0x7b) {
      const obj: Record<string, unknown> = {};
      if (opens(0x7d)) return obj;
      do {
        if (s.charCodeAt(i) !== 0x22) throw SYNTAX;
        const key = string();
        ws();
        if (s.charCodeAt(i++) !== 0x3a) throw SYNTAX;
        ws();
        // An own data property even for "__proto__"; never runs a setter.
        Object.defineProperty(obj, key, { value: value(), writable: true, enumerable: true, configurable: true });
      } while (!closes(0x7d));
      return obj;
    }
    const word = WORDS.get(s.charAt(i));
    if (word !== undefined && s.startsWith(word[0], i)) {
      i += word[0].length;
      return word[1];
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
    throw SYNTAX;
  };
  ws();
  const result = value();
  ws();
  if (i !== s.length) throw SYNTAX;
  return result;
}

/**
 * Reads a databag value as the Python charm does (charms.reactive's JSON view): `undefined`,
 * `null` and `""` mean "missing" and are returned as they are; otherwise `json.loads(raw)`, or
 * `raw` itself when that fails (`10.0.0.11` stays a string; `true` and `1` decode). Like
 * `json.loads` it accepts `NaN`, `Infinity`, `-Infinity` and surrounding space/tab/LF/CR, and
 * rejects a BOM, raw control characters in strings and trailing commas. A key `__proto__`
 * becomes an own property.
 *
 * Unavoidable differences from Python, since a JS number is a double:
 * - integers beyond 2^53 lose precision (Python keeps them exact);
 * - ints and floats are not told apart: `1.0` decodes to `1` (re-encoded `1`), the int `-0`
 *   to `-0` (re-encoded `-0.0`; Python has int 0); truthiness agrees;
 * - where Python raises instead (nesting past its recursion limit, an int of more than 4300
 *   digits) this returns the value, or, for nesting too deep for JavaScript too, the raw string.
 */
export function decodeJson(raw: string | null | undefined): unknown {
  if (raw === undefined || raw === null || raw === "" || typeof raw !== "string") return raw;
  if (notJson(raw)) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // not RFC 8259 JSON: maybe Python's extension, else the raw string
  }
  if (raw.includes("NaN") || raw.includes("Infinity")) {
    try {
      return parsePython(raw);
    } catch {
      // invalid for Python too
    }
  }
  return raw;
}

/** A JSON number, with the space `json.loads` and JSON.parse allow around it. */
const NUMBER = /^[ \t\n\r]*-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?[ \t\n\r]*$/;

/**
 * True when neither JSON.parse nor Python's grammar can accept `raw`, told from
 * its first character (and, for a digit or `-`, the number pattern), so that
 * plain values such as addresses are returned without a thrown SyntaxError,
 * which costs far more than the parse. False means "try the parsers".
 */
function notJson(raw: string): boolean {
  let i = 0;
  for (let c = raw.charCodeAt(0); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = raw.charCodeAt(++i));
  const c = raw.charCodeAt(i);
  if (c === 0x2d ? raw.charCodeAt(i + 1) !== 0x49 : c >= 0x30 && c <= 0x39) return !NUMBER.test(raw);
  // { [ " - t f n N I: a container, a string, -Infinity or a word.
  return !(c === 0x7b || c === 0x5b || c === 0x22 || c === 0x2d || c === 0x74 || c === 0x66 || c === 0x6e || c === 0x4e || c === 0x49);
}

// --- pyTruthy ---------------------------------------------------------------

/**
 * Python truthiness of a decoded value: false for undefined, null, false, 0,
 * -0, 0n, "", [] and {} (no own enumerable keys); NaN is truthy, like Python's
 * float nan. A `PyFloat` is judged by its number, a Map or Set by its size.
 */
export function pyTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === 0n || value === "") return false;
  if (typeof value !== "object") return true;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return true;
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  }
  return false;
}

// --- encodeTransport --------------------------------------------------------

/**
 * go-yaml v2 looks at most 1024 characters past the start of an implicit key
 * for its `:`, so a quoted key longer than that (quotes included) fails to
 * parse. go-yaml counts characters, i.e. code points.
 */
const MAX_ENCODED_KEY_CHARS = 1024;

/** Names a key in a message: JSON-quoted (lone surrogates escaped), long keys cut. */
const keyName = (key: string): string => JSON.stringify(key.length > 64 ? key.slice(0, 64) + "…" : key);

/**
 * The document for `relation-set --file -`: a JSON object (hence YAML), keys in
 * code point order, that go-yaml v2 decodes back to exactly `doc`. Values are
 * written verbatim (`""` still means "delete" to Juju).
 *
 * Throws, naming the key but never the value, when a value is not a string,
 * when a key or value holds a lone surrogate (it has no UTF-8 form), or when a
 * key is too long for go-yaml's implicit-key lookahead.
 */
export function encodeTransport(doc: Readonly<Record<string, string>>): string {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new TypeError("encodeTransport: the document must be a plain object of strings");
  }
  const keys = Object.keys(doc);
  if (keys.length > 1) keys.sort(pyJsonKeyCompare);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value: unknown = doc[key];
    if (typeof value !== "string") {
      const kind = value === null ? "null" : typeof value;
      throw new TypeError(`encodeTransport: the value of key ${keyName(key)} is ${kind}, not a string`);
    }
    const k = quote(key, true);
    if (k === null) throw new Error(`encodeTransport: key ${keyName(key)} contains a lone surrogate`);
    if (k.length > MAX_ENCODED_KEY_CHARS && [...k].length > MAX_ENCODED_KEY_CHARS) {
      throw new Error(`encodeTransport: key ${keyName(key)} is too long for Juju's YAML parser`);
    }
    const v = quote(value, true);
    if (v === null) {
      throw new Error(`encodeTransport: the value of key ${keyName(key)} contains a lone surrogate (not valid UTF-8)`);
    }
    out += (i === 0 ? "" : ", ") + k + ": " + v;
  }
  return out + "}";
}


