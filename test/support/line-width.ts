/** What the generated-code tests call too wide: the one rule, for the checked-in folders and the corpus. */
import { PRINT_WIDTH } from "../../src/generator/format.js";

/** A line that is one token (and its punctuation), after a union bar, a comment's star or slashes. */
const ONE_TOKEN = /^(?:\| |\* |\/\/ |\+ )?(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s"']+)[,;+)]*$/;

/**
 * Lines of a generated file over PRINT_WIDTH that are not its header (line 1,
 * which tools find by its text) nor one token longer by itself:
 * `<file>:<line>: <text>`.
 */
export function overWidth(path: string, text: string): string[] {
  return text.split("\n").flatMap((line, i) => (i > 0 && line.length > PRINT_WIDTH && !ONE_TOKEN.test(line.trim()) ? [`${path}:${i + 1}: ${line}`] : []));
}
