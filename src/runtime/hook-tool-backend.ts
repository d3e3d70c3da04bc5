/**
 * `Backend` over Juju's hook tools. Every call is one `execFile` of the tool
 * (never a shell); databag values travel on stdin (`relation-set --file -`) and
 * are never put into argv, errors or logs.
 */
import { execFile, type ExecFileException, type ExecFileOptionsWithStringEncoding } from "node:child_process";
import { join } from "node:path";

import type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
import { encodeTransport } from "./codec.js";
import { HookToolError, HookToolTimeoutError, RelationNotFoundError } from "./errors.js";
import { describeCall, leaderSetArgs, redactArgs, splitLogMessage } from "./redact.js";

export interface HookToolBackendOptions {
  /** Kill (SIGKILL) a tool that runs longer than this. Default 60000 ms. */
  timeoutMs?: number;
  /** Environment of the tools (needs the `JUJU_*` hook variables). Default: `process.env` at call time. */
  env?: NodeJS.ProcessEnv;
  /** Run `<toolDir>/<tool>` instead of looking the tool up on `PATH` (tests). */
  toolDir?: string;
}

/** Longest stderr kept on an error; hook tools print one short `ERROR ...` line. */
const MAX_STDERR = 4000;
/** Largest stdout accepted from one tool (a whole databag fits easily). */
const MAX_STDOUT = 64 * 1024 * 1024;
const MAXBUFFER_CODE = "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";
const RELATION_NOT_FOUND = /relation not found|unknown relation id/;

const ignore = (): void => {};

