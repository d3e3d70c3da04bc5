/**
 * `Backend` over Juju's hook tools, whatever carries the call: the argv of
 * every tool, the parsing of what it prints, and the typed errors made from
 * its exit code and stderr live here once. `HookToolBackend` runs the tools
 * as processes; the in-process harness calls the same tool implementations
 * directly. Databag values travel as a document on stdin (`relation-set
 * --file -`), never in argv, errors or logs.
 *
 * What a process launch refuses (a NUL byte in an argument, an argument or
 * an argv too long: `argvRefusal`) is refused here, before either carrier
 * runs anything, with the error a launch gives (`notStarted`). A log line or
 * a status message is made safe for argv first: control characters escaped,
 * length bounded (`shown`, runtime/text.ts).
 */
import type { Backend, LogLevel, RawBag, SecretMetadata, WorkloadState } from "./backend.js";
import { encodeTransport } from "./codec.js";
import { LONE_SURROGATE } from "../common/unicode.js";
import { HookToolError, InvalidTextError, RelationNotFoundError, SecretAccessError, SecretNotFoundError } from "./errors.js";
import { withSecretFile } from "./secret-file.js";
import { argvRefusal, describeCall, leaderSetArgs, redactArgs } from "../common/redact.js";
import { MAX_LOG_BYTES, MAX_STATUS_BYTES, shown } from "./text.js";

/** Longest stderr kept on an error; hook tools print one short `ERROR ...` line. */
export const MAX_STDERR = 4000;
const RELATION_NOT_FOUND = /relation not found|unknown relation id/;

/** Refuses keys or values that are not valid Unicode (a lone surrogate would reach Juju as U+FFFD). */
function checkText(tool: string, args: readonly string[], values: RawBag): void {
  for (const [key, value] of Object.entries(values)) {
    if (LONE_SURROGATE.test(key)) throw new InvalidTextError(`${tool}: a key is not valid Unicode text (a lone surrogate); nothing was set`, tool, args, null, "");
    if (LONE_SURROGATE.test(value)) throw new InvalidTextError(`${tool}: the value of ${JSON.stringify(key)} is not valid Unicode text (a lone surrogate); nothing was set`, tool, args, null, "");
  }
}

export abstract class ToolBackend implements Backend {
  /** Runs one tool; resolves to its stdout, rejects with a typed, redacted `HookToolError`. */
  protected abstract invoke(tool: string, args: string[], input?: string): Promise<string>;

  /**
   * Runs one tool and waits for it, blocking: only `relation-get` of a bag a
   * handler wants a secret key of (held-bag.ts). A carrier that cannot block
   * leaves `syncReads` false.
   */
  protected invokeSync(tool: string, args: string[]): string {
    throw new HookToolError(`${describeCall(tool, redactArgs(tool, args))}: this backend cannot run a tool synchronously`, tool, redactArgs(tool, args), null, "");
  }

  /** Whether `invokeSync` works (`relationGetSync`). */
  get syncReads(): boolean {
    return false;
  }

  /** Every call goes through here: argv a process launch would refuse never reaches `invoke`. */
  private run(tool: string, args: string[], input?: string): Promise<string> {
    const refused = argvRefusal(tool, args);
    if (refused !== null) return Promise.reject(notStarted(tool, args, refused));
    return this.invoke(tool, args, input);
  }

  async relationIds(endpoint: string): Promise<string[]> {
    const args = ["--format=json", endpoint];
    return stringList("relation-ids", args, await this.run("relation-ids", args));
  }

  async relationList(relationId: string): Promise<string[]> {
    const args = ["--format=json", "-r", relationId];
    return stringList("relation-list", args, await this.run("relation-list", args));
  }

  async relationRemoteApp(relationId: string): Promise<string> {
    const args = ["--format=json", "-r", relationId, "--app"];
    const value = parseJson("relation-list", args, await this.run("relation-list", args), "an application name");
    if (typeof value !== "string" || value === "") throw shapeError("relation-list", args, `printed ${kind(value)}`, "an application name");
    return value;
  }

  async relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Record<string, string>> {
    const args = options?.app
      ? ["--format=json", "-r", relationId, "--app", "-", unitOrApp]
      : ["--format=json", "-r", relationId, "-", unitOrApp];
    return stringBag("relation-get", args, await this.run("relation-get", args));
  }

  relationGetSync(relationId: string, unitOrApp: string, options?: { app?: boolean }): Record<string, string> {
    const args = options?.app
      ? ["--format=json", "-r", relationId, "--app", "-", unitOrApp]
      : ["--format=json", "-r", relationId, "-", unitOrApp];
    const refused = argvRefusal("relation-get", args);
    if (refused !== null) throw notStarted("relation-get", args, refused);
    return stringBag("relation-get", args, this.invokeSync("relation-get", args));
  }

  async relationSet(relationId: string, values: RawBag, options?: { app?: boolean }): Promise<void> {
    const args = options?.app ? ["-r", relationId, "--app", "--file", "-"] : ["-r", relationId, "--file", "-"];
    checkText("relation-set", args, values);
    const document = encodeTransport(values);
    await this.run("relation-set", args, document);
  }

