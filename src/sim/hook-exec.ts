/**
 * Running one hook of one unit: the hook environment (section 2 of the hook
 * contract), dispatch discovery (`dispatch`, else `hooks/<name>`, else no-op),
 * and the record kept of the run.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ToolCall } from "./context.js";
import type { SimEvent } from "./events.js";
import { isRelationKind } from "./events.js";
import type { Status, UnitState } from "./model.js";

/** What the simulator keeps of each hook it ran. */
export interface HookRecord {
  /** 1-based order of the run in this simulation. */
  readonly seq: number;
  readonly unit: string;
  /** The hook name, e.g. `cluster-relation-joined`. */
  readonly hook: string;
  /** `JUJU_RELATION_ID` (`cluster:0`) for relation hooks, else null. */
  readonly relationId: string | null;
  /** `JUJU_REMOTE_UNIT` ("" when none). */
  readonly remoteUnit: string;
  /** `JUJU_DEPARTING_UNIT` in departed hooks ("" otherwise). */
  readonly departingUnit: string;
  /** 1 for the first run of this hook, 2 for its first retry, … */
  readonly attempt: number;
  /** Exit code; null when the process was killed or did not start. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Killed after the hook timeout. */
  readonly timedOut: boolean;
  /** Exited 0: relation-set writes committed. */
  readonly ok: boolean;
  /** True when the charm had neither `dispatch` nor `hooks/<name>` (nothing ran; counts as success). */
  readonly missingHandler: boolean;
  /** Could not be started (e.g. dispatch not executable). */
  readonly spawnError?: string;
  readonly durationMs: number;
  /** Every hook-tool call of the hook, in order. */
  readonly trace: readonly ToolCall[];
  /** The hook's output, bounded (see `maxOutputBytes`). */
  readonly stdout: string;
  readonly stderr: string;
  /** The unit's workload status after the hook. */
  readonly status: Readonly<Status>;
  /** The unit's flags after the hook (from `.unit-state.json`). */
  readonly flags: readonly string[];
}

export interface EnvInput {
  readonly unit: UnitState;
  readonly hook: string;
  readonly event: SimEvent | null;
  readonly contextId: string;
  readonly socketPath: string;
  readonly binDir: string;
  readonly modelName: string;
  readonly modelUuid: string;
  readonly jujuVersion: string;
  readonly extraEnv: Readonly<Record<string, string>>;
}

/** The hook's environment: the simulator's own minus any `JUJU_*`, the extra env, then Juju's variables. */
export function hookEnv(input: EnvInput): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("JUJU_") && k !== "CHARM_DIR" && v !== undefined) base[k] = v;
  }
  const env: NodeJS.ProcessEnv = { ...base, ...input.extraEnv };
  env.PATH = `${input.binDir}:${env.PATH ?? "/usr/local/bin:/usr/bin:/bin"}`;
  Object.assign(env, {
    JUJU_UNIT_NAME: input.unit.name,
    JUJU_CHARM_DIR: input.unit.charmDir,
    CHARM_DIR: input.unit.charmDir,
    JUJU_HOOK_NAME: input.hook,
    JUJU_DISPATCH_PATH: `hooks/${input.hook}`,
    JUJU_MODEL_NAME: input.modelName,
    JUJU_MODEL_UUID: input.modelUuid,
    JUJU_VERSION: input.jujuVersion,
    JUJU_CONTEXT_ID: input.contextId,
    JUJU_AGENT_SOCKET_ADDRESS: input.socketPath,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_MACHINE_ID: String(input.unit.number),
    JUJU_PRINCIPAL_UNIT: "",
    JUJU_AVAILABILITY_ZONE: "sim-zone-1",
  });
  const ev = input.event;
  if (ev && isRelationKind(ev.kind)) {
    env.JUJU_RELATION = ev.endpoint ?? "";
    env.JUJU_RELATION_ID = `${ev.endpoint}:${ev.relationId}`;
    env.JUJU_REMOTE_UNIT = ev.remoteUnit ?? "";
    env.JUJU_REMOTE_APP = ev.remoteApp ?? "";
    if (ev.kind === "relation-departed") env.JUJU_DEPARTING_UNIT = ev.departingUnit ?? "";
  }
  return env;
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

export function flagsOf(state: Record<string, unknown> | null): string[] {
  const flags = state?.flags;
  return Array.isArray(flags) ? flags.filter((f): f is string => typeof f === "string") : [];
}

/** A deterministic UUID (v4 layout) from a seed, so a seeded run is reproducible down to its env. */
export function seededUuid(next: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