export class HookToolBackend implements Backend {
  private readonly execOptions: ExecFileOptionsWithStringEncoding;
  private readonly toolDir: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: HookToolBackendOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new RangeError(`HookToolBackend: timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
    this.toolDir = options.toolDir;
    this.execOptions = {
      encoding: "utf8",
      timeout: timeoutMs,
      killSignal: "SIGKILL",
      maxBuffer: MAX_STDOUT,
      windowsHide: true,
      ...(options.env === undefined ? {} : { env: options.env }),
    };
  }

  async relationIds(endpoint: string): Promise<string[]> {
    const args = ["--format=json", endpoint];
    return stringList("relation-ids", args, await this.run("relation-ids", args));
  }

  async relationList(relationId: string): Promise<string[]> {
    const args = ["--format=json", "-r", relationId];
    return stringList("relation-list", args, await this.run("relation-list", args));
  }

  async relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Record<string, string>> {
    const args = options?.app
      ? ["--format=json", "-r", relationId, "--app", "-", unitOrApp]
      : ["--format=json", "-r", relationId, "-", unitOrApp];
    return stringBag("relation-get", args, await this.run("relation-get", args));
  }

  async relationSet(relationId: string, values: RawBag, options?: { app?: boolean }): Promise<void> {
    const document = encodeTransport(values);
    const args = options?.app ? ["-r", relationId, "--app", "--file", "-"] : ["-r", relationId, "--file", "-"];
    await this.run("relation-set", args, document);
  }

  async networkPrimaryAddress(binding: string): Promise<string> {
    const args = ["--primary-address", binding];
    const address = (await this.run("network-get", args)).trim();
    if (address === "") throw shapeError("network-get", args, "printed nothing", "an address");
    return address;
  }

  async log(level: LogLevel, message: string): Promise<void> {
    for (const chunk of splitLogMessage(message)) {
      await this.run("juju-log", ["--log-level", level, "--", chunk]);
    }
  }

  async isLeader(): Promise<boolean> {
    const args = ["--format=json"];
    const value = parseJson("is-leader", args, await this.run("is-leader", args), "true or false");
    if (typeof value !== "boolean") throw shapeError("is-leader", args, `printed ${kind(value)}`, "true or false");
    return value;
  }

  async leaderGet(): Promise<Record<string, string>> {
    const args = ["--format=json", "-"];
    return stringBag("leader-get", args, await this.run("leader-get", args));
  }

  async leaderSet(values: RawBag): Promise<void> {
    await this.run("leader-set", leaderSetArgs(values));
  }

  async statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void> {
    const args = options?.application ? ["--application", state, "--", message] : [state, "--", message];
    await this.run("status-set", args);
  }

  /** Run one tool; resolves to its stdout, rejects with a typed, redacted error. */
  private run(tool: string, args: string[], input?: string): Promise<string> {
    const file = this.toolDir === undefined ? tool : join(this.toolDir, tool);
    return new Promise<string>((resolve, reject) => {
      let child;
      try {
        child = execFile(file, args, this.execOptions, (error, stdout, stderr) => {
          if (error === null) resolve(stdout);
          else reject(this.failure(tool, args, error, stderr));
        });
      } catch (error) {
        // Synchronous refusals (E2BIG, a NUL byte in an argument): Node's
        // message would quote the argument, so only its code is kept.
        const code = (error as { code?: unknown }).code;
        reject(this.notStarted(tool, args, typeof code === "string" ? code : "invalid arguments", ""));
        return;
      }
      const stdin = child.stdin;
      if (stdin !== null) {
        // A tool may exit without reading stdin (EPIPE); its exit status tells the story.
        stdin.on("error", ignore);
        stdin.end(input);
      }
    });
  }

  private failure(tool: string, args: readonly string[], error: ExecFileException, rawStderr: string): HookToolError {
    const shown = redactArgs(tool, args);
    const call = describeCall(tool, shown);
    const stderr = capStderr(rawStderr);
    const code = error.code;
    if (code === MAXBUFFER_CODE) {
      return new HookToolError(`${call} failed: output exceeded ${MAX_STDOUT} bytes`, tool, shown, null, stderr);
    }
    if (typeof code === "string") return this.notStarted(tool, args, code, stderr);
    if (error.killed === true && error.signal === "SIGKILL") {
      return new HookToolTimeoutError(
        `${call} timed out after ${this.timeoutMs} ms and was killed${stderr === "" ? "" : `: ${stderr}`}`,
        tool,
        shown,
        null,
        stderr,
      );
    }
    if (typeof code === "number") {
      const message = `${call} failed (exit ${code})${stderr === "" ? "" : `: ${stderr}`}`;
      if (code === 2 && RELATION_NOT_FOUND.test(stderr)) {
        return new RelationNotFoundError(message, tool, shown, code, stderr);
      }
      return new HookToolError(message, tool, shown, code, stderr);
    }
    const signal = error.signal ?? "unknown signal";
    return new HookToolError(
      `${call} failed (killed by ${signal})${stderr === "" ? "" : `: ${stderr}`}`,
      tool,
      shown,
      null,
      stderr,
    );
  }

  /** The tool never ran: not found, not executable, argv refused... */
  private notStarted(tool: string, args: readonly string[], code: string, stderr: string): HookToolError {
    const shown = redactArgs(tool, args);
    let what = `${tool} could not be started (${code === "E2BIG" ? "E2BIG: argument list too long" : code})`;
    if (code === "ENOENT" || code === "EACCES") {
      what = `${tool} ${code === "ENOENT" ? "not found" : "is not executable"}; ${
        this.toolDir === undefined
          ? "it must be on PATH, which is only the case inside a Juju hook (use MemoryBackend outside one)"
          : `it was looked up in ${this.toolDir}`
      }`;
    }
    return new HookToolError(`${describeCall(tool, shown)} failed: ${what}`, tool, shown, null, stderr);
  }
}

function capStderr(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length <= MAX_STDERR) return trimmed;
  return `${trimmed.slice(0, MAX_STDERR)}... (${trimmed.length - MAX_STDERR} more characters)`;
}

/** Error for output of the wrong shape. Never quotes the output: it may hold databag values. */
function shapeError(tool: string, args: readonly string[], what: string, expected: string): HookToolError {
  const shown = redactArgs(tool, args);
  return new HookToolError(`${describeCall(tool, shown)} ${what}; expected ${expected}`, tool, shown, 0, "");
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