  async networkPrimaryAddress(binding: string): Promise<string> {
    const args = ["--primary-address", binding];
    const address = (await this.run("network-get", args)).trim();
    if (address === "") throw shapeError("network-get", args, "printed nothing", "an address");
    return address;
  }

  /** One `juju-log` line: control characters escaped, at most `MAX_LOG_BYTES` (runtime/text.ts). */
  async log(level: LogLevel, message: string): Promise<void> {
    await this.run("juju-log", ["--log-level", level, "--", shown(message, MAX_LOG_BYTES)]);
  }

  async isLeader(): Promise<boolean> {
    const args = ["--format=json"];
    const value = parseJson("is-leader", args, await this.run("is-leader", args), "true or false");
    if (typeof value !== "boolean") throw shapeError("is-leader", args, `printed ${kind(value)}`, "true or false");
    return value;
  }

  async configGet(): Promise<Record<string, unknown>> {
    const args = ["--format=json"];
    const value = parseJson("config-get", args, await this.run("config-get", args), "a map of options");
    if (value === null) return {};
    if (typeof value !== "object" || Array.isArray(value)) throw shapeError("config-get", args, `printed ${kind(value)}`, "a map of options");
    return { ...(value as Record<string, unknown>) };
  }

  async leaderGet(): Promise<Record<string, string>> {
    const args = ["--format=json", "-"];
    return stringBag("leader-get", args, await this.run("leader-get", args));
  }

  async leaderSet(values: RawBag): Promise<void> {
    checkText("leader-set", redactArgs("leader-set", leaderSetArgs(values)), values);
    await this.run("leader-set", leaderSetArgs(values));
  }

  /** The message as Juju will show it: control characters escaped, at most `MAX_STATUS_BYTES` (runtime/text.ts). */
  async statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void> {
    const text = shown(message, MAX_STATUS_BYTES);
    const args = options?.application ? ["--application", state, "--", text] : [state, "--", text];
    await this.run("status-set", args);
  }

  /** `action-get --format=json`: the running action's parameters (see runtime/action.ts). */
  async actionGet(): Promise<unknown> {
    const args = ["--format=json"];
    return parseJson("action-get", args, await this.run("action-get", args), "the action's parameters");
  }

  /** `action-set k=v ...` with keys already checked (runtime/action.ts); Juju takes results in argv only. */
  async actionSet(values: RawBag): Promise<void> {
    const args = Object.entries(values).map(([k, v]) => `${k}=${v}`);
    if (args.length > 0) await this.run("action-set", args);
  }

  /** `action-fail <message>`: the message escaped and bounded as a log line. */
  async actionFail(message: string): Promise<void> {
    await this.run("action-fail", [shown(message, MAX_LOG_BYTES)]);
  }

  /** `action-log <message>`: escaped and bounded as a log line. */
  async actionLog(message: string): Promise<void> {
    await this.run("action-log", [shown(message, MAX_LOG_BYTES)]);
  }

  /** A secret tool call, its failures typed: not found, or not allowed. */
  private async secretTool(tool: string, args: string[]): Promise<string> {
    try {
      return await this.run(tool, args);
    } catch (e) {
      if (!(e instanceof HookToolError) || e.exitCode === null) throw e;
      if (/not found/.test(e.stderr)) throw new SecretNotFoundError(e.message, e.tool, e.args, e.exitCode, e.stderr);
      if (/permission denied|not the leader/.test(e.stderr)) throw new SecretAccessError(e.message, e.tool, e.args, e.exitCode, e.stderr);
      throw e;
    }
  }

  async secretAdd(content: RawBag, options: { owner?: "application" | "unit"; label?: string; description?: string } = {}): Promise<string> {
    const meta = ["--owner", options.owner ?? "application", ...(options.label ? ["--label", options.label] : []), ...(options.description ? ["--description", options.description] : [])];
    checkText("secret-add", meta, content);
    const uri = (await withSecretFile(content, (file) => this.secretTool("secret-add", [...meta, "--file", file]))).trim();
    if (uri === "") throw shapeError("secret-add", meta, "printed nothing", "the new secret's URI");
    return uri;
  }

  async secretGet(ref: { uri?: string; label?: string }, options: { peek?: boolean; refresh?: boolean } = {}): Promise<Record<string, string>> {
    const args = ["--format=json", ...(ref.uri ? [ref.uri] : []), ...(ref.label ? ["--label", ref.label] : []), ...(options.peek ? ["--peek"] : options.refresh ? ["--refresh"] : [])];
    return stringBag("secret-get", args, await this.secretTool("secret-get", args));
  }

  async secretSet(uri: string, content: RawBag): Promise<void> {
    checkText("secret-set", [uri], content);
    await withSecretFile(content, (file) => this.secretTool("secret-set", [uri, "--file", file]));
  }

  async secretGrant(uri: string, relationId: string, unit?: string): Promise<void> {
    await this.secretTool("secret-grant", [uri, "-r", relationId, ...(unit ? ["--unit", unit] : [])]);
  }

  async secretRevoke(uri: string, relationId: string): Promise<void> {
    await this.secretTool("secret-revoke", [uri, "-r", relationId]);
  }

