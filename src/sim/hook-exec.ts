/**
 * Running one hook as a process: its environment (the simulator's own
 * minus any `JUJU_*`, with the hook tools first on PATH), dispatch discovery
 * (`dispatch`, else `hooks/<name>`), and the unit state a hook leaves behind.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The process environment of a hook: ours minus `JUJU_*`, the extra env, PATH with the tools, then Juju's variables. */
export function processEnv(input: { binDir: string; extraEnv: Readonly<Record<string, string>>; juju: Readonly<Record<string, string>> }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("JUJU_") && k !== "CHARM_DIR" && v !== undefined) env[k] = v;
  }
  Object.assign(env, input.extraEnv);
  env.PATH = `${input.binDir}:${env.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`;
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
