/**
 * The state of one Juju model in plain, null-prototype objects: applications,
 * units, relations with their members, per-unit views and committed bags.
 * `MemoryBackend` serves one unit's hook from it; the in-process harness and
 * tests build and inspect it directly.
 */
import type { LogLevel, RawBag, WorkloadState } from "./backend.js";

export type Bag = Record<string, string>;
export interface MemoryStatus { state: WorkloadState | "unknown"; message: string }
export interface MemoryLogEntry { level: LogLevel; message: string }
/** `bindings`: network bindings besides its relations' endpoints; `nextUnit`: Juju never reuses unit numbers. */
export interface MemoryApplication { leader: string | null; leaderSettings: Bag; bindings: string[]; nextUnit: number }
/** `appStatus`: the application status this unit last set with `status-set --application`. */
export interface MemoryUnit { address: string; status: MemoryStatus; appStatus?: MemoryStatus; logs: MemoryLogEntry[] }
/**
 * One relation. `endpoint` names it for every application unless `endpoints`
 * (per application) says otherwise; `members`: units in scope, sorted;
 * `views`: per unit, the remote units it currently lists in `relation-list`,
 * sorted; `bags`: committed databags by unit or application name (a unit that
 * ever joined keeps its bag until the relation is removed).
 */
export interface MemoryRelation {
  id: number;
  endpoint: string;
  endpoints?: Record<string, string>;
  interface?: string;
  peer: boolean;
  apps: string[];
  members: string[];
  views: Record<string, string[]>;
  bags: Record<string, Bag>;
}
export interface MemoryModelData {
  applications: Record<string, MemoryApplication>;
  units: Record<string, MemoryUnit>;
  relations: Record<number, MemoryRelation>;
  nextRelationId: number;
}
/** The hook tool an operation stands for, with redacted argv. */
export interface ToolCall { tool: string; args: string[] }
export type RelationRef = number | string;

export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
/** Null-prototype copy of a bag, dropping `""` (absent) values; rejects non-strings. */
export function copyBag(source: Readonly<Record<string, unknown>>): Bag {
  const bag = dict<string>();
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (typeof value !== "string") throw new TypeError(`bag value of key ${JSON.stringify(key)} is not a string`);
    if (value !== "") bag[key] = value;
  }
  return bag;
}
export function fail(message: string): never {
  throw new Error(message);
}
export function appOf(unit: string): string {
  const slash = unit.indexOf("/");
  return slash < 0 ? unit : unit.slice(0, slash);
}
export function endpointOf(rel: MemoryRelation, app: string): string {
  const endpoints = rel.endpoints;
  return endpoints !== undefined && Object.hasOwn(endpoints, app) ? endpoints[app]! : rel.endpoint;
}
/** Deep copy with every plain object turned into a null-prototype one. */
function deepDict(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepDict);
  if (value === null || typeof value !== "object") return value;
  const out = dict<unknown>();
  for (const key of Object.keys(value)) out[key] = deepDict((value as Record<string, unknown>)[key]);
  return out;
}
function insertSorted(list: string[], item: string): void {
  if (!list.includes(item)) {
    list.push(item);
    list.sort();
  }
}

export class MemoryModel implements MemoryModelData {
  readonly applications: Record<string, MemoryApplication>;
  readonly units: Record<string, MemoryUnit>;
  readonly relations: Record<number, MemoryRelation>;
  nextRelationId: number;

  /** An empty model, or a deep copy of `data` (e.g. `JSON.parse` of `JSON.stringify(model)`). */
  constructor(data?: MemoryModelData) {
    const copy = data === undefined ? undefined : (deepDict(data) as MemoryModelData);
    this.applications = copy?.applications ?? dict();
    this.units = copy?.units ?? dict();
    this.relations = copy?.relations ?? dict();
    this.nextRelationId = copy?.nextRelationId ?? 0;
  }

  /** Plain deep copy, safe to `JSON.stringify` or hand to another process. */
  toJSON(): MemoryModelData {
    const { applications, units, relations, nextRelationId } = this;
    return structuredClone({ applications, units, relations, nextRelationId });
  }

  addApplication(name: string, options: { leaderSettings?: RawBag; bindings?: string[] } = {}): MemoryApplication {
    if (name === "" || name.includes("/")) throw new Error(`invalid application name ${JSON.stringify(name)}`);
    if (name in this.applications) throw new Error(`application ${name} already exists`);
    const leaderSettings = copyBag(options.leaderSettings ?? {});
    return (this.applications[name] = { leader: null, leaderSettings, bindings: [...(options.bindings ?? [])], nextUnit: 0 });
  }