  async secretRemove(uri: string, revision?: number): Promise<void> {
    await this.secretTool("secret-remove", [uri, ...(revision ? ["--revision", String(revision)] : [])]);
  }

  async secretInfo(ref: { uri?: string; label?: string }): Promise<SecretMetadata | null> {
    const args = ["--format=json", ...(ref.uri ? [ref.uri] : ["--label", ref.label ?? ""])];
    let stdout: string;
    try {
      stdout = await this.secretTool("secret-info-get", args);
    } catch (e) {
      if (e instanceof SecretNotFoundError || e instanceof SecretAccessError) return null;
      throw e;
    }
    const value = parseJson("secret-info-get", args, stdout, "an object of one secret");
    const entries = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [];
    const [id, info] = entries[0] ?? [];
    const i = info as { revision?: unknown; label?: unknown; owner?: unknown } | undefined;
    if (entries.length !== 1 || !i || typeof i.revision !== "number" || (i.owner !== "application" && i.owner !== "unit")) {
      throw shapeError("secret-info-get", args, `printed ${kind(value)}`, "an object of one secret");
    }
    return { id: id!, revision: i.revision, label: typeof i.label === "string" ? i.label : "", owner: i.owner };
  }

  async secretIds(): Promise<string[]> {
    const args = ["--format=json"];
    const stdout = await this.secretTool("secret-ids", args);
    return stdout.trim() === "null" ? [] : stringList("secret-ids", args, stdout);
  }
}

/** The error for a tool that exited non-zero: `RelationNotFoundError` for exit 2 with "relation not found". */
export function exitFailure(tool: string, args: readonly string[], code: number, rawStderr: string): HookToolError {
  const redacted = redactArgs(tool, args);
  const stderr = capStderr(rawStderr);
  const message = `${describeCall(tool, redacted)} failed (exit ${code})${stderr === "" ? "" : `: ${stderr}`}`;
  if (code === 2 && RELATION_NOT_FOUND.test(stderr)) return new RelationNotFoundError(message, tool, redacted, code, stderr);
  return new HookToolError(message, tool, redacted, code, stderr);
}

/** How a launch failure's code reads in an error. */
const NOT_STARTED: Readonly<Record<string, string>> = {
  E2BIG: "E2BIG: argument list too long",
  ERR_INVALID_ARG_VALUE: "ERR_INVALID_ARG_VALUE: a NUL byte in an argument",
};

/**
 * The error for a tool that never ran (`<tool> <redacted args> failed: <tool>
 * could not be started (<code>)`), whichever driver refused it: the argv
 * check of `ToolBackend` and `HookContext.call`, or the process launch of
 * `HookToolBackend`. Never quotes an argument: it may be a secret. `what`
 * replaces the explanation after `failed: `.
 */
export function notStarted(tool: string, args: readonly string[], code: string, stderr = "", what?: string): HookToolError {
  const redacted = redactArgs(tool, args);
  const why = what ?? `${tool} could not be started (${NOT_STARTED[code] ?? code})`;
  return new HookToolError(`${describeCall(tool, redacted)} failed: ${why}`, tool, redacted, null, stderr);
}

export function capStderr(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length <= MAX_STDERR) return trimmed;
  return `${trimmed.slice(0, MAX_STDERR)}... (${trimmed.length - MAX_STDERR} more characters)`;
}

/** Error for output of the wrong shape. Never quotes the output: it may hold databag values. */
function shapeError(tool: string, args: readonly string[], what: string, expected: string): HookToolError {
  const redacted = redactArgs(tool, args);
  return new HookToolError(`${describeCall(tool, redacted)} ${what}; expected ${expected}`, tool, redacted, 0, "");
}

function parseJson(tool: string, args: readonly string[], stdout: string, expected: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw shapeError(tool, args, stdout.trim() === "" ? "printed nothing" : "printed invalid JSON", `JSON: ${expected}`);
  }
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const LIST = "an array of strings";

function stringList(tool: string, args: readonly string[], stdout: string): string[] {
  const value = parseJson(tool, args, stdout, LIST);
  if (!Array.isArray(value)) throw shapeError(tool, args, `printed ${kind(value)}`, LIST);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== "string") throw shapeError(tool, args, `printed ${kind(value[i])} at index ${i}`, LIST);
  }
  return value as string[];
}

const BAG = "an object of string values";

/**
 * A databag from JSON output, as a null-prototype record (`__proto__` and
 * friends stay plain own keys). Go prints a nil map as `null`: read as `{}`.
 */
function stringBag(tool: string, args: readonly string[], stdout: string): Record<string, string> {
  const value = parseJson(tool, args, stdout, BAG);
  const bag = Object.create(null) as Record<string, string>;
  if (value === null) return bag;
  if (typeof value !== "object" || Array.isArray(value)) throw shapeError(tool, args, `printed ${kind(value)}`, BAG);
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (typeof item !== "string") {
      throw shapeError(tool, args, `printed ${kind(item)} for key ${JSON.stringify(key)}`, BAG);
    }
    bag[key] = item;
  }
  return bag;
}
