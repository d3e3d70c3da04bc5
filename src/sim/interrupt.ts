/**
 * `relgen sim` interrupted (SIGINT, SIGTERM): no hook starts any more, the
 * running ones are killed, and the simulator closes as usual (killing what
 * hooks left behind, removing the work dir unless it is kept); the command
 * then exits as a shell reports a signal: 130 for SIGINT, 143 for SIGTERM.
 * A second signal leaves at once, after what can be done at once.
 */
import { rmSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { basename, dirname } from "node:path";
import { killProcessesWithEnv } from "./leftovers.js";
import type { Simulator } from "./simulator.js";

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** A shell's exit status for a command ended by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 0);
}

export class SignalWatch {
  /** The first signal caught, or null. */
  caught: NodeJS.Signals | null = null;
  private sim: Simulator | undefined;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);

  /** Catches SIGINT and SIGTERM from now until `dispose()`. `keep`: the work dir stays (`--keep-workdir`). */
  constructor(private readonly keep: boolean) {
    for (const signal of SIGNALS) process.on(signal, this.handler);
  }

  /** The simulator to stop (a signal caught before it existed stops it at once). */
  attach(sim: Simulator): void {
    this.sim = sim;
    if (this.caught) sim.interrupt();
  }

  /** The exit code for the signal caught (call when `caught`). */
  get exitCode(): number {
    return signalExitCode(this.caught ?? "SIGINT");
  }

  dispose(): void {
    for (const signal of SIGNALS) process.off(signal, this.handler);
  }

  private onSignal(signal: NodeJS.Signals): void {
    if (this.caught) {
      if (this.sim) abandon(this.sim, this.keep);
      process.exit(this.exitCode);
    }
    this.caught = signal;
    this.sim?.interrupt();
  }
}

/**
 * What can be done at once in a handler about to exit: kill every process a
 * hook of `sim` started (the running hooks and what they left behind, found
 * by the simulator's socket in their environment) and remove the socket dir
 * and, unless kept, the work dir.
 */
function abandon(sim: Simulator, keep: boolean): void {
  sim.interrupt();
  const socket = sim.socketPath;
  if (socket) {
    killProcessesWithEnv("JUJU_AGENT_SOCKET_ADDRESS", socket);
    const socketDir = dirname(socket);
    if (socketDir !== sim.workDir && basename(socketDir).startsWith("relgen-sock-")) rmSync(socketDir, { recursive: true, force: true });
  }
  if (!keep) rmSync(sim.workDir, { recursive: true, force: true });
}
