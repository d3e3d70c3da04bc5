/** docs/sim-run.schema.json, compiled: the run document's format, as documented (docs/sim-run-format.md). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { RunDocument } from "../../src/report/index.js";

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "docs", "sim-run.schema.json"), "utf8")) as object;

export const validateRun = new Ajv({ allErrors: true, strict: true }).compile<RunDocument>(SCHEMA);

/** The schema's errors, or "" when the document is valid. */
export function runDocumentErrors(doc: unknown): string {
  return validateRun(doc) ? "" : JSON.stringify(validateRun.errors, null, 1);
}
