/**
 * argv helpers shared by both backends: redaction of anything that could be a
 * secret, and the chunking of long log messages. Both backends record and
 * report the same redacted argv, so call logs can be compared one to one.
 */

/** Placeholder for a value that must never appear in an error or a log. */
export const REDACTED = "<redacted>";
/** Placeholder for the text of a `juju-log` message. */
export const MESSAGE = "<message>";

/**
 * Largest single argv element Linux accepts is `MAX_ARG_STRLEN` = 131072 bytes
 * including the trailing NUL; ops splits log lines at the same length.
 */
export const MAX_LOG_CHUNK = 131071;

/** Flags that take a separate value which is an id, a path or a format, never data (`-r cluster:3`). */
const VALUE_FLAGS: ReadonlySet<string> = new Set(["-r", "--relation", "--file", "--format", "-o", "--output", "--label", "--owner", "--expire", "--rotate"]);

/** Tools whose positional arguments are `key=value` data. */
const DATA_TOOLS: ReadonlySet<string> = new Set(["relation-set", "leader-set", "secret-add", "secret-set"]);

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
 * Split a log message into pieces that each fit into one argv element:
 * at most {@link MAX_LOG_CHUNK} UTF-8 bytes (so also at most that many
 * characters), never cutting a surrogate pair. Most messages come back as
 * a one-element array without being scanned.
 */
export function splitLogMessage(message: string): string[] {
  // Every UTF-16 code unit encodes to at most 3 UTF-8 bytes.
  if (message.length * 3 <= MAX_LOG_CHUNK || Buffer.byteLength(message, "utf8") <= MAX_LOG_CHUNK) {
    return [message];
  }
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  let i = 0;
  while (i < message.length) {
    const code = message.charCodeAt(i);
    let units = 1;
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < message.length) {
      const next = message.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        units = 2;
        size = 4;
      } else size = 3;
    } else size = 3;
    if (bytes + size > MAX_LOG_CHUNK) {
      chunks.push(message.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  chunks.push(message.slice(start));
  return chunks;
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
