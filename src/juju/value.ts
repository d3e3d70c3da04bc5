/**
 * The model as a value: `modelValue(model)` is a plain, JSON-serialisable copy
 * of everything Juju holds (applications with their config, leadership and
 * leader settings; units with their status, logs and the uniter's books;
 * relations with their scope, bags and versions; secrets with their
 * revisions, grants and tracking), and `restoreModel(model, value)` puts a
 * model back in that state. Maps become arrays of `[key, value]` entries
 * (a key such as `__proto__` stays a key), sorted where their order means
 * nothing, so that equal models give equal values.
 */
import type { HookEvent } from "./events.js";
import type { CharmMetadata } from "./metadata.js";
import type { Application, LogEntry, Model, Relation, Status, Unit } from "./model.js";
import type { Secret, SecretMeta, SecretOwnerKind } from "./secrets.js";
import type { ConfigValue } from "./tools/types.js";
import type { Failing, RelationLocal, SetupStage, UniterState } from "./uniter-state.js";
import { ModelError } from "./model.js";

export const MODEL_FORMAT = "relgen-model/1";

/** A value's type with every `readonly` taken off, pairs kept as pairs: a copy of a value being edited (then restored). */
export type Mutable<T> = T extends readonly [infer A, infer B]
  ? [Mutable<A>, Mutable<B>]
  : T extends readonly (infer U)[]
    ? Mutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Mutable<T[K]> }
      : T;

type Entries<V> = readonly (readonly [string, V])[];

export interface ApplicationValue {
  readonly name: string;
  readonly metadata: CharmMetadata;
  readonly life: Application["life"];
  readonly config: Readonly<Record<string, ConfigValue>>;
  readonly configVersion: number;
  readonly leader: string | null;
  readonly leaderSettings: Entries<string>;
  readonly leaderSettingsVersion: number;
  readonly status: Status;
  readonly nextUnit: number;
}

export interface RelationLocalValue {
  readonly id: number;
  readonly created: boolean;
  readonly known: Entries<number>;
  readonly appSeen: Entries<number>;
  readonly changedPending: string | null;
  readonly broken: boolean;
}

/** The uniter's books of one unit (no hook may be running when a value is taken). */
export interface UniterValue {
  readonly stage: SetupStage;
  readonly relations: readonly RelationLocalValue[];
  readonly leaderSeen: number;
  readonly configSeen: number;
  readonly leaderElectedPending: boolean;
  readonly updateStatusPending: boolean;
  readonly stopped: boolean;
  readonly failing: (Omit<Failing, "event"> & { readonly event: HookEvent }) | null;
}

export interface UnitValue {
  readonly name: string;
  readonly app: string;
  readonly number: number;
  readonly address: string;
  readonly life: Unit["life"];
  readonly status: Status;
  readonly workloadVersion: string;
  readonly logs: readonly LogEntry[];
  readonly uniter: UniterValue;
}

export interface RelationValue {
  readonly id: number;
  readonly ends: Relation["ends"];
  readonly peer: boolean;
  readonly key: string;
  readonly life: Relation["life"];
  readonly scope: readonly string[];
  readonly everInScope: readonly string[];
  readonly unitBags: Entries<Entries<string>>;
  readonly appBags: Entries<Entries<string>>;
  readonly versions: Entries<number>;
}

export interface SecretValue {
  readonly id: string;
  readonly owner: { readonly kind: SecretOwnerKind; readonly name: string };
  readonly meta: SecretMeta;
  /** Each revision's content, base64 values as `secret-get` decodes them. */
  readonly revisions: readonly (readonly [number, Readonly<Record<string, string>>])[];
  readonly latest: number;
  readonly grants: Secret["grants"];
  readonly tracking: Entries<{ readonly label: string; readonly current: number; readonly notified: number }>;
}

export interface ModelValue {
  readonly format: typeof MODEL_FORMAT;
  readonly applications: readonly ApplicationValue[];
  readonly units: readonly UnitValue[];
  readonly relations: readonly RelationValue[];
  readonly nextRelationId: number;
  readonly secrets: { readonly modelUuid: string; readonly counter: number; readonly secrets: readonly SecretValue[] };
}

