/**
 * What the hook is: read from the environment Juju gives a hook process.
 * The hook name comes from `JUJU_DISPATCH_PATH` (`hooks/<name>`, Juju >= 2.8)
 * or `JUJU_HOOK_NAME`; a relation hook is `<endpoint>-relation-<kind>`.
 */

export type RelationHookKind = "created" | "joined" | "changed" | "departed" | "broken";

export interface HookEnv {
  /** e.g. `mysql/1`. */
  readonly unit: string;
  /** e.g. `mysql`. */
  readonly app: string;
  /** e.g. `cluster-relation-changed`, `install`, `update-status`. */
  readonly hookName: string;
  /** The charm directory (`JUJU_CHARM_DIR`, else `CHARM_DIR`, else the working directory). */
  readonly charmDir: string;
  /** `JUJU_VERSION`, e.g. `3.6.4` ("" when not set; `Hook.jujuVersion` parses it). */
  readonly jujuVersion: string;
  /** `JUJU_MODEL_NAME` and `JUJU_MODEL_UUID` ("" when not set). */
  readonly model: { readonly name: string; readonly uuid: string };
  /** `JUJU_AVAILABILITY_ZONE`; null when Juju gives none (unset or empty: the provider has no zones). */
  readonly availabilityZone: string | null;
  /** Set in secret hooks (`secret-changed`, ...): the secret's URI and the label this unit knows it by. */
  readonly secret?: { readonly uri: string; readonly label: string };
  /** Set in relation hooks only. */
  readonly relation?: {
    readonly endpoint: string;
    readonly kind: RelationHookKind;
    /** e.g. `cluster:3`. */
    readonly id: string;
    /** The remote unit (empty in created and broken hooks). */
    readonly remoteUnit: string;
    readonly remoteApp: string;
    /** In departed hooks: the unit going away (may be the local unit). */
    readonly departingUnit: string;
  };
}

export class HookEnvError extends Error {
  override readonly name = "HookEnvError";
}

const RELATION_HOOK = /^(.+)-relation-(created|joined|changed|departed|broken)$/;

export function hookNameFrom(env: NodeJS.ProcessEnv): string {
  const dispatch = env["JUJU_DISPATCH_PATH"];
  if (dispatch) return dispatch.slice(dispatch.lastIndexOf("/") + 1);
  const name = env["JUJU_HOOK_NAME"];
  if (name) return name;
  throw new HookEnvError("neither JUJU_DISPATCH_PATH nor JUJU_HOOK_NAME is set: this is not a Juju hook");
}

export function readHookEnv(env: NodeJS.ProcessEnv = process.env): HookEnv {
  const unit = env["JUJU_UNIT_NAME"];
  if (!unit || !unit.includes("/")) throw new HookEnvError(`JUJU_UNIT_NAME is ${unit ? `not a unit name: ${JSON.stringify(unit)}` : "not set"}`);
  const hookName = hookNameFrom(env);
  const base = {
    unit,
    app: unit.slice(0, unit.indexOf("/")),
    hookName,
    charmDir: env["JUJU_CHARM_DIR"] || env["CHARM_DIR"] || process.cwd(),
    jujuVersion: env["JUJU_VERSION"] ?? "",
    model: { name: env["JUJU_MODEL_NAME"] ?? "", uuid: env["JUJU_MODEL_UUID"] ?? "" },
    availabilityZone: env["JUJU_AVAILABILITY_ZONE"] || null,
    ...(env["JUJU_SECRET_ID"] ? { secret: { uri: env["JUJU_SECRET_ID"], label: env["JUJU_SECRET_LABEL"] ?? "" } } : {}),
  };
  const m = RELATION_HOOK.exec(hookName);
  if (!m) return base;
  const id = env["JUJU_RELATION_ID"] ?? "";
  const endpoint = env["JUJU_RELATION"] || m[1]!;
  return {
    ...base,
    relation: {
      endpoint,
      kind: m[2] as RelationHookKind,
      id: id.includes(":") || id === "" ? id : `${endpoint}:${id}`,
      remoteUnit: env["JUJU_REMOTE_UNIT"] ?? "",
      remoteApp: env["JUJU_REMOTE_APP"] ?? "",
      departingUnit: env["JUJU_DEPARTING_UNIT"] ?? "",
    },
  };
}
