/**
 * State-in/state-out tests: `runEvent(charm, { event, state })` runs one hook
 * of one unit from a state given whole, with no history to set up, and
 * returns the state after it. It runs on the one Juju: the state is made into
 * a model value (applications, units, relations with their bags, leadership,
 * config, secrets, and the uniter's books of a unit that is set up and has
 * seen everything), restored into a harness, and the event is delivered to
 * the unit. Bags are typed by the endpoint objects (state.ts) and encoded as
 * the runtime encodes them; what the hook wrote is decoded the same way.
 */
import type { ConfigOptionSpec } from "../runtime/config.js";
import type { HookResult, RunHookOptions } from "../runtime/hook.js";
import type { EndpointBinding } from "../runtime/endpoint.js";
import type { RawBag } from "../runtime/backend.js";
import { encodeBag, readBag, type BagSpec } from "../runtime/bag.js";
import type { BagBinding } from "../runtime/port.js";
import type { ToolCall } from "../juju/context.js";
import type { LogEntry, RelationEnd, Status } from "../juju/model.js";
import { unitAddress } from "../juju/model.js";
import type { EngineSnapshot, SecretSummary } from "../juju/engine.js";
import type { ModelValue, Mutable, RelationValue, UnitValue } from "../juju/value.js";
import type { ConfigValue } from "../juju/tools/types.js";
import { Harness, type HarnessRecord } from "./harness.js";
import type { EventSpec, LocalAppData, LocalUnitData, RelationState, RemoteAppData, StateIn } from "./state.js";

/** What runEvent needs of a charm (what defineCharm returns): its endpoints, its config options, and its run. */
export interface EventCharm {
  readonly endpoints: readonly EndpointBinding[];
  readonly config?: { readonly options: readonly ConfigOptionSpec[] } | undefined;
  run(options: RunHookOptions): Promise<HookResult>;
}

export interface RunEventOptions {
  readonly event: EventSpec;
  readonly state?: StateIn;
  /** The charm's application (default `charm`); the unit is `<app>/0`. */
  readonly app?: string;
}

/** A relation after the event: what this side wrote, typed and as wire strings. */
export interface RelationOut<E> {
  readonly id: number;
  /** This application's bag, decoded by the interface's schema (values the schema rejects are left out: see `localAppRaw`). */
  readonly localApp: LocalAppData<E>;
  readonly localUnit: LocalUnitData<E>;
  readonly localAppRaw: Readonly<Record<string, string>>;
  readonly localUnitRaw: Readonly<Record<string, string>>;
}

export interface StateOut {
  /** The hook: exit, error, tool calls, logs, and the runtime's result. */
  readonly record: HarnessRecord;
  readonly ok: boolean;
  readonly status: Status;
  readonly appStatus: Status;
  readonly workloadVersion: string;
  readonly flags: readonly string[];
  readonly logs: readonly LogEntry[];
  readonly toolCalls: readonly ToolCall[];
  readonly leaderSettings: Readonly<Record<string, string>>;
  /** The model's secrets after the event, without content (`secretContent` has it). */
  readonly secrets: readonly SecretSummary[];
  secretContent(uriOrLabel: string): Record<string, string>;
  /** A relation of the state, after the event. */
  relation<E extends EndpointBinding>(rel: RelationState<E>): RelationOut<E>;
  /** The whole model after the event, as a value (restore it into a harness to go on). */
  readonly snapshot: EngineSnapshot;
}

const METADATA_SECTION = { peers: "peers", provider: "provides", requirer: "requires" } as const;
const ROLE = { peers: "peer", provider: "provider", requirer: "requirer" } as const;
const OTHER = { provider: "requirer", requirer: "provider" } as const;

type Entries = [string, string][];
const unitNumber = (unit: string): number => Number(unit.slice(unit.lastIndexOf("/") + 1));
const addressKeys = (address: string): Entries => [["egress-subnets", `${address}/32`], ["ingress-address", address], ["private-address", address]];

/** Typed values encoded for a bag (none when the side declares no such bag), raw strings over them. */
function wire(binding: BagBinding | null, values: object | undefined, raw: RawBag | undefined, what: string): Entries {
  const out: Record<string, string> = {};
  if (values !== undefined && Object.keys(values).length > 0) {
    if (!binding) throw new Error(`runEvent: ${what}: this side of the interface has no such bag (give it as raw)`);
    Object.assign(out, encodeBag(binding.spec, values as Record<string, unknown>));
  }
  Object.assign(out, raw ?? {});
  return Object.entries(out);
}

