/**
 * argv helpers shared by the runtime (its calls and their errors) and the one
 * Juju (the trace of a hook's tool calls): redaction of anything that could
 * be a secret, and the limits a process launch puts on argv. src/common holds
 * what the runtime and Juju share; it imports nothing. Both backends record
 * and report the same redacted argv, so call logs can be compared one to one.
 */

/**
 * Keys that hold a credential by their name: `password`, `*-password`,
 * `token`, `*-key`. The generator treats such schema keys as secret, and a
 * run's report (`relgen sim --format json`) redacts their values in bags.
 */
export const CREDENTIAL_NAME = /^(?:password|token)$|-(?:password|key)$/;

/** Placeholder for a value that must never appear in an error or a log. */
export const REDACTED = "<redacted>";
/** Placeholder for the text of a `juju-log` message. */
export const MESSAGE = "<message>";

/** Linux's `MAX_ARG_STRLEN`: one argument, its trailing NUL included (so the longest is 131071 bytes). */
export const MAX_ARG_BYTES = 131072;
/**
 * All of argv, NULs included: Linux allows a quarter of the stack limit,
 * 2 MiB with the usual 8 MiB (the environment counts too, so a launch may
 * be refused a little earlier, with the same error).
 */
export const MAX_ARGV_BYTES = 2 * 1024 * 1024;

/** Flags that take a separate value which is an id, a path or a format, never data (`-r cluster:3`). */
const VALUE_FLAGS: ReadonlySet<string> = new Set(["-r", "--relation", "--file", "--format", "-o", "--output", "--label", "--owner", "--expire", "--rotate"]);

/** Tools whose positional arguments are `key=value` data. */
const DATA_TOOLS: ReadonlySet<string> = new Set(["relation-set", "leader-set", "secret-add", "secret-set", "action-set"]);

/**
 * The argv of one hook-tool call with secrets removed. Both drivers and the
 * runtime record and report argv through this one function:
 * - `relation-set`, `leader-set`, `secret-add`, `secret-set`: every positional
 *   argument becomes `key=<redacted>` (or `<redacted>` without `=`); flags and
 *   the ids and paths they take are kept;
 * - `juju-log`: everything after `--` (or after the level flags) becomes `<message>`.
 * Other tools carry no databag values in argv and are returned as a copy.
 */
export function redactArgs(tool: string, args: readonly string[]): string[] {
  if (DATA_TOOLS.has(tool)) {
    const out = args.slice();
    let positional = false;
    for (let i = 0; i < out.length; i++) {
      const arg = out[i]!;
      if (!positional && arg === "--") {
        positional = true;
        continue;
      }
      if (!positional && arg.startsWith("-") && arg !== "-") {
        if (VALUE_FLAGS.has(arg)) i++; // its value is an id or a path, not data
        continue;
      }
      const eq = arg.indexOf("=");
      out[i] = eq < 0 ? REDACTED : `${arg.slice(0, eq)}=${REDACTED}`;
    }
    return out;
  }
  if (tool === "juju-log") {
    let sep = args.indexOf("--");
    if (sep < 0) {
      // No `--`: keep leading level flags, hide everything else.
      let keep = 0;
      while (keep < args.length) {
        const arg = args[keep]!;
        if (arg === "-l" || arg === "--log-level") keep += 2;
        else if (arg.startsWith("--log-level=") || arg === "--debug") keep += 1;
        else break;
      }
      sep = Math.min(keep, args.length) - 1;
    }
    const out = args.slice(0, sep + 1);
    if (sep + 1 < args.length) out.push(MESSAGE);
    return out;
  }
  return args.slice();
}

/** `tool a b c` for messages (already redacted args expected). */
export function describeCall(tool: string, redactedArgs: readonly string[]): string {
  return redactedArgs.length === 0 ? tool : `${tool} ${redactedArgs.join(" ")}`;
}

/**
 * Why launching `tool` with this argv would fail, as Node or the kernel says
 * it (`ERR_INVALID_ARG_VALUE`: an argument holds a NUL byte; `E2BIG`: one
 * argument over {@link MAX_ARG_BYTES} or argv over {@link MAX_ARGV_BYTES}),
 * or null when it would start. Both drivers refuse such argv with this one
 * rule, the in-process one included, so that a test in the harness fails
 * where a real hook would.
 */
export function argvRefusal(tool: string, args: readonly string[]): "ERR_INVALID_ARG_VALUE" | "E2BIG" | null {
  if (tool.includes("\0") || args.some((a) => a.includes("\0"))) return "ERR_INVALID_ARG_VALUE";
  let total = Buffer.byteLength(tool, "utf8") + 1;
  for (const arg of args) {
    const bytes = Buffer.byteLength(arg, "utf8") + 1;
    if (bytes > MAX_ARG_BYTES) return "E2BIG";
    total += bytes;
  }
  if (total > MAX_ARGV_BYTES) return "E2BIG";
  return null;
}

/**
 * argv of `leader-set` (Juju offers nothing but argv here). Throws a
 * `TypeError` naming the key, never the value, for a key that argv cannot
 * carry (empty or containing `=`) or a value that is not a string.
 */
export function leaderSetArgs(values: Readonly<Record<string, string>>): string[] {
  const args: string[] = [];
  for (const key of Object.keys(values)) {
    if (key === "" || key.includes("=")) {
      throw new TypeError(`leader-set: invalid key ${JSON.stringify(key)} (keys must be non-empty and contain no "=")`);
    }
    const value: unknown = values[key];
    if (typeof value !== "string") throw new TypeError(`leader-set: the value of key ${JSON.stringify(key)} is not a string`);
    args.push(`${key}=${value}`);
  }
  return args;
}
