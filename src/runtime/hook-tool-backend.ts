/**
 * `Backend` over Juju's hook tools run as processes: every call is one
 * `execFile` of the tool (never a shell). What the tools take and print is
 * handled by `ToolBackend`; this class adds the process: timeouts, output
 * bounds, and the errors of a tool that could not start or was killed.
 */
import { execFile, spawnSync, type ExecFileException, type ExecFileOptionsWithStringEncoding } from "node:child_process";
import { join } from "node:path";

import { HookToolError, HookToolTimeoutError } from "./errors.js";
import { describeCall, redactArgs } from "../common/redact.js";
import { capStderr, exitFailure, notStarted, ToolBackend } from "./tool-backend.js";

export interface HookToolBackendOptions {
  /** Kill (SIGKILL) a tool that runs longer than this. Default 60000 ms. */
  timeoutMs?: number;
  /** Environment of the tools (needs the `JUJU_*` hook variables). Default: `process.env` at call time. */
  env?: NodeJS.ProcessEnv;
  /** Run `<toolDir>/<tool>` instead of looking the tool up on `PATH` (tests). */
  toolDir?: string;
}

/** Largest stdout accepted from one tool (a whole databag fits easily). */
const MAX_STDOUT = 64 * 1024 * 1024;
const MAXBUFFER_CODE = "ERR_CHILD_PROCESS_STDIO_MAXBUFFER";

const ignore = (): void => {};

export class HookToolBackend extends ToolBackend {
  private readonly execOptions: ExecFileOptionsWithStringEncoding;
  private readonly toolDir: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: HookToolBackendOptions = {}) {
    super();
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

  /** Runs one tool process; resolves to its stdout, rejects with a typed, redacted error. */
  protected invoke(tool: string, args: string[], input?: string): Promise<string> {
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

  override get syncReads(): boolean {
    return true;
  }

  /** Runs one tool process and blocks until it ends (`relationGetSync`): the same bounds and errors as `invoke`. */
  protected override invokeSync(tool: string, args: string[]): string {
    const file = this.toolDir === undefined ? tool : join(this.toolDir, tool);
    const out = spawnSync(file, args, { ...this.execOptions, stdio: ["ignore", "pipe", "pipe"] });
    const stderr = typeof out.stderr === "string" ? out.stderr : "";
    if (out.error) {
      const code = (out.error as NodeJS.ErrnoException).code;
      if (code === "ETIMEDOUT") throw this.failure(tool, args, Object.assign(new Error("timeout"), { killed: true, signal: "SIGKILL" as const }), stderr);
      if (code === "ENOBUFS") throw this.failure(tool, args, Object.assign(new Error("too much output"), { code: MAXBUFFER_CODE }), stderr);
      throw this.notStarted(tool, args, typeof code === "string" ? code : "invalid arguments", stderr);
    }
    if (out.status === 0) return String(out.stdout);
    if (out.status !== null) throw exitFailure(tool, args, out.status, stderr);
    throw this.failure(tool, args, Object.assign(new Error("killed"), { signal: out.signal ?? undefined }), stderr);
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
    if (typeof code === "number") return exitFailure(tool, args, code, rawStderr);
    const signal = error.signal ?? "unknown signal";
    return new HookToolError(
      `${call} failed (killed by ${signal})${stderr === "" ? "" : `: ${stderr}`}`,
      tool,
      shown,
      null,
      stderr,
    );
  }

  /** The tool never ran: not found, not executable, argv refused (the message `ToolBackend` gives for argv it refuses first). */
  private notStarted(tool: string, args: readonly string[], code: string, stderr: string): HookToolError {
    if (code !== "ENOENT" && code !== "EACCES") return notStarted(tool, args, code, stderr);
    const where =
      this.toolDir === undefined
        ? "it must be on PATH, which is only the case inside a Juju hook (outside one, run the charm in relgen's harness or simulator)"
        : `it was looked up in ${this.toolDir}`;
    return notStarted(tool, args, code, stderr, `${tool} ${code === "ENOENT" ? "not found" : "is not executable"}; ${where}`);
  }
}