const byKey = <V>(a: readonly [string, V], b: readonly [string, V]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const entries = <V, W>(map: ReadonlyMap<string, V>, f: (v: V) => W): [string, W][] => [...map].map(([k, v]) => [k, f(v)] as [string, W]).sort(byKey);
const same = <V>(v: V): V => v;
const sorted = (set: ReadonlySet<string>): string[] => [...set].sort();
/** A deep copy of plain data (what events, metadata and config values are). */
const copy = <T>(v: T): T => structuredClone(v);

/** The model as a plain value; throws while a hook of a unit is running (its writes are in flight). */
export function modelValue(model: Model): ModelValue {
  for (const u of model.units.values()) if (u.uniter.running) throw new ModelError(`cannot take the model's value while ${u.name} runs a hook`);
  return {
    format: MODEL_FORMAT,
    applications: [...model.applications.values()].map((a) => ({
      name: a.name,
      metadata: a.metadata, // read-only data, shared
      life: a.life,
      config: copy(a.config),
      configVersion: a.configVersion,
      leader: a.leader,
      leaderSettings: entries(a.leaderSettings, same),
      leaderSettingsVersion: a.leaderSettingsVersion,
      status: { ...a.status },
      nextUnit: a.nextUnit,
    })),
    units: [...model.units.values()].map((u) => ({ ...unitFields(u), uniter: uniterValue(u.uniter) })),
    relations: [...model.relations.values()].map((r) => ({
      id: r.id,
      ends: r.ends, // read-only data, shared
      peer: r.peer,
      key: r.key,
      life: r.life,
      scope: sorted(r.scope),
      everInScope: sorted(r.everInScope),
      unitBags: entries(r.unitBags, (bag) => entries(bag, same)),
      appBags: entries(r.appBags, (bag) => entries(bag, same)),
      versions: entries(r.versions, same),
    })),
    nextRelationId: model.nextRelationId,
    secrets: {
      modelUuid: model.secrets.modelUuid,
      counter: model.secrets.counter,
      secrets: [...model.secrets.secrets.values()].map((s) => ({
        id: s.id,
        owner: { ...s.owner },
        meta: { ...s.meta },
        revisions: [...s.revisions].map(([n, content]) => [n, { ...content }] as const).sort((a, b) => a[0] - b[0]),
        latest: s.latest,
        grants: s.grants.map((g) => ({ ...g })),
        tracking: entries(s.tracking, (t) => ({ label: t.label, current: t.current, notified: t.notified })),
      })),
    },
  };
}

/** A unit's own fields, copied (the same both ways: into a value and back into the model); its uniter's books apart. */
function unitFields(u: Omit<UnitValue, "uniter">): Omit<Unit, "uniter"> {
  return {
    name: u.name,
    app: u.app,
    number: u.number,
    address: u.address,
    life: u.life,
    status: { ...u.status },
    workloadVersion: u.workloadVersion,
    logs: u.logs.map((l) => ({ ...l })),
  };
}

function uniterValue(u: UniterState): UniterValue {
  return {
    stage: u.stage,
    relations: [...u.relations]
      .map(([id, l]) => ({ id, created: l.created, known: entries(l.known, same), appSeen: entries(l.appSeen, same), changedPending: l.changedPending, broken: l.broken }))
      .sort((a, b) => a.id - b.id),
    leaderSeen: u.leaderSeen,
    configSeen: u.configSeen,
    leaderElectedPending: u.leaderElectedPending,
    updateStatusPending: u.updateStatusPending,
    stopped: u.stopped,
    failing: u.failing && { ...u.failing, event: copy(u.failing.event) },
  };
}

/** Puts `model` in the state `value` describes (a copy: later changes to either do not reach the other). */
export function restoreModel(model: Model, value: ModelValue): void {
  if (value?.format !== MODEL_FORMAT) throw new ModelError(`not a model value of format ${MODEL_FORMAT}`);
  model.applications.clear();
  for (const a of value.applications) {
    model.applications.set(a.name, {
      name: a.name,
      metadata: a.metadata,
      life: a.life,
      config: copy({ ...a.config }),
      configVersion: a.configVersion,
      leader: a.leader,
      leaderSettings: new Map(a.leaderSettings),
      leaderSettingsVersion: a.leaderSettingsVersion,
      status: { ...a.status },
      nextUnit: a.nextUnit,
    });
  }
  model.units.clear();
  for (const u of value.units) {
    model.units.set(u.name, { ...unitFields(u), uniter: restoreUniter(u.uniter) });
  }
  model.relations.clear();
  for (const r of value.relations) {
    model.relations.set(r.id, {
      id: r.id,
      ends: r.ends,
      peer: r.peer,
      key: r.key,
      life: r.life,
      scope: new Set(r.scope),
      everInScope: new Set(r.everInScope),
      unitBags: new Map(r.unitBags.map(([k, bag]) => [k, new Map(bag)])),
      appBags: new Map(r.appBags.map(([k, bag]) => [k, new Map(bag)])),
      versions: new Map(r.versions),
    });
  }
  model.nextRelationId = value.nextRelationId;
  const store = model.secrets;
  store.modelUuid = value.secrets.modelUuid;
  store.counter = value.secrets.counter;
  store.secrets.clear();
  for (const s of value.secrets.secrets) {
    store.secrets.set(s.id, {
      id: s.id,
      owner: { ...s.owner },
      meta: { ...s.meta },
      revisions: new Map(s.revisions.map(([n, content]) => [n, { ...content }])),
      latest: s.latest,
      grants: s.grants.map((g) => ({ ...g })),
      tracking: new Map(s.tracking.map(([unit, t]) => [unit, { ...t }])),
    });
  }
}

function restoreUniter(v: UniterValue): UniterState {
  const relations = new Map<number, RelationLocal>(
    v.relations.map((l) => [l.id, { created: l.created, known: new Map(l.known), appSeen: new Map(l.appSeen), changedPending: l.changedPending, broken: l.broken }]),
  );
  return {
    stage: v.stage,
    relations,
    leaderSeen: v.leaderSeen,
    configSeen: v.configSeen,
    leaderElectedPending: v.leaderElectedPending,
    updateStatusPending: v.updateStatusPending,
    stopped: v.stopped,
    failing: v.failing && { ...v.failing, event: copy(v.failing.event) },
    running: null,
  };
}
