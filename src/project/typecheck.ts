/**
 * Type-checks a charm before it is bundled (esbuild strips types without
 * checking them): the hook program's entry and everything it imports, with
 * the project's tsconfig.json options. The compiler is the TypeScript that
 * ts-morph brings (a dependency of relgen), with its own standard library.
 * A tsconfig.json that TypeScript cannot read (it allows comments and
 * trailing commas, as TypeScript does) is one BuildError naming its line.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, relative } from "node:path";
import { Project, ts } from "ts-morph";
import { visible } from "../runtime/text.js";
import { shownPath } from "../generator/fs-text.js";
import { BuildError } from "./build.js";

const DEFAULTS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts"],
  strict: true,
  skipLibCheck: true,
  types: ["node"],
};

/** `file:line:col: message` of a diagnostic about `config` (its own position when it has one). */
function describeDiagnostic(config: string, d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  const file = d.file?.fileName ?? config;
  const at = d.file && d.start !== undefined ? ts.getLineAndCharacterOfPosition(d.file, d.start) : undefined;
  return `${shownPath(file)}${at ? `:${at.line + 1}:${at.character + 1}` : ""}: ${visible(message)}`;
}

/**
 * Reads `config` as TypeScript does (comments and trailing commas allowed,
 * `extends` followed) and throws a one-line BuildError at the first problem:
 * what is wrong, where, and what to do.
 */
export function checkTsconfig(config: string): void {
  const advice = "fix it, or pass --tsconfig FILE";
  let text: string;
  try {
    text = readFileSync(config, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "there is no such file" : code === "EISDIR" ? "it is a folder, not a tsconfig file" : (e as Error).message;
    throw new BuildError(`${shownPath(config)}: cannot read the tsconfig: ${why} (${advice})`);
  }
  const source = ts.parseJsonText(config, text);
  const syntax = (source as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.[0];
  if (syntax) throw new BuildError(`${describeDiagnostic(config, syntax)} (the tsconfig is not valid JSON with comments: ${advice})`);
  const parsed = ts.parseJsonSourceFileConfigFileContent(source, ts.sys, dirname(config), undefined, config);
  // 18003: the tsconfig's include matched nothing (the entry is added by hand).
  const problem = parsed.errors.find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
  if (problem) throw new BuildError(`${describeDiagnostic(config, problem)} (${advice})`);
}

/** Errors as `file:line:col: message`, empty when the charm type-checks. Throws a BuildError when the tsconfig is unusable. */
export function typeCheckEntry(entry: string, tsconfig?: string): string[] {
  const config = tsconfig ?? ts.findConfigFile(dirname(entry), (f) => ts.sys.fileExists(f), "tsconfig.json");
  if (config) checkTsconfig(config);
  let project: Project;
  try {
    project = config
      ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true, declaration: false } })
      : new Project({ compilerOptions: { ...DEFAULTS, noEmit: true } });
  } catch (e) {
    throw new BuildError(`${config ? shownPath(config) : "the compiler options"}: TypeScript cannot use it: ${visible((e as Error).message.split("\n")[0] ?? "")}`);
  }
  const configErrors = project.getConfigFileParsingDiagnostics?.() ?? [];
  const base = config ? dirname(config) : dirname(entry);
  if (!statSync(entry, { throwIfNoEntry: false })?.isFile()) throw new BuildError(`the hook program's entry ${shownPath(entry)} is not a file (pass --entry FILE)`);
  try {
    project.addSourceFileAtPath(entry);
  } catch (e) {
    throw new BuildError(`the hook program's entry ${shownPath(entry)}: ${visible((e as Error).message.split("\n")[0] ?? "")} (pass --entry FILE)`);
  }
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
