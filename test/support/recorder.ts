/**
 * An in-process charm that records what every hook saw: its environment,
 * the relation ids of each endpoint, `relation-list` (and `--app`) of the
 * hook's relation, and whether it may read its own application bag. An
 * optional script runs after the recording, with the hook's backend.
 */
import type { HarnessCharm } from "../../src/testing/harness.js";
import type { Backend } from "../../src/runtime/backend.js";
import { readHookEnv, type HookEnv } from "../../src/runtime/hook-env.js";
import type { HookResult } from "../../src/runtime/hook.js";
import { HookToolError } from "../../src/runtime/errors.js";

export interface Seen {
  readonly unit: string;
  readonly hook: string;
  readonly relationId: string;
  readonly remoteUnit: string;
  readonly remoteApp: string;
  readonly departingUnit: string;
  /** relation-ids of every endpoint. */
  readonly ids: Record<string, string[]>;
  /** relation-list of the hook's relation (null outside relation hooks, or when refused). */
  readonly members: string[] | null;
  /** relation-list --app of the hook's relation. */
  readonly listApp: string | null;
  /** Reading the own application's bag on the hook's relation. */
  readonly ownApp: "allowed" | "denied" | null;
}

export type Script = (backend: Backend, env: HookEnv) => Promise<void>;

async function attempt<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof HookToolError) return null;
    throw e;
  }
}

/** A charm with these endpoints (`peers`, `provides`, `requires` maps of endpoint → interface) that records into `log`. */
export function recorderCharm(
  name: string,
  endpoints: { peers?: Record<string, string>; provides?: Record<string, string>; requires?: Record<string, string> },
  log: Seen[],
  script?: Script,
): HarnessCharm {
  const section = (m: Record<string, string> | undefined) => (m ? Object.fromEntries(Object.entries(m).map(([ep, iface]) => [ep, { interface: iface }])) : undefined);
  const metadata = { name, peers: section(endpoints.peers), provides: section(endpoints.provides), requires: section(endpoints.requires) };
  const names = [...Object.keys(endpoints.peers ?? {}), ...Object.keys(endpoints.provides ?? {}), ...Object.keys(endpoints.requires ?? {})];
  return {
    metadata: JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>,
    async run({ backend, env }): Promise<HookResult> {
      const info = readHookEnv(env!);
      const b = backend!;
      const ids: Record<string, string[]> = {};
      for (const ep of names) ids[ep] = await b.relationIds(ep);
      const rel = info.relation;
      let members: string[] | null = null;
      let listApp: string | null = null;
      let ownApp: Seen["ownApp"] = null;
      if (rel) {
        members = await attempt(() => b.relationList(rel.id));
        listApp = await attempt(() => b.relationRemoteApp(rel.id));
        ownApp = (await attempt(() => b.relationGet(rel.id, info.app, { app: true }))) === null ? "denied" : "allowed";
      }
      log.push({
        unit: info.unit,
        hook: info.hookName,
        relationId: rel?.id ?? "",
        remoteUnit: rel?.remoteUnit ?? "",
        remoteApp: rel?.remoteApp ?? "",
        departingUnit: rel?.departingUnit ?? "",
        ids,
        members,
        listApp,
        ownApp,
      });
      if (script) await script(b, info);
      return { ok: true, hook: info.hookName, unit: info.unit, flags: [], ran: [], relationSets: 0 };
    },
  };
}
