/**
 * Stage 1 and 2 of the pipeline: load a schema file (strict JSON, with the
 * position of every value) and validate it against the meta-schema of the
 * dialect. Problems come back as SchemaErrors with file, pointer, line, column.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { SchemaError } from "./errors.js";
import { META_SCHEMA_FILE } from "./paths.js";
import { JsonSyntaxError, parseJsonWithPositions, type Position } from "./json-source.js";

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

export function loadSchemaText(file: string, text: string): LoadedSchema {
  let parsed;
  try {
    parsed = parseJsonWithPositions(text);
  } catch (e) {
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
    throw new SchemaError({ file, pointer: "", line: 1, column: 1 }, "a schema must be a JSON object");
  }
  return { file, document: document as Record<string, unknown>, positions: parsed.positions };
}

export function loadSchemaFile(path: string, displayName = path): LoadedSchema {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SchemaError({ file: displayName, pointer: "" }, `cannot read the file: ${(e as Error).message}`);
  }
  return { ...loadSchemaText(displayName, text), path };
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
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const escapePointer = (key: string): string => key.replaceAll("~", "~0").replaceAll("/", "~1");

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
    const at = `${pointer}/${escapePointer(key)}`;
    if ((key === "properties" || key === "patternProperties" || key === "$defs") && typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const name of Object.keys(value)) {
        const nameAt = `${at}/${escapePointer(name)}`;
        if (RESERVED_NAMES.has(name)) fail(nameAt, `the name ${JSON.stringify(name)} is reserved (every JavaScript object has it): rename it`);
        else if (LONE_SURROGATE.test(name)) fail(nameAt, "the name is not valid Unicode text (a lone surrogate)");
        else if (key === "patternProperties" && !compiles(name)) fail(nameAt, "not a valid regular expression");
      }
    }
    if (key === "pattern" && typeof value === "string" && !compiles(value)) fail(at, `not a valid regular expression: ${JSON.stringify(value.slice(0, 60))}`);
    if (key === "$ref" && typeof value === "string" && value.startsWith("#") && resolvePointer(root, value.slice(1)) === undefined) {
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

function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const part = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
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
