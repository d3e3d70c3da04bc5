/**
 * Stage 6 of the pipeline: the generated TypeScript is type-checked in
 * memory, with the project's strict settings and the runtime it imports,
 * before anything is written.
 */
import { join } from "node:path";
import { Project, ts } from "ts-morph";
import type { GeneratedFile } from "./emit/names.js";

export interface TypeCheckProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

const COMPILER_OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
  lib: ["lib.es2022.d.ts"],
};

/**
 * Type-checks generated files. One checker serves many runs, into the same
 * folder or another: TypeScript then reuses what did not change (the runtime,
 * Node's and the libraries' declarations), so a watch, or a test that
 * generates again and again, re-checks in a fraction of the first run's time.
 * Whoever generates repeatedly makes one and passes it on; `generate` makes
 * its own otherwise. The last run's generated files leave the program before
 * the next run's are checked; each file resolves its imports from where it
 * is. The program is made afresh every `freshAfter` runs, so that what it has
 * read from disk (a package installed since) cannot go stale for long.
 */
export class GeneratedCodeChecker {
  #project: Project | null = null;
  #files = new Set<string>();
  #runs = 0;

  constructor(private readonly freshAfter = 50) {}

  /** Every diagnostic in a generated `.ts` file, as if the files were at `outDir`. */
  check(files: readonly GeneratedFile[], outDir: string): TypeCheckProblem[] {
    if (!this.#project || ++this.#runs > this.freshAfter) {
      this.#project = new Project({ compilerOptions: COMPILER_OPTIONS, skipAddingFilesFromTsConfig: true });
      this.#files = new Set();
      this.#runs = 0;
    }
    const project = this.#project;
    const generated = new Set<string>();
    for (const f of files) {
      if (!f.path.endsWith(".ts")) continue;
      const path = join(outDir, f.path);
      if (project.getSourceFile(path)?.getFullText() !== f.content) project.createSourceFile(path, f.content, { overwrite: true });
      generated.add(path);
    }
    // Files the previous run generated and this one does not: gone from the program too.
    for (const path of this.#files) {
      if (generated.has(path)) continue;
      const stale = project.getSourceFile(path);
      if (stale) project.removeSourceFile(stale);
    }
    this.#files = generated;
    const problems: TypeCheckProblem[] = [];
    for (const d of project.getPreEmitDiagnostics()) {
      const file = d.getSourceFile()?.getFilePath();
      if (!file || !generated.has(file)) continue;
      const text = d.getMessageText();
      problems.push({ file, line: d.getLineNumber() ?? 0, message: typeof text === "string" ? text : text.getMessageText() });
    }
    return problems;
  }
}
