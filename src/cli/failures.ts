/**
 * How `init` and `add` report what went wrong: one line per problem, never a
 * stack, for every error that is about the user's input or files. Anything
 * else is a bug in relgen and is thrown on.
 */
import { isSystemError } from "../generator/fs-text.js";
import { visible } from "../runtime/text.js";
import type { Io } from "./command-line.js";

/** The error names that carry a one-line message for the user (errors of the chooser, registry, project and generator). */
const ONE_LINE = new Set(["InitError", "AddError", "ChooseError", "RegistryError", "SetupError", "SchemaError", "BuildError"]);

/** Reports `e` and returns the exit status; rethrows what is not the user's. */
export function reportFailure(e: unknown, io: Io, command: string): number {
  if (e instanceof Error && e.name === "GenerationError" && Array.isArray((e as { problems?: unknown }).problems)) {
    const problems = (e as Error & { problems: readonly Error[] }).problems;
    for (const problem of problems) io.stderr(`error: ${visible(problem.message)}\n`);
    io.stderr(`relgen ${command}: the schemas have ${problems.length} problem(s)\n`);
    return 1;
  }
  if (e instanceof Error && ONE_LINE.has(e.name)) {
    io.stderr(`${e.name === "SchemaError" ? "error" : `relgen ${command}`}: ${visible(e.message)}\n`);
    return 1;
  }
  // A path that could not be read or written: Node's message names it.
  if (isSystemError(e)) {
    io.stderr(`relgen ${command}: ${visible(e.message)}\n`);
    return 1;
  }
  throw e;
}