  /** Adds `<app>/<n>` and returns its name. */
  addUnit(app: string, options: { address: string; number?: number }): string {
    const application = this.app(app);
    const number = options.number ?? application.nextUnit;
    const name = `${app}/${number}`;
    if (name in this.units) throw new Error(`unit ${name} already exists`);
    application.nextUnit = Math.max(application.nextUnit, number + 1);
    this.units[name] = { address: options.address, status: { state: "unknown", message: "" }, logs: [] };
    return name;
  }

  addRelation(
    endpoint: string,
    apps: string[],
    options: { peer?: boolean; interface?: string; id?: number; endpoints?: Record<string, string> } = {},
  ): MemoryRelation {
    const id = options.id ?? this.nextRelationId;
    if (!Number.isSafeInteger(id) || id < 0 || id in this.relations) throw new Error(`relation id ${id} is taken or invalid`);
    const peer = options.peer ?? apps.length === 1;
    if (peer && apps.length !== 1) throw new Error("a peer relation has exactly one application");
    const bags = dict<Bag>();
    for (const app of apps) {
      this.app(app);
      bags[app] = dict<string>();
    }
    const rel: MemoryRelation = { id, endpoint, peer, apps: [...apps], members: [], views: dict<string[]>(), bags };
    if (options.interface !== undefined) rel.interface = options.interface;
    if (options.endpoints !== undefined) rel.endpoints = Object.assign(dict<string>(), options.endpoints);
    this.relations[id] = rel;
    this.nextRelationId = Math.max(this.nextRelationId, id + 1);
    return rel;
  }

  /** The relation `ref` (`3` or `"cluster:3"`). */
  relation(ref: RelationRef): MemoryRelation {
    const id = typeof ref === "number" ? ref : Number(ref.slice(ref.lastIndexOf(":") + 1));
    return this.relations[id] ?? fail(`no relation ${ref}`);
  }

  /**
   * `unit` enters scope. Like Juju, its bag gets `private-address`,
   * `ingress-address` and `egress-subnets` unless `networkKeys` is false.
   * Views are not touched: call `seeUnit` per viewer, hook by hook.
   */
  joinUnit(ref: RelationRef, unit: string, options: { networkKeys?: boolean } = {}): void {
    const rel = this.relation(ref);
    const { address } = this.unit(unit);
    if (!rel.apps.includes(appOf(unit))) throw new Error(`${unit} is not in an application of relation ${rel.id}`);
    insertSorted(rel.members, unit);
    const bag = (rel.bags[unit] ??= dict<string>());
    if (options.networkKeys !== false) {
      bag["private-address"] = address;
      bag["ingress-address"] = address;
      bag["egress-subnets"] = `${address}/32`;
    }
  }

  /** `unit` leaves scope; its bag stays readable until the relation is removed. */
  leaveUnit(ref: RelationRef, unit: string): void {
    const rel = this.relation(ref);
    rel.members = rel.members.filter((member) => member !== unit);
  }

  /** `viewer` now lists `remote` in `relation-list`. */
  seeUnit(viewer: string, ref: RelationRef, remote: string): void {
    const rel = this.relation(ref);
    this.unit(viewer);
    this.unit(remote);
    if (viewer === remote) throw new Error("a unit never sees itself in relation-list");
    insertSorted((rel.views[viewer] ??= []), remote);
  }

  /** `viewer` no longer lists `remote` (as before its `-departed` hook). */
  forgetUnit(viewer: string, ref: RelationRef, remote: string): void {
    const rel = this.relation(ref);
    const seen = rel.views[viewer];
    if (seen !== undefined) rel.views[viewer] = seen.filter((unit) => unit !== remote);
  }

  /** Replaces the committed bag of a unit or application (`""` values are dropped). */
  setBag(ref: RelationRef, owner: string, bag: RawBag): void {
    const rel = this.relation(ref);
    if (!rel.apps.includes(owner.includes("/") ? appOf(owner) : owner)) {
      throw new Error(`${owner} is not part of relation ${rel.id}`);
    }
    rel.bags[owner] = copyBag(bag);
  }

  setLeader(app: string, unit: string | null): void {
    if (unit !== null && (appOf(unit) !== app || !(unit in this.units))) throw new Error(`${unit} is not a unit of ${app}`);
    this.app(app).leader = unit;
  }

  private app(name: string): MemoryApplication {
    return this.applications[name] ?? fail(`no application ${name}`);
  }

  private unit(name: string): MemoryUnit {
    return this.units[name] ?? fail(`no unit ${name}`);
  }
}

