/**
 * Stage 1 and 2 of the pipeline: load a schema file (strict JSON, with the
 * position of every value) and validate it against the meta-schema of the
 * dialect. Problems come back as SchemaErrors with file, pointer, line, column.
 */
import { lstatSync, readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { GenerationError, SchemaError } from "./errors.js";
import { escapePointerToken, joinPointer, resolvePointer } from "./json-pointer.js";
import { META_SCHEMA_FILE } from "./paths.js";
import { JsonDepthError, JsonSyntaxError, MAX_JSON_DEPTH, parseJsonWithPositions, type Position } from "./json-source.js";
import { LONE_SURROGATE } from "../common/unicode.js";

export interface LoadedSchema {
  /** Path used in messages and headers (relative to the project root when inside it, `/` separators). */
  readonly file: string;
  /** Where it was read from (absolute), when it came from a file. */
  readonly path?: string;
  readonly document: Readonly<Record<string, unknown>>;
  readonly positions: ReadonlyMap<string, Position>;
}

let metaValidator: ValidateFunction | undefined;
let jsonSchemaAjv: Ajv2020 | undefined;

function metaSchemaValidator(): ValidateFunction {
  if (!metaValidator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
    metaValidator = ajv.compile(JSON.parse(readFileSync(META_SCHEMA_FILE, "utf8")) as object);
  }
  return metaValidator;
}

/** Finds the position of the closest recorded ancestor of `pointer`. */
export function positionOf(positions: ReadonlyMap<string, Position>, pointer: string): Position | undefined {
  let p = pointer;
  for (;;) {
    const found = positions.get(p);
    if (found || p === "") return found;
    p = p.slice(0, p.lastIndexOf("/"));
  }
}

export function errorAt(schema: Pick<LoadedSchema, "file" | "positions">, pointer: string, detail: string): SchemaError {
  const pos = positionOf(schema.positions, pointer);
  return new SchemaError({ file: schema.file, pointer, line: pos?.line, column: pos?.column }, detail);
}

/**
 * Control characters a key may not hold: C0 and C1 controls other than tab,
 * newline and carriage return. NUL cannot reach Juju (a hook tool's argv is C
 * strings: the key would be cut short) and the others are commands to a
 * terminal, not text. Layout characters are kept: the templates escape them.
 */
const KEY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The deepest registry schema nests this many levels (for messages). */
const DEEPEST_REGISTRY_SCHEMA = 10;

/**
 * Parses a schema's text: strict JSON, at most `MAX_JSON_DEPTH` levels deep
 * (also when its local `$ref`s are followed), an object, and no key holding
 * a control character. Each problem is a SchemaError at its line and column.
 */
export function loadSchemaText(file: string, text: string): LoadedSchema {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text, { maxDepth: MAX_JSON_DEPTH });
  } catch (e) {
    if (e instanceof JsonDepthError) {
      throw new SchemaError(
        { file, pointer: e.pointer, line: e.position.line, column: e.position.column },
        `the schema nests deeper than ${MAX_JSON_DEPTH} levels, relgen's limit (the deepest schema of Canonical's registry nests ${DEEPEST_REGISTRY_SCHEMA}): flatten it`,
      );
    }
    if (e instanceof JsonSyntaxError) {
      throw new SchemaError(
        { file, pointer: e.pointer, line: e.position.line, column: e.position.column },
        `malformed JSON: ${e.message}`,
      );
    }
    throw e;
  }
  const document = parsed.value;
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    const what = Array.isArray(document) ? "an array" : document === null ? "null" : `a ${typeof document}`;
    throw new SchemaError({ file, pointer: "", line: 1, column: 1 }, `a schema must be a JSON object, not ${what}`);
  }
  const loaded = { file, document: document as Record<string, unknown>, positions: parsed.positions };
  const problems: SchemaError[] = [];
  checkKeys(loaded.document, "", (pointer, detail) => problems.push(errorAt(loaded, pointer, detail)));
  if (problems.length === 0) checkDepthThroughRefs(loaded.document, (pointer, detail) => problems.push(errorAt(loaded, pointer, detail)));
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new GenerationError(problems);
  return loaded;
}

/** Every object key of the document (at any depth: the reader bounds it) that holds a control character. */
function checkKeys(node: unknown, pointer: string, fail: (pointer: string, detail: string) => void): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkKeys(item, joinPointer(pointer, i), fail));
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const at = joinPointer(pointer, key);
    const bad = KEY_CONTROL.exec(key);
    if (bad) {
      const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
      fail(at, `the key ${JSON.stringify(key)} holds the control character ${code}: a key becomes a databag key or a TypeScript name and may not hold control characters (tab, newline and carriage return aside); rename it`);
    }
    checkKeys(value, at, fail);
  }
}

