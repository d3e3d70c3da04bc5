/**
 * Runs one process the way the uniter runs a hook: its own process group (so
 * a timeout kills the whole tree), stdin from /dev/null unless data is given,
 * stdout and stderr captured up to a bound, killed after a timeout. When the
 * process exits, whatever it left running in its group (`sleep 1000 &`) is
 * killed too: nothing a hook starts outlives it, except a process that left
 * the group on purpose (`setsid`), which `Simulator.close()` ends.
 */
import { spawn } from "node:child_process";

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is counted and dropped. */
  readonly maxOutputBytes: number;
  readonly stdin?: Uint8Array;
  /** Called once the process started, with a function that kills its whole group at once. */
  readonly onStart?: (kill: () => void) => void;
}

export interface ProcessResult {
  /** Exit code, or null when killed by a signal or when the process could not start. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  /** Set when the process could not be started (e.g. the file is not executable). */
  readonly spawnError?: string;
}

/** How long to wait for stdout/stderr to close after the process exits (background children may hold them). */
const DRAIN_MS = 200;

class Capture {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.chunks.push(part);
      this.kept += part.length;
    }
    if (chunk.length > room) this.dropped += chunk.length - Math.max(room, 0);
  }
  text(): string {
    const s = Buffer.concat(this.chunks).toString("utf8");
    return this.dropped > 0 ? `${s}\n[… ${this.dropped} more bytes not kept]\n` : s;
  }
}

export function runProcess(spec: ProcessSpec): Promise<ProcessResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const out = new Capture(spec.maxOutputBytes);
    const err = new Capture(spec.maxOutputBytes);
    let timedOut = false;
    let settled = false;
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: [spec.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    const finish = (exitCode: number | null, signal: string | null, spawnError?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise({
        exitCode,
        signal,
        timedOut,
        stdout: out.text(),
        stderr: err.text(),
        durationMs: performance.now() - started,
        ...(spawnError ? { spawnError } : {}),
      });
    };
    const killGroup = (): void => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // ESRCH: the group is empty (or the process never started).
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, spec.timeoutMs);
    spec.onStart?.(killGroup);
    child.stdout!.on("data", (c: Buffer) => out.add(c));
    child.stderr!.on("data", (c: Buffer) => err.add(c));
    if (spec.stdin && child.stdin) {
      child.stdin.on("error", () => undefined);
      child.stdin.end(Buffer.from(spec.stdin));
    }
    child.on("error", (e) => finish(null, null, e.message));
    child.on("exit", (code, signal) => {
      // Background children the hook left in its group: they die with it.
      killGroup();
      let open = 2;
      const done = (): void => {
        if (--open === 0) finish(code, signal);
      };
      for (const stream of [child.stdout!, child.stderr!]) {
        if (stream.readableEnded || stream.destroyed) done();
        else stream.once("close", done);
      }
      setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        finish(code, signal);
      }, DRAIN_MS).unref();
    });
  });
}
