/**
 * The workload status Juju shows for this unit, as this unit last set it.
 *
 * `status-set` takes effect at once, even in a hook that then fails, while
 * the unit state file is written only when a hook succeeds. So the status a
 * hook may skip setting again is the one remembered here, written as soon as
 * each `status-set` returns (and forgotten while one runs, so that a call
 * that failed or was cut short is made again), not the one the last
 * successful hook saved.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ShownStatus {
  readonly state: string;
  readonly message: string;
}

export interface ShownStatusMemory {
  /** What Juju shows, when known. */
  read(): ShownStatus | undefined;
  /** Remembers what Juju shows now; `undefined` when it is not known. */
  write(status: ShownStatus | undefined): void;
}

export const SHOWN_STATUS_FILE = ".unit-status.json";

/** `$JUJU_CHARM_DIR/.unit-status.json`, mode 0600, replaced by rename. Unreadable or odd content reads as unknown. */
export class FileShownStatus implements ShownStatusMemory {
  readonly path: string;
  constructor(charmDir: string) {
    this.path = join(charmDir, SHOWN_STATUS_FILE);
  }
  read(): ShownStatus | undefined {
    try {
      const doc = JSON.parse(readFileSync(this.path, "utf8")) as unknown;
      if (typeof doc === "object" && doc !== null) {
        const { state, message } = doc as Record<string, unknown>;
        if (typeof state === "string" && typeof message === "string") return { state, message };
      }
    } catch {
      // absent or unreadable: unknown, so the next status is set
    }
    return undefined;
  }
  write(status: ShownStatus | undefined): void {
    if (status === undefined) {
      rmSync(this.path, { force: true });
      return;
    }
    // One fixed temporary name: a hook killed mid-write leaves at most this one file, reused next time.
    const temp = `${this.path}.tmp`;
    writeFileSync(temp, JSON.stringify({ state: status.state, message: status.message }) + "\n", { mode: 0o600 });
    renameSync(temp, this.path);
  }
}

/** In memory (in-process hooks: one per unit state store). */
export class MemoryShownStatus implements ShownStatusMemory {
  #status: ShownStatus | undefined;
  read(): ShownStatus | undefined {
    return this.#status;
  }
  write(status: ShownStatus | undefined): void {
    this.#status = status;
  }
}