/**
 * The reader bounds how deep the text nests; a chain of local `$ref`s can
 * nest a schema deeper still (`A` holds a `$ref` to `B`, which holds one to
 * `C`...), and every stage that compiles or prints a schema follows them.
 * Counts the levels through `$ref`s (a `$ref` back into a schema being
 * followed is recursion, which the stages handle, and counts nothing) and
 * reports the first place past `MAX_JSON_DEPTH`.
 */
function checkDepthThroughRefs(root: Record<string, unknown>, fail: (pointer: string, detail: string) => void): void {
  const heights = new Map<object, number>();
  const followed = new Set<object>();
  const refs: string[] = [];
  class TooDeep {
    constructor(readonly pointer: string) {}
  }
  const visit = (node: unknown, pointer: string, depth: number): number => {
    if (typeof node !== "object" || node === null) return 0;
    const known = heights.get(node);
    if (known !== undefined) {
      if (depth + known > MAX_JSON_DEPTH) throw new TooDeep(pointer);
      return known;
    }
    if (followed.has(node)) return 0;
    if (depth + 1 > MAX_JSON_DEPTH) throw new TooDeep(pointer);
    followed.add(node);
    let height = 1;
    for (const [key, value] of Object.entries(node)) {
      height = Math.max(height, 1 + visit(value, joinPointer(pointer, Array.isArray(node) ? Number(key) : key), depth + 1));
    }
    const ref = Array.isArray(node) ? undefined : (node as Record<string, unknown>)["$ref"];
    if (typeof ref === "string" && ref.startsWith("#")) {
      const target = resolvePointer(root, ref.slice(1));
      if (typeof target === "object" && target !== null) {
        refs.push(joinPointer(pointer, "$ref"));
        height = Math.max(height, 1 + visit(target, ref.slice(1), depth + 1));
        refs.pop();
      }
    }
    followed.delete(node);
    heights.set(node, height);
    return height;
  };
  try {
    visit(root, "", 0);
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    const through = refs.length === 0 ? "" : ` through ${refs.length} $ref${refs.length === 1 ? "" : "s"} from ${refs[0]}`;
    fail(e.pointer, `the schema nests deeper than ${MAX_JSON_DEPTH} levels${through}, relgen's limit (the deepest schema of Canonical's registry nests ${DEEPEST_REGISTRY_SCHEMA}): flatten it`);
  }
}

/** The bytes of a schema file as text; invalid UTF-8 is an error at its line and column. */
export function decodeSchemaBytes(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    const byte = bytes[offset] === undefined ? "the file ends inside a character" : `byte 0x${bytes[offset]!.toString(16).padStart(2, "0")} at offset ${offset}`;
    throw new SchemaError({ file, pointer: "", line, column }, `not valid UTF-8 (${byte}): a schema is UTF-8 text; save the file as UTF-8`);
  }
}

/** Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b < 0x80) n = 0;
    else if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return bytes.length;
}

/** Why a schema file cannot be read, and what to do. */
function unreadable(path: string, e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return lstatSync(path, { throwIfNoEntry: false }) ? "it is a symbolic link to nothing: fix or remove the link" : "there is no such file: check the path";
    case "EISDIR":
      return "it is a folder: give one schema file with --interface, --version and --role, or the folder without them";
    case "EACCES":
    case "EPERM":
      return "permission denied: make the file readable";
    case "ELOOP":
      return "a loop of symbolic links: fix the link";
    default:
      return (e as Error).message;
  }
}

export function loadSchemaFile(path: string, displayName = path): LoadedSchema {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SchemaError({ file: displayName, pointer: "" }, `cannot read the schema: ${unreadable(path, e)}`);
  }
  return { ...loadSchemaText(displayName, decodeSchemaBytes(displayName, bytes)), path };
}

/** Validates a loaded schema against the meta-schema; returns every problem found. */
export function checkMetaSchema(schema: LoadedSchema): SchemaError[] {
  const validate = metaSchemaValidator();
  if (validate(schema.document)) return [];
  return dedupe(validate.errors ?? []).map((err) => errorAt(schema, err.instancePath, describeAjvError(err)));
}

