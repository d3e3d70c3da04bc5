/**
 * Checks of the schema fuzz suite (test/fuzz/schemas.test.ts): where a
 * generation failure points, and whether generated code parses with every
 * hostile text kept inert and every wire key and enum value intact.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ts } from "ts-morph";
import { expect } from "vitest";
import { GenerationError, SchemaError } from "../../src/generator/errors.js";
import type { InterfaceModel } from "../../src/generator/model.js";
import { generate } from "../../src/generator/pipeline.js";

/** A word every hostile text carries after a separator: it must never be scanned as an identifier. */
export const MARK = "breakoutMarker";

export type Doc = { role: "peers" | "provider" | "requirer"; doc: Record<string, unknown> };

/** Temporary folders made by the suite, removed in its afterAll. */
export const cleanups: string[] = [];
export const removeTemporaries = (): void => cleanups.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));

export function writeDocs(root: string, iface: string, docs: readonly Doc[]): { files: string[]; byPath: Map<string, unknown> } {
  const dir = join(root, "schema", iface, "v0");
  mkdirSync(dir, { recursive: true });
  const byPath = new Map<string, unknown>();
  const files = docs.map(({ role, doc }) => {
    writeFileSync(join(dir, `${role}.json`), JSON.stringify(doc, null, 2));
    byPath.set(`schema/${iface}/v0/${role}.json`, doc);
    return join(dir, `${role}.json`);
  });
  return { files, byPath };
}

/** The value at a JSON pointer, or undefined. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let at: unknown = doc;
  for (const token of pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))) {
    if (at === null || typeof at !== "object" || !Object.prototype.hasOwnProperty.call(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}

export function checkFailure(e: unknown, byPath: Map<string, unknown>): void {
  if (!(e instanceof GenerationError)) {
    const where = e instanceof Error ? (e.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join(" < ") : "";
    throw new Error(`generation threw ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)} (${where})` : String(e)}`);
  }
  expect(e.problems.length).toBeGreaterThan(0);
  for (const p of e.problems) {
    expect(p).toBeInstanceOf(SchemaError);
    const doc = byPath.get(p.location.file);
    expect(doc, `a problem names ${p.location.file}, not a schema file: ${p.message.slice(0, 200)}`).toBeDefined();
    const pointer = p.location.pointer;
    expect(pointer === "" || pointer.startsWith("/"), `pointer ${pointer}`).toBe(true);
    // The pointer leads into the document (its last token may name what is missing).
    const parent = pointer.slice(0, Math.max(0, pointer.lastIndexOf("/")));
    const found = resolvePointer(doc, pointer) !== undefined;
    expect(found || resolvePointer(doc, parent) !== undefined, `${p.message.slice(0, 300)}`).toBe(true);
    if (found) expect(p.location.line, p.message.slice(0, 200)).toBeGreaterThan(0);
  }
}

/** Every string literal and identifier of a generated file (which must parse). */
export function scan(path: string, text: string): { literals: Set<string>; identifiers: Set<string> } {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
  const diagnostics = (source as unknown as { parseDiagnostics: { messageText: unknown }[] }).parseDiagnostics;
  expect(diagnostics.map((d) => String(d.messageText)), `${path} parses`).toEqual([]);
  const literals = new Set<string>();
  const identifiers = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) literals.add(node.text);
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) identifiers.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, identifiers };
}

export function checkSuccess(models: readonly InterfaceModel[], files: readonly { path: string; content: string }[]): void {
  const scanned = new Map(files.filter((f) => /\.(ts|js)$/.test(f.path)).map((f) => [f.path, scan(f.path, f.content)]));
  for (const [path, { identifiers }] of scanned) expect(identifiers.has(MARK), `${path}: hostile text broke out as code`).toBe(false);
  for (const m of models) {
    const base = `${m.name}/v${m.version}/${m.role}`;
    for (const bag of [m.unit, m.app]) {
      if (!bag || bag.keys.length === 0) continue;
      const accessors = scanned.get(`${base}.accessors.ts`);
      for (const key of bag.keys) expect(accessors?.literals.has(key.wire), `${base}: wire key ${JSON.stringify(key.wire)} in the key table`).toBe(true);
      const types = scanned.get(`${base}.types.ts`)!;
      for (const key of bag.keys) {
        const values = (key.schema as { enum?: unknown[] }).enum ?? [];
        for (const v of values) if (typeof v === "string") expect(types.literals.has(v), `${base}: enum value ${JSON.stringify(v)} of ${key.wire}`).toBe(true);
      }
    }
  }
}

/** Generates `docs` (without the type-check): the code passes checkSuccess, or the failure checkFailure. */
export async function generatesOrLocates(iface: string, docs: readonly Doc[]): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "relgen-fuzz-crash-"));
  cleanups.push(root);
  const { files, byPath } = writeDocs(root, iface, docs);
  let result;
  try {
    result = await generate({ schemas: files, outDir: join(root, "out"), baseDir: root, skipTypeCheck: true });
  } catch (e) {
    checkFailure(e, byPath);
    return;
  }
  checkSuccess(result.models, result.files);
}
