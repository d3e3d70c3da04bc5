/**
 * Command-line handling shared by every hook tool, following juju/gnuflag and
 * juju/cmd: interspersed flags, `--name=value` and `--name value`, `-r value`
 * and `-rvalue`, grouped single-rune booleans, `--` ends flags, `-` and `""`
 * are positional. Errors in parsing or argument validation exit 2, errors
 * while running exit 1; both print `ERROR <message>` on stderr.
 */

/** An error that juju/cmd reports with exit code 2 (flag parsing or `Init`). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An error that juju/cmd reports with exit code 1 (`Run`). */
export class RunError extends Error {
  override readonly name = "RunError";
}

export interface FlagSpec {
  /** Names without dashes; one-rune names print as `-r`, longer ones as `--relation`. */
  readonly names: readonly string[];
  readonly bool?: boolean;
  readonly help: string;
  /** Default shown in `--help`. */
  readonly shownDefault?: string;
  /** Stores a value; returns an error message when the value is refused. */
  set(value: string): string | undefined;
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly help: boolean;
}

const flagWithMinus = (name: string): string => ([...name].length > 1 ? "--" : "-") + name;

/** Go's `strconv.ParseBool`. */
export function parseGoBool(value: string): boolean | string {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  return `strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`;
}

/** Go's `%q` for a string (printable Unicode kept, the rest escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (cp === 0x07) out += "\\a";
    else if (cp === 0x08) out += "\\b";
    else if (cp === 0x0c) out += "\\f";
    else if (cp === 0x0a) out += "\\n";
    else if (cp === 0x0d) out += "\\r";
    else if (cp === 0x09) out += "\\t";
    else if (cp === 0x0b) out += "\\v";
    else if (ch === " " || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x80) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/** juju/cmd `CheckEmpty`. */
export function checkEmpty(args: readonly string[]): void {
  if (args.length > 0) throw new UsageError(`unrecognized args: [${args.map(goQuote).join(" ")}]`);
}

/** Parses `args` against `specs` like gnuflag with interspersed arguments allowed. */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const spec of specs) for (const n of spec.names) byName.set(n, spec);
  const positional: string[] = [];
  let i = 0;
  let pending = ""; // the rest of a group of single-rune flags, or "=value" of a long flag
  let pendingLong = false;
  for (;;) {
    let name: string;
    let long = false;
    if (pending.length > 0) {
      const first = [...pending][0]!;
      name = first;
      pending = pending.slice(first.length);
    } else {
      if (i >= args.length) break;
      const a = args[i]!;
      if (a === "-" || a === "" || a[0] !== "-") {
        positional.push(a);
        i++;
        continue;
      }
      if (a === "--") {
        positional.push(...args.slice(i + 1));
        break;
      }
      i++;
      if (a[1] === "-") {
        long = true;
        const eq = a.indexOf("=");
        if (eq < 0) name = a.slice(2);
        else {
          name = a.slice(2, eq);
          if (name === "") throw new UsageError(`empty flag in argument ${goQuote(a)}`);
          pending = a.slice(eq);
          pendingLong = true;
        }
      } else {
        const rest = a.slice(1);
        const first = [...rest][0]!;
        name = first;
        pending = rest.slice(first.length);
        pendingLong = false;
      }
    }
    const spec = byName.get(name);
    if (!spec) {
      if (name === "help" || name === "h") return { positional, help: true };
      throw new UsageError(`flag provided but not defined: ${flagWithMinus(name)}`);
    }
    const isLong = long || (pendingLong && pending.startsWith("="));
    if (spec.bool && !pending.startsWith("=")) {
      const err = spec.set("true");
      if (err) throw new UsageError(`invalid value "true" for option ${flagWithMinus(name)}: ${err}`);
      continue;
    }
    let value: string | undefined;
    if (pending !== "") {
      value = isLong && pending.startsWith("=") ? pending.slice(1) : pending;
      pending = "";
    } else if (i < args.length) {
      value = args[i]!;
      i++;
    }
    pendingLong = false;
    if (value === undefined) throw new UsageError(`flag needs an argument: ${flagWithMinus(name)}`);
    const err = spec.set(value);
    if (err !== undefined) throw new UsageError(`invalid value ${goQuote(value)} for option ${flagWithMinus(name)}: ${err}`);
  }
  return { positional, help: false };
}

/** A boolean flag spec storing into `target[key]`. */
export function boolFlag(names: string[], help: string, store: (v: boolean) => void): FlagSpec {
  return {
    names,
    bool: true,
    help,
    shownDefault: "false",
    set(value) {
      const parsed = parseGoBool(value);
      if (typeof parsed === "string") return parsed;
      store(parsed);
      return undefined;
    },
  };
}

export function stringFlag(names: string[], help: string, shownDefault: string, store: (v: string) => void): FlagSpec {
  return {
    names,
    help,
    shownDefault,
    set(value) {
      store(value);
      return undefined;
    },
  };
}

export interface HelpInfo {
  readonly name: string;
  readonly args?: string;
  readonly purpose: string;
  readonly doc?: string;
}

/** `--help` text in the layout of juju/cmd (usage, summary, options, details). */
export function helpText(info: HelpInfo, specs: readonly FlagSpec[]): string {
  let out = `Usage: ${info.name}${specs.length ? " [options]" : ""}${info.args ? " " + info.args : ""}\n\n`;
  out += `Summary:\n${info.purpose}\n`;
  if (specs.length) {
    out += "\nOptions:\n";
    const sorted = [...specs].sort((a, b) => (a.names.at(-1)! < b.names.at(-1)! ? -1 : 1));
    for (const spec of sorted) {
      const names = [...spec.names].sort((a, b) => a.length - b.length).map(flagWithMinus).join(", ");
      const def = spec.shownDefault === undefined ? "" : `  (= ${spec.shownDefault === "" ? '""' : spec.shownDefault})`;
      out += `${names}${def}\n    ${spec.help}\n`;
    }
  }
  if (info.doc) out += `\nDetails:\n${info.doc.trim()}\n`;
  return out;
}

/**
 * juju/utils `keyvalues.Parse(args, true)`: `key=value` pairs, split at the
 * first `=`, whitespace trimmed, empty values allowed (they delete).
 * Error messages never repeat a value, so a secret cannot leak through them.
 */
export function parseKeyValues(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const kv of args) {
    const eq = kv.indexOf("=");
    if (eq < 0) throw new UsageError(`expected "key=value", got ${goQuote(kv)}`);
    const key = kv.slice(0, eq).trim();
    const value = kv.slice(eq + 1).trim();
    if (key === "") throw new UsageError(`expected "key=value", got "=<redacted>"`);
    if (out.has(key)) throw new UsageError(`key ${goQuote(key)} specified more than once`);
    out.set(key, value);
  }
  return out;
}