/** Keywords that only annotate (or identify: relgen resolves no `$id`): a mistake in one is reported but does not stop generation. */
const ANNOTATIONS = new Set(["examples", "default", "title", "description", "$comment", "deprecated", "$id"]);

/**
 * Validates a loaded schema against JSON Schema's own meta-schema (draft
 * 2020-12): a keyword used wrongly anywhere (`"type": "integr"` in a
 * `contentSchema`) is an error at its pointer, line and column. A mistake in
 * an annotation (`examples` given as a string) is a warning.
 */
export function checkJsonSchema(schema: LoadedSchema): { problems: SchemaError[]; warnings: string[] } {
  jsonSchemaAjv ??= new Ajv2020({ allErrors: true, strict: false, validateSchema: true });
  const { $schema: _declared, ...document } = schema.document as Record<string, unknown>;
  void _declared; // older drafts' $schema: checked against 2020-12 anyway, the dialect relgen reads
  if (jsonSchemaAjv.validateSchema(document)) {
    const found: SchemaError[] = [];
    checkStructure(schema.document, "", schema.document, (pointer, detail) => found.push(errorAt(schema, pointer, detail)));
    return { problems: found, warnings: [] };
  }
  const problems: SchemaError[] = [];
  const warnings: string[] = [];
  for (const err of dedupe(jsonSchemaAjv.errors ?? [])) {
    const last = err.instancePath.slice(err.instancePath.lastIndexOf("/") + 1);
    const detail = `not a valid JSON Schema here: ${describeAjvError(err).replace(" (meta-schema)", "")}`;
    if (ANNOTATIONS.has(last)) warnings.push(`${err.instancePath}: ${detail}`);
    else problems.push(errorAt(schema, err.instancePath, detail));
  }
  return { problems, warnings };
}

/** Names no property may have: they are members of every JavaScript object, which the tools downstream read as such. */
const RESERVED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * What JSON Schema's meta-schema lets through but generation cannot take,
 * each at its pointer: a property named like a member of every object
 * (`__proto__`, `toString`...), or holding a lone surrogate; a `pattern` (or a
 * `patternProperties` name) that is not a regular expression; a local `$ref`
 * that points nowhere.
 */
function checkStructure(node: unknown, pointer: string, root: unknown, fail: (pointer: string, detail: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => checkStructure(item, `${pointer}/${i}`, root, fail));
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const key of Object.keys(node)) {
    const value = (node as Record<string, unknown>)[key];
    const at = `${pointer}/${escapePointerToken(key)}`;
    if ((key === "properties" || key === "patternProperties" || key === "$defs") && typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const name of Object.keys(value)) {
        const nameAt = `${at}/${escapePointerToken(name)}`;
        if (RESERVED_NAMES.has(name)) fail(nameAt, `the name ${JSON.stringify(name)} is reserved (every JavaScript object has it): rename it`);
        else if (LONE_SURROGATE.test(name)) fail(nameAt, "the name is not valid Unicode text (a lone surrogate)");
        else if (key === "patternProperties" && !compiles(name)) fail(nameAt, "not a valid regular expression");
      }
    }
    if (key === "pattern" && typeof value === "string" && !compiles(value)) fail(at, `not a valid regular expression: ${JSON.stringify(value.slice(0, 60))}`);
    if (key === "$ref" && typeof value === "string" && value.startsWith("#") && resolvePointer(root, value.slice(1), { fragment: true }) === undefined) {
      fail(at, `$ref ${JSON.stringify(value)} points to nothing in this document`);
    }
    if (key !== "examples" && key !== "default" && key !== "const" && key !== "enum") checkStructure(value, at, root, fail);
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function dedupe(errors: readonly ErrorObject[]): ErrorObject[] {
  // anyOf produces one error per branch plus a summary; keep the most specific per pointer.
  const byPointer = new Map<string, ErrorObject>();
  for (const err of errors) {
    const prev = byPointer.get(err.instancePath);
    if (!prev || (prev.keyword === "anyOf" && err.keyword !== "anyOf")) byPointer.set(err.instancePath, err);
  }
  return [...byPointer.values()];
}

function describeAjvError(err: ErrorObject): string {
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case "additionalProperties":
      return `unknown property ${JSON.stringify(params["additionalProperty"])} (meta-schema)`;
    case "required":
      return `missing required property ${JSON.stringify(params["missingProperty"])} (meta-schema)`;
    case "enum":
      return `must be one of ${JSON.stringify(params["allowedValues"])} (meta-schema)`;
    default:
      return `${err.message ?? "is invalid"} (meta-schema)`;
  }
}
