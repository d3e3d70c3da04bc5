/**
 * Errors of the generator. Every one names the schema file and, where it can,
 * the JSON pointer and the line and column of the offending value, so that a
 * schema author can jump straight to it.
 */

import { visible } from "../runtime/text.js";

export interface SchemaLocation {
  /** Path of the schema file, as given (usually relative to the working directory). */
  readonly file: string;
  /** JSON pointer (RFC 6901) of the offending value; `""` is the whole document. */
  readonly pointer: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

export class SchemaError extends Error {
  override readonly name = "SchemaError";
  constructor(
    readonly location: SchemaLocation,
    readonly detail: string,
  ) {
    super(formatLocation(location) + ": " + detail);
  }
}

/** A generation that found one or more problems; each is a SchemaError. */
export class GenerationError extends Error {
  override readonly name = "GenerationError";
  constructor(readonly problems: readonly SchemaError[]) {
    super(problems.map((p) => p.message).join("\n"));
  }
}

/** A problem with where or how to generate (not with a schema): one line saying what to do. */
export class SetupError extends Error {
  override readonly name = "SetupError";
}

/** `file:line:col at /pointer`; a file name or key holding control characters is shown escaped (`visible`). */
export function formatLocation(loc: SchemaLocation): string {
  const position = loc.line === undefined ? "" : `:${loc.line}:${loc.column ?? 1}`;
  return `${visible(loc.file)}${position} at ${loc.pointer === "" ? "/" : visible(loc.pointer)}`;
}

export { escapePointerToken, joinPointer } from "./json-pointer.js";
