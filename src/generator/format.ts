/**
 * Stage 5 of the pipeline: every generated file is formatted by one
 * formatter, prettier (which json-schema-to-typescript brings, and which
 * lays code out within `PRINT_WIDTH` as a person would). Two things prettier
 * leaves long are then laid out the same way: comments are wrapped to the
 * width (`wrap-comments.ts`), and a declaration whose one `extends` does not
 * fit puts it on a line of its own, as prettier does when there are two.
 * Stage 6, the type-check, is `type-check.ts`.
 */
import { format, type Options } from "prettier";
import type { GeneratedFile } from "./emit/names.js";
import { wrapComments } from "./wrap-comments.js";

/** The width of generated code and comments: no line is longer unless one token is. */
export const PRINT_WIDTH = 100;

const OPTIONS: Options = {
  printWidth: PRINT_WIDTH,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
};

/** One file, formatted: TypeScript (`.ts`, `.d.ts`) or JavaScript (`.js`). */
export async function formatFile(file: GeneratedFile): Promise<GeneratedFile> {
  const parser = file.path.endsWith(".js") ? "babel" : "typescript";
  const formatted = await format(file.content, { ...OPTIONS, parser });
  return { path: file.path, content: breakHeritage(wrapComments(formatted, PRINT_WIDTH), PRINT_WIDTH) };
}

const HERITAGE = /^(\s*)((?:export )?(?:declare )?(?:abstract )?(?:interface|class) [A-Za-z_$][\w$]*(?:<.*?>)?) (extends .+ \{)$/;

/** `interface A extends B {` longer than `width`: `interface A` and, indented below it, `extends B {`. */
export function breakHeritage(code: string, width: number): string {
  return code
    .split("\n")
    .map((line) => {
      const m = line.length > width ? HERITAGE.exec(line) : null;
      return m ? `${m[1]}${m[2]}\n${m[1]}  ${m[3]}` : line;
    })
    .join("\n");
}

export function formatFiles(files: readonly GeneratedFile[]): Promise<GeneratedFile[]> {
  return Promise.all(files.map(formatFile));
}
