/**
 * The relation snapshot of one endpoint for one hook: relation ids, joined
 * units in Juju's string order, each unit's raw bag (read once), the local
 * unit's own bag, and the application bag where the interface needs it.
 * Bags are read in parallel; a relation that vanishes mid-read is dropped.
 */
import type { Backend, RawBag } from "./backend.js";
import { RelationNotFoundError } from "./errors.js";
import type { HookEnv } from "./hook-env.js";
import type { EndpointDefinition, JoinedUnit } from "./port.js";

export interface RelationSnapshot {
  readonly id: string;
  /** Joined remote units, sorted as strings. */
  readonly units: readonly string[];
  /** The local unit's own bag, as committed plus this hook's earlier writes. */
  readonly local: RawBag;
  /** The remote application's bag (own application for peers), when the interface reads it. */
  readonly app: RawBag | null;
}

export interface EndpointSnapshot {
  readonly endpoint: string;
  readonly relations: readonly RelationSnapshot[];
  /** Joined units over all relations, ordered by (relation id, unit name) as strings. */
  readonly joined: readonly JoinedUnit[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function orGone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof RelationNotFoundError) return null;
    throw e;
  }
}

export async function loadEndpoint(backend: Backend, definition: EndpointDefinition, env: HookEnv): Promise<EndpointSnapshot> {
  const endpoint = definition.endpoint;
  let ids = await backend.relationIds(endpoint);
  // Older agents still list the relation whose -broken hook is running; it is gone for us.
  if (env.relation?.kind === "broken" && env.relation.endpoint === endpoint) ids = ids.filter((id) => id !== env.relation!.id);
  ids = [...ids].sort(byString);

  const loaded = await Promise.all(
    ids.map(async (id) => {
      const units = await orGone(backend.relationList(id));
      if (units === null) return null;
      const sorted = [...units].sort(byString);
      const appName = definition.role === "peers" ? env.app : (sorted[0]?.split("/")[0] ?? env.relation?.remoteApp ?? "");
      const [local, app, ...bags] = await Promise.all([
        orGone(backend.relationGet(id, env.unit)),
        definition.readsApp && appName ? orGone(backend.relationGet(id, appName, { app: true })) : Promise.resolve(null),
        ...sorted.map((u) => orGone(backend.relationGet(id, u))),
      ]);
      if (local === null) return null;
      const relation: RelationSnapshot = { id, units: sorted, local: Object.freeze(local), app: app ? Object.freeze(app) : null };
      const joined = sorted.map((name, i) => ({ relationId: id, name, raw: Object.freeze(bags[i] ?? {}) }));
      return { relation, joined };
    }),
  );
  const present = loaded.filter((x): x is NonNullable<typeof x> => x !== null);
  return {
    endpoint,
    relations: present.map((p) => p.relation),
    joined: Object.freeze(present.flatMap((p) => p.joined)),
  };
}