function decode(binding: BagBinding | null, raw: Readonly<Record<string, string>>): object {
  return binding ? { ...readBag<Record<string, unknown>>(raw, binding.spec as BagSpec, binding.validate).received } : {};
}

/** Runs one event of the charm's unit from the state given, and returns the state after it. */
export async function runEvent(charm: EventCharm, options: RunEventOptions): Promise<StateOut> {
  const state = options.state ?? {};
  const app = options.app ?? "charm";
  const unit = `${app}/0`;
  const endpoints: readonly EndpointBinding[] = charm.endpoints;
  const endpointOf = (rel: RelationState): EndpointBinding => {
    if (!endpoints.includes(rel.endpoint)) throw new Error(`runEvent: the relation's endpoint ${rel.endpoint.endpoint} is not one of the charm's (defineCharm({ endpoints }))`);
    return rel.endpoint;
  };

  // The charm's metadata, from its endpoints; every other application's, from the relations.
  const metadata: Record<string, Record<string, { interface: string }>> = {};
  for (const ep of endpoints) (metadata[METADATA_SECTION[ep.definition.role]] ??= {})[ep.endpoint] = { interface: ep.definition.interface };
  const relations = (state.relations ?? []).map((rel, i) => {
    const ep = endpointOf(rel);
    const peer = ep.definition.role === "peers";
    return { rel, ep, peer, remoteApp: peer ? app : (rel.remoteApp ?? "remote"), given: rel.id ?? null, index: i };
  });
  const others = new Map<string, Record<string, Record<string, { interface: string }>>>();
  for (const r of relations) {
    if (r.peer) continue;
    if (r.remoteApp === app) throw new Error(`runEvent: the remote application of ${r.ep.endpoint} cannot be the charm's own (${app})`);
    const role = OTHER[r.ep.definition.role as "provider" | "requirer"];
    const meta = others.get(r.remoteApp) ?? {};
    (meta[METADATA_SECTION[role]] ??= {})[r.ep.endpoint] = { interface: r.ep.definition.interface };
    others.set(r.remoteApp, meta);
  }

  const defaults: Record<string, ConfigValue> = {};
  for (const o of charm.config?.options ?? []) if (o.default !== undefined) defaults[o.name] = o.default;
  const h = new Harness();
  h.addApplication(app, { metadata: { name: app, ...metadata }, run: (o) => charm.run(o), config: defaults }, 0, state.config ? { config: state.config } : {});
  for (const [name, meta] of others) h.addApplication(name, { metadata: { name, ...meta }, run: async () => ({ ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 }) }, 0);
  const secretIds = (state.secrets ?? []).map((s) => h.addSecret(s.content, { ...(s.label ? { label: s.label } : {}), grant: (s.grantedTo ?? []).filter((a) => a === app || others.has(a)) }));

  const snapshot = h.snapshot();
  const model = structuredClone(snapshot.model) as Mutable<ModelValue>;
  const appIndex = (name: string): number => model.applications.findIndex((a) => a.name === name);

  // Units: this one, its peers, and the remote units, set up and seen by each other.
  const units = new Map<string, Mutable<UnitValue>>();
  const addUnit = (name: string): void => {
    if (units.has(name)) return;
    const owner = name.slice(0, name.indexOf("/"));
    units.set(name, {
      name, app: owner, number: unitNumber(name), address: unitAddress(appIndex(owner), unitNumber(name)), life: "alive",
      status: { state: "unknown", message: "" }, workloadVersion: "", logs: [],
      uniter: { stage: "done", relations: [], leaderSeen: 0, configSeen: 1, leaderElectedPending: false, updateStatusPending: false, stopped: false, failing: null },
    });
  };
  addUnit(unit);

  // Relations: the state's, and an empty peer relation for a peer endpoint it leaves out.
  const taken = new Set(relations.flatMap((r) => (r.given === null ? [] : [r.given])));
  let next = 0;
  const freshId = (): number => {
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  };
  const ids = new Map<RelationState, number>();
  const built: Mutable<RelationValue>[] = [];
  const peerEndpoints = endpoints.filter((ep) => ep.definition.role === "peers" && !relations.some((r) => r.ep === ep));
  for (const ep of peerEndpoints) built.push(relationValue(freshId(), [{ app, endpoint: ep.endpoint, role: "peer", interface: ep.definition.interface }], [unit], [], []));
  for (const r of relations) {
    const id = r.given ?? freshId();
    ids.set(r.rel, id);
    const given = r.rel.remoteUnits ?? [];
    const names = Array.isArray(given) ? (given as readonly string[]) : Object.keys(given);
    for (const name of names) {
      if (!name.startsWith(`${r.remoteApp}/`) || !Number.isInteger(unitNumber(name))) throw new Error(`runEvent: ${name} is not a unit of ${r.remoteApp} (${r.ep.endpoint})`);
      if (name === unit) throw new Error(`runEvent: ${unit} is the charm's own unit, not a remote one`);
      addUnit(name);
    }
    const typed = Array.isArray(given) ? {} : (given as Readonly<Record<string, object>>);
    const d = r.ep.definition;
    const unitBags: [string, Entries][] = [[unit, [...addressKeys(units.get(unit)!.address), ...wire(d.local.unit, r.rel.localUnit, r.rel.raw?.localUnit, "localUnit")]]];
    for (const name of names) unitBags.push([name, [...addressKeys(units.get(name)!.address), ...wire(d.remote.unit, typed[name], r.rel.raw?.remoteUnits?.[name], `remote unit ${name}`)]]);
    const appBags: [string, Entries][] = [];
    const localApp = wire(d.local.app, r.rel.localApp, r.rel.raw?.localApp, "localApp");
    const remoteApp = wire(d.remote.app, r.rel.remoteAppData, r.rel.raw?.remoteApp, "remoteAppData");
    if (r.peer) {
      const merged = [...new Map([...remoteApp, ...localApp])];
      if (merged.length) appBags.push([app, merged]);
    } else {
      if (localApp.length) appBags.push([app, localApp]);
      if (remoteApp.length) appBags.push([r.remoteApp, remoteApp]);
    }
    const ends: RelationEnd[] = r.peer
      ? [{ app, endpoint: r.ep.endpoint, role: "peer", interface: d.interface }]
      : [
          { app, endpoint: r.ep.endpoint, role: ROLE[d.role], interface: d.interface },
          { app: r.remoteApp, endpoint: r.ep.endpoint, role: OTHER[d.role as "provider" | "requirer"], interface: d.interface },
        ].sort((a) => (a.role === "requirer" ? -1 : 1));
    built.push(relationValue(id, ends, [unit, ...names], unitBags, appBags));
  }
  if (new Set(built.map((r) => r.id)).size !== built.length) throw new Error("runEvent: two relations have the same id");

  // Every unit in a relation has seen every other member's bag (and the other application's) at its version.
  for (const rel of built) {
    const version = new Map(rel.versions);
    for (const member of rel.scope) {
      const u = units.get(member)!;
      const apps = [...new Set(rel.ends.map((e) => e.app))];
      u.uniter.relations.push({
        id: rel.id, created: true, changedPending: null, broken: false,
        known: rel.scope.filter((m) => m !== member).map((m) => [m, version.get(m) ?? 0]),
        appSeen: apps.filter((a) => a !== u.app || rel.peer).map((a) => [a, version.get(a) ?? 0]),
      });
    }
  }

  const leader = state.leader === true ? unit : ([...units.keys()].find((u) => u.startsWith(`${app}/`) && u !== unit) ?? null);
  for (const a of model.applications) {
    const mine = [...units.values()].filter((u) => u.app === a.name);
    a.nextUnit = Math.max(0, ...mine.map((u) => u.number + 1));
    if (a.name === app) {
      a.leader = leader;
      a.leaderSettings = Object.entries(state.leaderSettings ?? {});
      a.leaderSettingsVersion = state.leaderSettings ? 1 : 0;
    } else a.leader = mine[0]?.name ?? null;
  }
  for (const u of units.values()) {
    const a = model.applications.find((x) => x.name === u.app)!;
    u.uniter.leaderSeen = a.leaderSettingsVersion;
    u.uniter.configSeen = a.configVersion;
  }
  model.units = [...units.values()];
  model.relations = built;
  model.nextRelationId = Math.max(-1, ...built.map((r) => r.id)) + 1;
  // Secrets owned by an application or a unit, granted over the first relation with the charm.
  (state.secrets ?? []).forEach((s, i) => {
    if (!s.owner || s.owner === "model") return;
    const secret = model.secrets.secrets.find((x) => secretIds[i]!.endsWith(`/${x.id}`))!;
    secret.owner = { kind: s.owner.includes("/") ? "unit" : "application", name: s.owner };
    const ownerApp = s.owner.split("/")[0]!;
    const via = built.find((r) => r.ends.some((e) => e.app === ownerApp) && r.ends.some((e) => e.app === app));
    secret.grants = (s.grantedTo ?? []).map((target) => ({ target, kind: "application" as const, relationId: via?.id ?? -1, relationKey: via?.key ?? "" }));
  });
  const ev = options.event;
  const relId = ev.relation ? ids.get(ev.relation) : undefined;
  if (ev.relation && relId === undefined) throw new Error("runEvent: the event's relation is not one of the state's relations");
  if (ev.kind.startsWith("relation-") && !ev.relation) throw new Error(`runEvent: a ${ev.kind} event needs its relation`);
  if (ev.kind === "relation-departed" || ev.kind === "relation-broken") {
    // The departing unit has left the scope (departed), or every remote has (broken).
    leave(model, relId!, unit, ev.kind === "relation-departed" ? [ev.remoteUnit ?? ""] : null, ev.kind === "relation-broken");
  }
  h.restore({ ...snapshot, model: model as ModelValue });

  // The event, delivered to the unit.
  let remoteUnit = ev.remoteUnit;
  if (ev.kind === "relation-created" || ev.kind === "relation-broken") remoteUnit = "";
  const endpoint = ev.relation?.endpoint.endpoint;
  const hook = ev.relation ? `${endpoint}-${ev.kind}` : ev.kind;
  const record = (await h.deliver({
    unit, hook,
    ...(relId !== undefined ? { relationId: relId } : {}),
    ...(remoteUnit !== undefined ? { remoteUnit } : {}),
    ...(ev.kind === "relation-departed" ? { departingUnit: ev.remoteUnit ?? "" } : {}),
  })) as HarnessRecord;

  return {
    record,
    ok: record.ok,
    status: h.status(unit),
    appStatus: h.appStatus(app),
    workloadVersion: h.workloadVersion(unit),
    flags: h.flags(unit),
    logs: h.logs(unit),
    toolCalls: record.trace,
    leaderSettings: h.leaderSettings(app),
    secrets: h.secrets(),
    secretContent: (ref) => h.secretContent(h.secrets().find((s) => s.label === ref)?.uri ?? ref),
    relation<E extends EndpointBinding>(rel: RelationState<E>): RelationOut<E> {
      const id = ids.get(rel);
      if (id === undefined) throw new Error("runEvent: not one of the state's relations");
      const d = rel.endpoint.definition;
      const localAppRaw = h.appDatabag(app, id);
      const localUnitRaw = h.databag(unit, id);
      return { id, localAppRaw, localUnitRaw, localApp: decode(d.local.app, localAppRaw) as LocalAppData<E>, localUnit: decode(d.local.unit, localUnitRaw) as LocalUnitData<E> };
    },
    snapshot: h.snapshot(),
  };
}

