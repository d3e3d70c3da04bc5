/** Whether processes are still running, for tests of what must not outlive its owner. */
import { readFileSync } from "node:fs";

/** Whether `pid` is a live process (a zombie has ended: it only waits to be reaped). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Whether `pid` ends within a bounded wait (about 2 s: a SIGKILL is delivered asynchronously). */
export async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !running(pid);
}
