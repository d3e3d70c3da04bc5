/**
 * Running one hook as a process: its environment (built the way Juju builds
 * it, not inherited) and dispatch discovery (`dispatch`, else `hooks/<name>`).
 */
import { lstatSync, type Stats } from "node:fs";
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

/**
 * What Juju would run for `hook`: `dispatch` when the charm has one (even a
 * broken link: running it then fails, as it would), else `hooks/<hook>`;
 * `missing` when the charm has `hooks/` but not this hook (Juju skips it);
 * an error when the charm has neither `dispatch` nor `hooks/` (not a charm
 * Juju can run).
 */
export function hookHandler(charmDir: string, hook: string): { path: string } | { missing: true } | { error: string } {
  const dispatch = join(charmDir, "dispatch");
  if (lstatOrNull(dispatch)) return { path: dispatch };
  const hooks = join(charmDir, "hooks");
  if (!lstatOrNull(hooks)) return { error: `the charm has neither dispatch nor hooks/ (${charmDir})` };
  const legacy = join(hooks, hook);
  return lstatOrNull(legacy) ? { path: legacy } : { missing: true };
}

/** What Juju runs for an action: `dispatch` when the charm has one, else `actions/<name>` (missing: not implemented). */
export function actionHandler(charmDir: string, action: string): { path: string } | { missing: true } {
  const dispatch = join(charmDir, "dispatch");
  if (lstatOrNull(dispatch)) return { path: dispatch };
  const script = join(charmDir, "actions", action);
  return lstatOrNull(script) ? { path: script } : { missing: true };
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