function relationValue(id: number, ends: RelationEnd[], scope: string[], unitBags: [string, Entries][], appBags: [string, Entries][]): Mutable<RelationValue> {
  const peer = ends.length === 1;
  const key = peer ? `${ends[0]!.app}:${ends[0]!.endpoint}` : ends.map((e) => `${e.app}:${e.endpoint}`).join(" ");
  return {
    id, ends, peer, key, life: "alive", scope: [...scope].sort(), everInScope: [...scope].sort(),
    unitBags: unitBags.filter(([, bag]) => bag.length > 0),
    appBags: appBags.filter(([, bag]) => bag.length > 0),
    versions: [...unitBags, ...appBags].filter(([, bag]) => bag.length > 0).map(([owner]) => [owner, 1] as [string, number]),
  };
}

/** For departed and broken events: the leaving units (null: every remote) out of scope and out of the unit's books; `dying` for broken. */
function leave(model: Mutable<ModelValue>, id: number, unit: string, leaving: readonly string[] | null, dying: boolean): void {
  const rel = model.relations.find((r) => r.id === id)!;
  const gone = (m: string): boolean => m !== unit && (leaving === null || leaving.includes(m));
  rel.scope = rel.scope.filter((m) => !gone(m));
  if (dying) rel.life = "dying";
  const local = model.units.find((u) => u.name === unit)!.uniter.relations.find((l) => l.id === id)!;
  local.known = local.known.filter(([m]) => !gone(m));
}
