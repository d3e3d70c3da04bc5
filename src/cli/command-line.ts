/**
 * How the commands read their command line, the one way (`parseOptions`):
 * the options given, `--help` (the usage on stdout, exit 0), an unknown option
 * or a missing value (what is wrong and the usage on stderr, exit 2); and for
 * `init`, `add` and `build` (`readCommandLine`), at most one folder.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { visibleLines } from "../runtime/text.js";

/** Where a command writes: its standard output and error. */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The same output, every line escaped for the terminal (paths and messages may hold anything). */
export function escapedIo(io: Io): Io {
  return { stdout: (t) => io.stdout(visibleLines(t)), stderr: (t) => io.stderr(visibleLines(t)) };
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

/**
 * A command line read by `node:util`'s parseArgs (every command's one parser),
 * with `-h`/`--help`, and its complaint said in one line: `unknown option
 * --x`, or `--out needs <what needs[out] says>`.
 */
export function parseOptions<O extends Options>(
  argv: readonly string[],
  options: O,
  needs: Partial<Record<keyof O & string, string>> = {},
): Parsed<O> | { readonly help: true } | { readonly error: string } {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { ...options, help: { type: "boolean", short: "h" } } }) as unknown as Parsed<O>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const option = /'(--?[^' ]+)/.exec((e as Error).message)?.[1] ?? "";
    const name = option.replace(/^--?/, "");
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return { error: `unknown option ${option}` };
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option.startsWith("--")) {
      const what = (needs as Record<string, string | undefined>)[name];
      return { error: `${option} ${what ? `needs ${what}` : options[name]?.type === "boolean" ? "takes no value" : "needs a value"}` };
    }
    return { error: (e as Error).message };
  }
  if ((parsed.values as Record<string, unknown>)["help"]) return { help: true };
  return parsed;
}

/** The parsed options and the one folder given (if any); or the exit status when the command should stop here. */
export function readCommandLine<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  usage: string,
  io: Io,
  folder = "folder",
): { values: Parsed<O>["values"]; dir: string | undefined } | number {
  const parsed = parseOptions(argv, options);
  if ("error" in parsed) {
    io.stderr(`relgen ${command}: ${parsed.error}\n${usage}`);
    return 2;
  }
  if ("help" in parsed) {
    io.stdout(usage);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    io.stderr(`relgen ${command}: one ${folder} at a time (got ${parsed.positionals.join(", ")})\n`);
    return 2;
  }
  return { values: parsed.values, dir: parsed.positionals[0] };
}
