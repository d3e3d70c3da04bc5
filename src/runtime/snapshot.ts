/**
 * The snapshot of one endpoint for one hook: its relations, and for each the
 * application at the other end, the joined remote units' bags, the other
 * side's application bag and this unit's own bags. A bag that the schemas
 * say holds nothing is not read (each read is a hook-tool process).
 *
 * With a read cache (read-cache.ts), a hook reads only what Juju says
 * changed: the remote unit of a `-joined`/`-changed`, the application bag of
 * a `-changed` without one, a relation in its `-created` (or the first time
 * `relation-ids` lists it); the remote units follow the relation hooks as
 * Juju's own list does. Everything else comes from the cache. Without one (or `refreshPlan` says so) every relation is read.
 * Reads run in parallel; a relation that vanishes mid-read is dropped.
 */
import type { Backend, RawBag } from "./backend.js";
import { seedInvalidKeys } from "./bag.js";
import { RelationNotFoundError } from "./errors.js";
import { heldBag, type HeldFact } from "./held-bag.js";
import type { HookEnv } from "./hook-env.js";
import type { BagBinding, EndpointDefinition, RelationSnapshot } from "./port.js";
import { cacheBag, type CachedBag, type CachedRelation, type RefreshPlan } from "./read-cache.js";

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

/** A record's own entry (an application may be called `constructor`). */
const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

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

/** How an endpoint's bags are read and kept in one hook. */
export interface EndpointReads {
  readonly definition: EndpointDefinition;
  /** The endpoint's relations as the cache kept them; undefined: read everything. */
  readonly cached: Readonly<Record<string, CachedRelation>> | undefined;
  readonly refresh: RefreshPlan;
  /** Reads one bag now (held bags, when a secret key is wanted); undefined: secret keys cannot be held, their bags are read every hook. */
  readonly readNow: ((relationId: string, owner: string, app: boolean) => RawBag) | undefined;
  /** Hears of every held bag read again (its secrets are scrubbed from then on). */
  readonly onLoad: (bag: RawBag) => void;
}

/** An endpoint's relations in one hook, and which of their bags were read in it. */
export interface LoadedEndpoint {
  readonly relations: RelationSnapshot[];
  /** The remote bags read in this hook, as `<relation id> <owner>`: the flags look only at those for changes. */
  readonly fresh: ReadonlySet<string>;
  /** What the cache keeps of the endpoint after this hook (before its writes). */
  readonly cache: Record<string, CachedRelation>;
}

export const freshKey = (relationId: string, owner: string): string => `${relationId} ${owner}`;

/** One relation being loaded: each bag either read now (a promise) or from the cache. */
type Source = { read: Promise<RawBag | null> } | { kept: CachedBag };

/**
 * Loads the relations of an endpoint. `leader` says whether this unit may read
 * its own application's bag on a non-peer relation (on a peer relation that
 * bag is the other side's, read anyway).
 */
