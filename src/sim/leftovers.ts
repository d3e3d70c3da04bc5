/**
 * What a simulator must not leave behind: processes its hooks started and
 * that outlived them, and a work dir that belongs to another simulator.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";

/**
 * Kills every process whose environment carries `NAME=value` (a hook's
 * `JUJU_AGENT_SOCKET_ADDRESS`, unique to one simulator): the processes its
 * hooks started that left the hook's process group (`setsid`, a daemon) and
 * so survived the group kill at the hook's end. Reads `/proc`, so it finds
 * them on Linux only; elsewhere it finds nothing. Returns the pids killed.
 */
export function killProcessesWithEnv(name: string, value: string): number[] {
  const marker = Buffer.from(`${name}=${value}\0`);
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue; // gone, or not ours to read
    }
    // The variable starts the block or follows a NUL.
    const at = environ.indexOf(marker);
    if (at < 0 || (at > 0 && environ[at - 1] !== 0)) continue;
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

/**
 * Why `dir` cannot be a new simulator's work dir, or null when it can (it does
 * not exist, or is an empty directory). A non-empty one is most likely the
 * kept work dir of an earlier simulator: its units' state files would leak
 * into the new model, and a simulator still running there would lose its socket.
 */
export function workDirProblem(dir: string): string | null {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    return null;
  }
  if (!isDir) return `the work dir ${dir} exists and is not a directory; pass the path of a new or empty directory as workDir`;
  if (readdirSync(dir).length > 0) {
    return `the work dir ${dir} is not empty (kept from an earlier simulator?): remove it, or pass a new or empty directory as workDir`;
  }
  return null;
}
