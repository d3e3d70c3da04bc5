/**
 * What the doc tests share: reading a page's tables and code blocks as a
 * Markdown renderer would, and type-checking a page's handler example
 * against the bindings generated from the same schemas.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Project, ts } from "ts-morph";
import { generate } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import { afterFile } from "../support/temp.js";

export const repo = join(import.meta.dirname, "..", "..");

/**
 * The cells of a GFM table row, split as cmark-gfm does: at every `|` that
 * is not part of a backslash escape (`\` and the character after it), the
 * outer pipes dropped.
 */
export function rowCells(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) {
      cell += c + line[i + 1];
      i++;
    } else if (c === "|") {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  // A row starts and ends with a pipe: the first and last pieces are empty.
  if (cells[0]!.trim() === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]!.trim() === "") cells.pop();
  return cells.map((c) => c.trim());
}

/** Every table of a page: consecutive lines starting with `|`, as rows of cells (the delimiter row included). */
export function tables(markdown: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      current ??= [];
      current.push(rowCells(line));
    } else if (current) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The fenced ```ts blocks of a page (or a part of it), in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})ts\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

/** The part of a page about one side: from its `## <Role>` heading to the next `## `. */
export function sideOf(markdown: string, role: "Provider" | "Requirer" | "Peers"): string {
  const start = markdown.indexOf(`\n## ${role}`);
  if (start < 0) throw new Error(`no ${role} section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** A fresh folder under the repository's .test-output/ (generated code imports the runtime by a relative path), removed after the file. */
export function repoTemp(prefix: string): string {
  const base = join(repo, ".test-output");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, prefix));
  afterFile(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Generates the bindings of `schemas` into `<root>/generated/`, writes each
 * example as `<root>/src/charm<i>.ts` (where `../generated/...` is what a
 * project made by `relgen init` imports) and type-checks them with the
 * strict settings of such a project, `relgen/runtime` being this package's
 * runtime. Returns the diagnostics, one line each.
 */
export async function typeCheckExamples(schemas: readonly string[], baseDir: string, examples: readonly string[]): Promise<string[]> {
  const root = repoTemp("doc-");
  const result = await generate({ schemas, outDir: join(root, "generated"), baseDir, skipTypeCheck: true });
  writeFiles(join(root, "generated"), result.interfaces, result.files);
  mkdirSync(join(root, "src"));
  const project = new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2022.d.ts"],
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      verbatimModuleSyntax: true,
      paths: { "relgen/runtime": [join(repo, "src", "runtime", "index.ts")] },
    },
    skipAddingFilesFromTsConfig: true,
  });
  examples.forEach((text, i) => {
    const file = join(root, "src", `charm${i}.ts`);
    writeFileSync(file, text);
    project.addSourceFileAtPath(file);
  });
  project.resolveSourceFileDependencies();
  return project
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
    .map((d) => `${d.getSourceFile()?.getFilePath() ?? "?"}:${d.getLineNumber() ?? 0}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`);
}