export async function loadRelations(backend: Backend, endpoint: string, plan: ReadPlan, leader: boolean, env: HookEnv, reads: EndpointReads): Promise<LoadedEndpoint> {
  const { peer } = plan;
  const { definition } = reads;
  const secretKeys = new Set(definition.secretKeys);
  const cached = reads.refresh.everything ? undefined : reads.cached;
  const event = env.relation?.endpoint === endpoint ? env.relation : undefined;
  // One call per endpoint, whatever the number of relations: a relation that came or went without a hook
  // of ours (a peer relation has no -broken when its unit goes) is never served from the cache.
  let ids = await backend.relationIds(endpoint);
  // Older agents still list the relation whose -broken hook is running; it is gone for us.
  if (event?.kind === "broken") ids = ids.filter((id) => id !== event.id);
  ids = [...ids].sort(byString);
  const ownApp = !peer && leader && plan.localApp;
  const bindings = { unit: definition.remote.unit, app: definition.remote.app, local: definition.local.unit, localApp: definition.local.app };
  const fresh = new Set<string>();
  const cache: Record<string, CachedRelation> = {};

  const loadOne = async (id: string): Promise<RelationSnapshot | null> => {
    const kept = own(cached, id);
    const whole = kept === undefined || (event?.id === id && event.kind === "created");
    let units: string[];
    let application: string | null;
    if (whole) {
      const listed = await orGone(backend.relationList(id));
      if (listed === null) return null;
      units = [...listed].sort(byString);
      application = await remoteApplication(backend, id, units, peer, env);
      if (application === null) return null;
    } else {
      units = [...kept.units];
      application = kept.app;
      if (event?.id === id && event.kind === "joined" && event.remoteUnit && !units.includes(event.remoteUnit)) units = [...units, event.remoteUnit].sort(byString);
      if (event?.id === id && event.kind === "departed") units = units.filter((u) => u !== event.remoteUnit);
    }
    const get = (owner: string, app: boolean): Promise<RawBag | null> => orGone(backend.relationGet(id, owner, app ? { app: true } : {}));
    /** A bag from the cache unless this hook must read it. */
    const source = (wanted: boolean, owner: string, app: boolean, entry: CachedBag | null | undefined, mustRead: boolean): Source | null => {
      if (!wanted) return null;
      // A bag holding secret keys back can be served only by a backend that reads it again when they are wanted.
      if (!whole && !mustRead && entry && (entry.s === undefined || reads.readNow !== undefined)) return { kept: entry };
      return { read: get(owner, app) };
    };
    const about = (kind: string, unit?: string): boolean => event?.id === id && event.kind === kind && (unit === undefined || event.remoteUnit === unit);
    const unitSources = units.map((u) => source(plan.remoteUnits, u, false, own(kept?.bags, u), about("joined", u) || about("changed", u)));
    const ownAgain = reads.refresh.ownBags || kept?.verify === true;
    // On a peer relation the application bag is this application's own too.
    const appSource = source(plan.remoteApp, application, true, own(kept?.bags, application), about("changed", "") || (peer && ownAgain));
    const localSource = source(plan.localUnit, env.unit, false, kept?.local, ownAgain);
    const localAppSource = source(ownApp, env.app, true, kept?.localApp, ownAgain);
    const all = [appSource, localSource, localAppSource, ...unitSources];
    const got = await Promise.all(all.map((s) => (s && "read" in s ? s.read : null)));
    if (all.some((s, i) => s !== null && "read" in s && got[i] === null)) return null; // the relation is gone

    const bagOf = (i: number, owner: string, app: boolean, binding: BagBinding | null, extra?: BagBinding | null): { raw: RawBag; entry: CachedBag | null } | null => {
      const s = all[i];
      if (!s) return null;
      if ("read" in s) {
        const raw = Object.freeze(got[i]!);
        return { raw, entry: cacheBag(raw, binding, secretKeys, reads.readNow !== undefined) };
      }
      return { raw: fromCache(s.kept, binding, extra, () => reads.readNow!(id, owner, app), reads.onLoad), entry: s.kept };
    };
    const appBag = bagOf(0, application, true, bindings.app, peer ? bindings.localApp : undefined);
    const localBag = bagOf(1, env.unit, false, bindings.local);
    const localAppBag = peer ? appBag : bagOf(2, env.app, true, bindings.localApp);
    const unitBags = units.map((u, j) => bagOf(3 + j, u, false, bindings.unit));
    if (appSource && "read" in appSource) fresh.add(freshKey(id, application));
    units.forEach((u, j) => {
      const s = unitSources[j];
      if (s && "read" in s) fresh.add(freshKey(id, u));
    });

    const bags: Record<string, CachedBag | null> = {};
    units.forEach((u, j) => {
      if (unitBags[j]) bags[u] = unitBags[j]!.entry;
    });
    if (appBag) bags[application] = appBag.entry;
    cache[id] = {
      app: application,
      units,
      bags,
      ...(localBag ? { local: localBag.entry } : {}),
      ...(!peer && localAppBag ? { localApp: localAppBag.entry } : {}),
    };
    return {
      id,
      application,
      units: Object.freeze(units.map((name, j) => Object.freeze({ relationId: id, name, raw: unitBags[j]?.raw ?? EMPTY }))),
      app: appBag?.raw ?? EMPTY,
      local: localBag ? localBag.raw : null,
      localApp: peer ? (appBag?.raw ?? EMPTY) : localAppBag ? localAppBag.raw : null,
    };
  };
  const loaded = await Promise.all(ids.map(loadOne));
  return { relations: loaded.filter((r): r is RelationSnapshot => r !== null), fresh, cache };
}

/** A bag as the cache kept it: plain, or holding its secret keys back (held-bag.ts). */
function fromCache(entry: CachedBag, binding: BagBinding | null, also: BagBinding | null | undefined, readNow: () => RawBag, onLoad: (bag: RawBag) => void): RawBag {
  if (!entry.s) return Object.freeze({ ...entry.v });
  const facts = new Map<string, HeldFact>(Object.entries(entry.s).map(([k, f]) => [k, { digest: f.d, present: f.p }]));
  const bag = heldBag(entry.v, facts, readNow, onLoad);
  for (const b of [binding, also]) if (b) seedInvalidKeys(bag, b.spec, entry.x ?? []);
  return bag;
}
