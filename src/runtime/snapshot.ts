/**
 * The snapshot of one endpoint for one hook: its relations, and for each the
 * application at the other end, the joined remote units' bags, the other
 * side's application bag and this unit's own bags, each read once. A bag
 * that the schemas say holds nothing is not read (each read is a hook-tool
 * process). Reads run in parallel; a relation that vanishes mid-read is
 * dropped.
 */
import type { Backend, RawBag } from "./backend.js";
import { RelationNotFoundError } from "./errors.js";
import type { HookEnv } from "./hook-env.js";
import type { BagBinding, EndpointDefinition, RelationSnapshot } from "./port.js";

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function orGone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof RelationNotFoundError) return null;
    throw e;
  }
}

const appOf = (unit: string): string => unit.slice(0, unit.indexOf("/"));

/** The application at the other end: known from the hook, a remote unit, or asked (`relation-list --app`). */
async function remoteApplication(backend: Backend, id: string, units: readonly string[], peer: boolean, env: HookEnv): Promise<string | null> {
  if (peer) return env.app;
  if (env.relation?.id === id && env.relation.remoteApp) return env.relation.remoteApp;
  if (units[0] !== undefined) return appOf(units[0]);
  return orGone(backend.relationRemoteApp(id));
}

/** Which bags of each relation an endpoint reads. */
export interface ReadPlan {
  readonly peer: boolean;
  readonly remoteUnits: boolean;
  readonly remoteApp: boolean;
  readonly localUnit: boolean;
  readonly localApp: boolean;
}

/** A bag is worth reading unless its schema is known and declares no keys (an open bag may hold anything). */
const declaresKeys = (binding: BagBinding | null): boolean => binding === null || binding.spec.keys.length > 0;

/**
 * What a side reads: the other side's bags that its schema fills, and its own
 * bags that it writes (the unit bag also when it publishes ingress keys), to
 * compare before writing.
 */
export function readPlan(definition: EndpointDefinition): ReadPlan {
  const peer = definition.role === "peers";
  return {
    peer,
    remoteUnits: declaresKeys(definition.remote.unit),
    remoteApp: declaresKeys(definition.remote.app),
    localUnit: peer || declaresKeys(definition.local.unit) || (definition.ingress?.keys.length ?? 0) > 0,
    localApp: peer || declaresKeys(definition.local.app),
  };
}

const EMPTY: RawBag = Object.freeze({});
const skip = Promise.resolve(EMPTY);

/**
 * Loads the relations of an endpoint. `leader` says whether this unit may read
 * its own application's bag on a non-peer relation (on a peer relation that
 * bag is the other side's, read anyway).
 */
export async function loadRelations(backend: Backend, endpoint: string, plan: ReadPlan, leader: boolean, env: HookEnv): Promise<RelationSnapshot[]> {
  const { peer } = plan;
  let ids = await backend.relationIds(endpoint);
  // Older agents still list the relation whose -broken hook is running; it is gone for us.
  if (env.relation?.kind === "broken" && env.relation.endpoint === endpoint) ids = ids.filter((id) => id !== env.relation!.id);
  ids = [...ids].sort(byString);
  const loaded = await Promise.all(
    ids.map(async (id): Promise<RelationSnapshot | null> => {
      const listed = await orGone(backend.relationList(id));
      if (listed === null) return null;
      const units = [...listed].sort(byString);
      const application = await remoteApplication(backend, id, units, peer, env);
      if (application === null) return null;
      const ownApp = !peer && leader && plan.localApp;
      const read = (wanted: boolean, owner: string, app = false): Promise<RawBag | null> =>
        wanted ? orGone(backend.relationGet(id, owner, app ? { app: true } : {})) : skip;
      const [local, app, localApp, ...bags] = await Promise.all([
        read(plan.localUnit, env.unit),
        read(plan.remoteApp, application, true),
        read(ownApp, env.app, true),
        ...units.map((u) => read(plan.remoteUnits, u)),
      ]);
      if (local === null || app === null || localApp === null) return null;
      const freeze = (b: RawBag | null): RawBag => (b === EMPTY ? b : Object.freeze(b ?? {}));
      const frozenApp = freeze(app);
      return {
        id,
        application,
        units: Object.freeze(units.map((name, i) => Object.freeze({ relationId: id, name, raw: freeze(bags[i] ?? null) }))),
        app: frozenApp,
        local: plan.localUnit ? freeze(local) : null,
        localApp: peer ? frozenApp : ownApp ? freeze(localApp) : null,
      };
    }),
  );
  return loaded.filter((r): r is RelationSnapshot => r !== null);
}
