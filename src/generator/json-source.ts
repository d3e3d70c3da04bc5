/**
 * A strict JSON parser that also records where every value starts, keyed by
 * JSON pointer, so that errors found later (meta-schema, normalization) can be
 * reported with a line and a column. Syntax errors are reported the same way,
 * and so is a document nested deeper than `MAX_JSON_DEPTH`: the parser stops
 * there, so nothing after it (ajv, ts-morph, the emitters) walks a document
 * deep enough to exhaust the stack. It never throws anything but
 * `JsonSyntaxError` (a `JsonDepthError` for the depth).
 */
import { joinPointer } from "./errors.js";

/**
 * How deep a schema may nest, in JSON levels (each object or array is one;
 * `{"properties": {"a": {...}}}` is two per schema). The deepest schema of
 * Canonical's registry nests 10 levels, the meta-schema 9: 64 leaves room
 * for any real schema and keeps every stage that recurses far from the stack limit.
 */
export const MAX_JSON_DEPTH = 64;

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ParsedJson {
  readonly value: unknown;
  /** Where the value at each JSON pointer starts. */
  readonly positions: ReadonlyMap<string, Position>;
}

export class JsonSyntaxError extends Error {
  override readonly name: string = "JsonSyntaxError";
  constructor(
    message: string,
    readonly position: Position,
    /** Pointer of the innermost value being parsed when the error was found. */
    readonly pointer: string,
  ) {
    super(message);
  }
}

/** A document nested deeper than the limit; `pointer` is the first value too deep. */
export class JsonDepthError extends JsonSyntaxError {
  override readonly name: string = "JsonDepthError";
}

export interface ParseOptions {
  /** The deepest nesting accepted (default `MAX_JSON_DEPTH`). */
  readonly maxDepth?: number;
}

/** Decimal numbers and the three literals, matched where the parser stands (sticky). */
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
/** The characters JSON lets follow a backslash (`u` is checked with its four hex digits). */
const SIMPLE_ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function parseJsonWithPositions(text: string, options: ParseOptions = {}): ParsedJson {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const positions = new Map<string, Position>();
  let i = 0;
  // Line starts, for offset -> line/column.
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);

  const positionOf = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (message: string, pointer: string): never => {
    throw new JsonSyntaxError(message, positionOf(Math.min(i, text.length)), pointer);
  };
  const skipWs = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  /** The character where the parser stands, for messages: quoted and escaped (a whole code point). */
  const describe = (): string => {
    if (i >= text.length) return "end of input";
    const cp = text.codePointAt(i)!;
    return JSON.stringify(String.fromCodePoint(cp)).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  };

  const parseString = (pointer: string): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        // Every escape was checked below: JSON.parse cannot fail here.
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === 92) {
        const next = text[i + 1];
        if (next === undefined) break;
        if (SIMPLE_ESCAPES.has(next)) i += 2;
        else if (next === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          const shown = next === "u" ? `\\u${text.slice(i + 2, i + 6)}` : `\\${String.fromCodePoint(text.codePointAt(i + 1)!)}`;
          fail(`invalid escape ${shown} in a string: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (write a backslash itself as \\\\)`, pointer);
        }
      } else if (c < 32) fail(`control character U+${c.toString(16).padStart(4, "0").toUpperCase()} in a string (write it as an escape, such as \\n or \\u00${c.toString(16).padStart(2, "0")})`, pointer);
      else i++;
    }
    i = start;
    return fail("unterminated string (no closing quote)", pointer);
  };

  const parseValue = (pointer: string, depth: number): unknown => {
    skipWs();
    positions.set(pointer, positionOf(i));
    const c = text[i];
    if ((c === "{" || c === "[") && depth >= maxDepth) {
      throw new JsonDepthError(`nested deeper than ${maxDepth} levels`, positionOf(i), pointer);
    }
    if (c === "{") {
      i++;
      const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      skipWs();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        skipWs();
        if (text[i] !== '"') fail(`expected a property name, found ${describe()}`, pointer);
        const keyAt = i;
        const key = parseString(pointer);
        if (Object.prototype.hasOwnProperty.call(obj, key)) {
          i = keyAt;
          fail(`duplicate property ${JSON.stringify(key)}`, pointer);
        }
        skipWs();
        if (text[i] !== ":") fail(`expected ':' after property name, found ${describe()}`, pointer);
        i++;
        obj[key] = parseValue(joinPointer(pointer, key), depth + 1);
        skipWs();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail(`expected ',' or '}', found ${describe()}`, pointer);
      }
    }
    if (c === "[") {
      i++;
      const arr: unknown[] = [];
      skipWs();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(joinPointer(pointer, arr.length), depth + 1));
        skipWs();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail(`expected ',' or ']', found ${describe()}`, pointer);
      }
    }
    if (c === '"') return parseString(pointer);
    LITERAL.lastIndex = i;
    const m = LITERAL.exec(text);
    if (!m) return fail(`unexpected ${describe()}`, pointer);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };

  const value = parseValue("", 0);
  skipWs();
  if (i < text.length) fail(`unexpected ${describe()} after the document`, "");
  return { value, positions };
}
