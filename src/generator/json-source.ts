/**
 * A strict JSON parser that also records where every value starts, keyed by
 * JSON pointer, so that errors found later (meta-schema, normalization) can be
 * reported with a line and a column. Syntax errors are reported the same way.
 */
import { joinPointer } from "./errors.js";

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
  override readonly name = "JsonSyntaxError";
  constructor(
    message: string,
    readonly position: Position,
    /** Pointer of the innermost value being parsed when the error was found. */
    readonly pointer: string,
  ) {
    super(message);
  }
}

export function parseJsonWithPositions(text: string): ParsedJson {
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
  const describe = (): string => (i >= text.length ? "end of input" : JSON.stringify(text[i]));

  const parseString = (pointer: string): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c === 92) i += 2;
      else if (c < 32) fail("control character in string", pointer);
      else i++;
    }
    return fail("unterminated string", pointer);
  };

  const parseValue = (pointer: string): unknown => {
    skipWs();
    positions.set(pointer, positionOf(i));
    const c = text[i];
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
        const key = parseString(pointer);
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate property ${JSON.stringify(key)}`, pointer);
        skipWs();
        if (text[i] !== ":") fail(`expected ':' after property name, found ${describe()}`, pointer);
        i++;
        obj[key] = parseValue(joinPointer(pointer, key));
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
        arr.push(parseValue(joinPointer(pointer, arr.length)));
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
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return fail(`unexpected ${describe()}`, pointer);
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };

  const value = parseValue("");
  skipWs();
  if (i < text.length) fail(`unexpected ${describe()} after the document`, "");
  return { value, positions };
}
