/**
 * Files and folders named after the process that made them (a temporary state
 * file, a secret's folder), and the rule that removes them once that process
 * is gone: a hook killed half-way leaves its one behind, and the next hook
 * that uses the same place clears it.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Whether a process with this pid exists; EPERM means it does, under another user. This process counts. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the entries of `dir` whose name matches `owner` (its first group the
 * pid of the process that made it) and whose process is gone. Best effort: a
 * directory it cannot list or an entry it cannot remove is left as it is.
 * Returns the names removed.
 */
export function removeOrphans(dir: string, owner: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = owner.exec(name)?.[1];
    if (pid === undefined || processAlive(Number(pid))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove, or gone already
    }
  }
  return removed;
}
