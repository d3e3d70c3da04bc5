/**
 * What each `@ts-expect-error` of a test file stands for. `tsc` only checks
 * that some error happens on the line after the directive; this compiles the
 * file with its directives removed, with the project's compiler options, and
 * returns the errors of each such line, so a test can check that they are the
 * errors it expects (the misspelt key named), not any error at all.
 */
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

export interface ExpectedErrorLine {
  /** 1-based line of the code the directive covers. */
  readonly line: number;
  /** That line's code, trimmed. */
  readonly code: string;
  /** The errors tsc reports on it once the directive is gone. */
  readonly errors: readonly string[];
}

const DIRECTIVE = /\/\/\s*@ts-expect-error\b/;

export function expectedErrors(file: string): { lines: ExpectedErrorLine[]; elsewhere: string[] } {
  const path = resolve(file);
  const root = join(dirname(path), "..", "..");
  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const original = ts.sys.readFile(path)!;
  const sourceLines = original.split("\n");
  // Blank the directive word out of its comment (same length, so every position stays where it was).
  const stripped = sourceLines.map((l) => l.replace(DIRECTIVE, (d) => d.replace("@ts-expect-error", " ".repeat(16)))).join("\n");
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (resolve(name) === path ? stripped : readFile(name));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) =>
    resolve(name) === path ? ts.createSourceFile(name, stripped, language, true) : getSourceFile(name, language, onError, create);
  const program = ts.createProgram({ rootNames: [path], options: { ...options, noEmit: true }, host });
  const source = program.getSourceFile(path)!;
  const byLine = new Map<number, string[]>();
  for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
    byLine.set(line, [...(byLine.get(line) ?? []), ts.flattenDiagnosticMessageText(d.messageText, "\n")]);
  }
  const lines: ExpectedErrorLine[] = [];
  sourceLines.forEach((text, i) => {
    if (!DIRECTIVE.test(text)) return;
    const line = i + 2;
    lines.push({ line, code: sourceLines[i + 1]!.trim(), errors: byLine.get(line) ?? [] });
    byLine.delete(line);
  });
  const elsewhere = [...byLine].map(([line, errors]) => `line ${line}: ${errors.join("; ")}`);
  return { lines, elsewhere };
}
