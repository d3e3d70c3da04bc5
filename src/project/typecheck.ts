/**
 * Type-checks a charm before it is bundled (esbuild strips types without
 * checking them): the hook program's entry and everything it imports, with
 * the project's tsconfig.json options. The compiler is the TypeScript that
 * ts-morph brings (a dependency of relgen), with its own standard library.
 */
import { existsSync } from "node:fs";
import { dirname, relative } from "node:path";
import { Project, ts } from "ts-morph";

const DEFAULTS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts"],
  strict: true,
  skipLibCheck: true,
  types: ["node"],
};

/** Errors as `file:line:col: message`, empty when the charm type-checks. */
export function typeCheckEntry(entry: string, tsconfig?: string): string[] {
  const config = tsconfig ?? ts.findConfigFile(dirname(entry), (f) => existsSync(f), "tsconfig.json");
  const project = config
    ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true, declaration: false } })
    : new Project({ compilerOptions: { ...DEFAULTS, noEmit: true } });
  const configErrors = project.getConfigFileParsingDiagnostics?.() ?? [];
  const base = config ? dirname(config) : dirname(entry);
  project.addSourceFileAtPath(entry);
  project.resolveSourceFileDependencies();
  return [...configErrors, ...project.getPreEmitDiagnostics()]
    .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error && d.getCode() !== 18003) // 18003: the tsconfig's include matched nothing
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n");
      const file = d.getSourceFile();
      const line = d.getLineNumber();
      return file ? `${relative(base, file.getFilePath())}${line ? `:${line}` : ""}: ${message}` : message;
    });
}
