/**
 * Stages 5 and 6 of the pipeline: format every generated file (the TypeScript
 * formatter, through ts-morph), then type-check the TypeScript ones in memory,
 * together with the runtime they import, before anything is written.
 */
import { join } from "node:path";
import { IndentationText, Project, QuoteKind, ts } from "ts-morph";
import type { GeneratedFile } from "./emit/names.js";

const FORMAT = {
  indentSize: 2,
  tabSize: 2,
  convertTabsToSpaces: true,
  semicolons: ts.SemicolonPreference.Insert,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
};

export function formatFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { allowJs: true },
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  return files.map((f) => {
    const source = project.createSourceFile("/" + f.path, f.content, { overwrite: true });
    source.formatText(FORMAT);
    const text = source.getFullText().replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n");
    return { path: f.path, content: text.endsWith("\n") ? text : text + "\n" };
  });
}

export interface TypeCheckProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * The type-checking project of the last run, kept for the next run, into the
 * same folder or another: TypeScript then reuses what did not change (the
 * runtime, Node's and the library's declarations), so `--watch` and a process
 * that generates again and again re-check in a fraction of the first run's
 * time. The last run's generated files leave the program before the next
 * run's are checked; each file resolves its imports from where it is. The
 * project is made afresh every `FRESH_AFTER` runs, so that what it has read
 * from disk (a package installed since) cannot go stale for long.
 */
let last: { readonly project: Project; files: Set<string>; runs: number } | null = null;
const FRESH_AFTER = 50;

function checkerFor(_outDir: string): { project: Project; files: Set<string> } {
  if (!last || ++last.runs > FRESH_AFTER) {
    const project = new Project({
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        lib: ["lib.es2022.d.ts"],
      },
      skipAddingFilesFromTsConfig: true,
    });
    last = { project, files: new Set(), runs: 0 };
  }
  return last;
}

/**
 * Type-checks the generated TypeScript as if it were at `outDir`, with
 * the project's strict settings. Returns every diagnostic in a generated file.
 */
export function typeCheck(files: readonly GeneratedFile[], outDir: string): TypeCheckProblem[] {
  const checker = checkerFor(outDir);
  const { project } = checker;
  const generated = new Set<string>();
  for (const f of files) {
    if (!f.path.endsWith(".ts")) continue;
    const path = join(outDir, f.path);
    const existing = project.getSourceFile(path);
    if (existing?.getFullText() !== f.content) project.createSourceFile(path, f.content, { overwrite: true });
    generated.add(path);
  }
  // Files the previous run generated and this one does not: gone from the program too.
  for (const path of checker.files) {
    if (generated.has(path)) continue;
    const stale = project.getSourceFile(path);
    if (stale) project.removeSourceFile(stale);
  }
  checker.files = generated;
  const problems: TypeCheckProblem[] = [];
  for (const d of project.getPreEmitDiagnostics()) {
    const file = d.getSourceFile()?.getFilePath();
    if (!file || !generated.has(file)) continue;
    const text = d.getMessageText();
    problems.push({
      file,
      line: d.getLineNumber() ?? 0,
      message: typeof text === "string" ? text : text.getMessageText(),
    });
  }
  return problems;
}
