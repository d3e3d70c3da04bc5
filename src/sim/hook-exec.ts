/**
 * Running one hook as a process: its environment (built the way Juju builds
 * it, not inherited), dispatch discovery (`dispatch`, else `hooks/<name>`),
 * and the unit state a hook leaves behind.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The process environment of a hook, as Juju's uniter makes it: not the
 * agent's own environment but a fixed set (the OS variables Juju sets on
 * Ubuntu (APT_LISTCHANGES_FRONTEND, DEBIAN_FRONTEND, LANG, TERM), PATH with the hook tools first, then Juju's `JUJU_*` variables),
 * plus the extra variables the simulator was given. A charm that depends on
 * anything else in the environment would not find it under Juju either.
 */
export function processEnv(input: { binDir: string; extraEnv: Readonly<Record<string, string>>; juju: Readonly<Record<string, string>> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    APT_LISTCHANGES_FRONTEND: "none",
    DEBIAN_FRONTEND: "noninteractive",
    LANG: "C.UTF-8",
    TERM: "tmux-256color",
    ...input.extraEnv,
  };
  env.PATH = `${input.binDir}:${input.extraEnv.PATH ?? process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`;
  return Object.assign(env, input.juju);
}

/** The executable Juju would run for `hook`, or null when the charm has none. */
export function hookHandler(charmDir: string, hook: string): string | null {
  const dispatch = join(charmDir, "dispatch");
  if (existsSync(dispatch)) return dispatch;
  const legacy = join(charmDir, "hooks", hook);
  return existsSync(legacy) ? legacy : null;
}

export const UNIT_STATE_FILE = ".unit-state.json";

/** The parsed `.unit-state.json` of a unit's charm dir, or null when absent or unreadable. */
export function readUnitState(charmDir: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(charmDir, UNIT_STATE_FILE), "utf8"));
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
