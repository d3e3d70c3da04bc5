/**
 * How `init`, `add` and `build` read their command line, the one way: the
 * options given, `--help` (the usage on stdout, exit 0), an unknown option or
 * a missing value (what is wrong and the usage on stderr, exit 2), and at most
 * one folder.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Io } from "./generate.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

/** The parsed options and the one folder given (if any); or the exit status when the command should stop here. */
export function readCommandLine<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  usage: string,
  io: Io,
  folder = "folder",
): { values: Parsed<O>["values"]; dir: string | undefined } | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } }) as unknown as Parsed<O>;
  } catch (e) {
    io.stderr(`relgen ${command}: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>)["help"]) {
    io.stdout(usage);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.stderr(`relgen ${command}: one ${folder} at a time (got ${parsed.positionals.join(", ")})\n`);
    return 2;
  }
  return { values: parsed.values, dir: parsed.positionals[0] };
}
