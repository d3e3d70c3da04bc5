/**
 * The state a one-event test starts from, typed from the charm's generated
 * bindings: a relation is made for an endpoint object (`relation(db, {...})`),
 * and its bags take the interface's typed values, which are encoded to the
 * wire as the runtime encodes them (`encodeBag`). `raw` bags are given as
 * wire strings, as they are (for data the schema does not allow).
 */
import type { EndpointBinding } from "../runtime/endpoint.js";
import type { RawBag } from "../runtime/backend.js";
import type { ConfigValue } from "../juju/tools/types.js";
import type { HookKind } from "../juju/events.js";

type RelationOf<E> = E extends { readonly relations: readonly (infer R)[] } ? R : never;
type Received<V> = V extends { readonly received: infer T } ? T : never;
type Published<F> = F extends (values: infer T) => void ? Partial<T> : never;

/** What the other side publishes in its application bag, typed (the own application's for a peer endpoint). */
export type RemoteAppData<E> = Received<NonNullable<RelationOf<E> extends { readonly app: infer A } ? A : never>>;
/** What a remote unit publishes in its bag, typed. */
export type RemoteUnitData<E> = Received<RelationOf<E> extends { readonly units: readonly (infer U)[] } ? U : never>;
/** What this side's application publishes, typed. */
export type LocalAppData<E> = Published<RelationOf<E> extends { publishApp: infer P } ? P : never>;
/** What this unit publishes, typed. */
export type LocalUnitData<E> = Published<RelationOf<E> extends { publish: infer P } ? P : never>;

/** One relation of the state: an endpoint of the charm, the other application and its units, and every bag. */
export interface RelationState<E extends EndpointBinding = EndpointBinding> {
  readonly endpoint: E;
  /** The relation id (default: 0, 1, ... in the order given). */
  readonly id?: number;
  /** The other application (default `remote`; the charm's own for a peer endpoint). */
  readonly remoteApp?: string;
  /** The remote units in scope, with their bags (typed): `{ "mysql/0": {...} }`, or just their names. */
  readonly remoteUnits?: Readonly<Record<string, RemoteUnitData<E>>> | readonly string[];
  /** The other application's bag, typed. */
  readonly remoteAppData?: RemoteAppData<E>;
  /** This application's bag, typed (what it published before the event). */
  readonly localApp?: LocalAppData<E>;
  /** This unit's bag, typed. */
  readonly localUnit?: LocalUnitData<E>;
  /** Bags as wire strings, over the typed ones: for values the schema does not allow. */
  readonly raw?: {
    readonly remoteApp?: RawBag;
    readonly remoteUnits?: Readonly<Record<string, RawBag>>;
    readonly localApp?: RawBag;
    readonly localUnit?: RawBag;
  };
}

/** A relation of the state, for an endpoint of the charm (the endpoint object types its bags). */
export function relation<E extends EndpointBinding>(endpoint: E, state: Omit<RelationState<E>, "endpoint"> = {}): RelationState<E> {
  return { endpoint, ...state };
}

/** A secret in the model before the event. */
export interface SecretState {
  /** The secret's content (decoded values). */
  readonly content: Readonly<Record<string, string>>;
  /** Its owner: `model` (a user secret, the default), or an application or unit name. */
  readonly owner?: string;
  readonly label?: string;
  /** Applications it is granted to; a grant to the charm's application is made on the first relation with the owner when there is one. */
  readonly grantedTo?: readonly string[];
}

/** The state a one-event test starts from. */
export interface StateIn {
  /** This unit leads its application (default false). */
  readonly leader?: boolean;
  /** Config over the charm's defaults. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
  readonly relations?: readonly RelationState[];
  readonly secrets?: readonly SecretState[];
  readonly leaderSettings?: Readonly<Record<string, string>>;
}

/** The event: a hook kind, and for relation hooks the relation and the remote unit. */
export interface EventSpec {
  readonly kind: Exclude<HookKind, "action">;
  readonly relation?: RelationState;
  /** joined, changed, departed: the remote unit (changed without one: the application bag changed). */
  readonly remoteUnit?: string;
  /** Which secret a secret-changed is about (its label or its index in `state.secrets`). */
  readonly secret?: string | number;
}

const relationEvent =
  (kind: "relation-created" | "relation-joined" | "relation-changed" | "relation-departed" | "relation-broken") =>
  (rel: RelationState, options: { readonly remoteUnit?: string } = {}): EventSpec => ({ kind, relation: rel, ...(options.remoteUnit !== undefined ? { remoteUnit: options.remoteUnit } : {}) });

export const relationCreated = relationEvent("relation-created");
export const relationJoined = relationEvent("relation-joined");
export const relationChanged = relationEvent("relation-changed");
export const relationDeparted = relationEvent("relation-departed");
export const relationBroken = relationEvent("relation-broken");

const simple = (kind: EventSpec["kind"]) => (): EventSpec => ({ kind });
export const install = simple("install");
export const start = simple("start");
export const configChanged = simple("config-changed");
export const updateStatus = simple("update-status");
export const leaderElected = simple("leader-elected");
export const leaderSettingsChanged = simple("leader-settings-changed");
export const upgradeCharm = simple("upgrade-charm");
export const stop = simple("stop");
