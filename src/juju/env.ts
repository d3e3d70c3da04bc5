/** The environment Juju gives a hook process (`juju-hook-contract.md` §2), for both drivers. */
import { isRelationKind, type HookEvent } from "./events.js";
import type { Unit } from "./model.js";

export interface HookEnvInput {
  readonly unit: Unit;
  readonly hook: string;
  readonly event: HookEvent | null;
  readonly contextId: string;
  readonly charmDir: string;
  readonly modelName: string;
  readonly modelUuid: string;
  readonly jujuVersion: string;
  /** Where the hook tools reach the agent (the simulator's socket). */
  readonly socketPath?: string;
}

/** The `JUJU_*` variables (and `CHARM_DIR`) of one hook. */
export function jujuHookEnv(input: HookEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    JUJU_UNIT_NAME: input.unit.name,
    JUJU_CHARM_DIR: input.charmDir,
    CHARM_DIR: input.charmDir,
    JUJU_HOOK_NAME: input.hook,
    JUJU_DISPATCH_PATH: `hooks/${input.hook}`,
    JUJU_MODEL_NAME: input.modelName,
    JUJU_MODEL_UUID: input.modelUuid,
    JUJU_VERSION: input.jujuVersion,
    JUJU_CONTEXT_ID: input.contextId,
    JUJU_MACHINE_ID: String(input.unit.number),
    JUJU_PRINCIPAL_UNIT: "",
    JUJU_AVAILABILITY_ZONE: "sim-zone-1",
  };
  if (input.socketPath !== undefined) {
    env["JUJU_AGENT_SOCKET_ADDRESS"] = input.socketPath;
    env["JUJU_AGENT_SOCKET_NETWORK"] = "unix";
  }
  const ev = input.event;
  if (ev?.kind === "action" && ev.action) {
    // An action is dispatched from actions/<name>; it has no hook name (juju-hook-contract.md §2).
    env["JUJU_DISPATCH_PATH"] = `actions/${ev.action.name}`;
    env["JUJU_HOOK_NAME"] = "";
    env["JUJU_ACTION_NAME"] = ev.action.name;
    env["JUJU_ACTION_UUID"] = ev.action.id;
    env["JUJU_ACTION_TAG"] = `action-${ev.action.id}`;
  }
  if (ev?.kind === "secret-changed") {
    env["JUJU_SECRET_ID"] = `secret:${ev.secretId}`;
    env["JUJU_SECRET_LABEL"] = ev.secretLabel ?? "";
  }
  if (ev && isRelationKind(ev.kind)) {
    env["JUJU_RELATION"] = ev.endpoint ?? "";
    env["JUJU_RELATION_ID"] = `${ev.endpoint}:${ev.relationId}`;
    env["JUJU_REMOTE_UNIT"] = ev.remoteUnit ?? "";
    env["JUJU_REMOTE_APP"] = ev.remoteApp ?? "";
    if (ev.kind === "relation-departed") env["JUJU_DEPARTING_UNIT"] = ev.departingUnit ?? "";
  }
  return env;
}

/** A deterministic UUID (v4 layout) from a PRNG, so a seeded run is reproducible down to its environment. */
export function seededUuid(next: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(next() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
