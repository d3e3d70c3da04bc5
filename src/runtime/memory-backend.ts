/**
 * `Backend` served from plain in-memory data, for tests and the in-process
 * multi-unit harness. `MemoryModel` is the shared state of one Juju model;
 * `MemoryBackend` is one unit's view of it during one hook, with Juju's rules:
 * buffered relation-set (`commit()` / `discard()`), immediate leader-set,
 * the same error texts and exit codes as the real tools, and a record of the
 * equivalent hook-tool calls (`calls`) with the same redacted argv.
 */
import type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
import { encodeTransport } from "./codec.js";
import { HookToolError, RelationNotFoundError } from "./errors.js";
import { describeCall, leaderSetArgs, redactArgs, splitLogMessage } from "./redact.js";

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

const STATES: readonly string[] = ["maintenance", "blocked", "waiting", "active"];

function dict<T>(): Record<string, T> {
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
function fail(message: string): never {
  throw new Error(message);
}
function appOf(unit: string): string {
  const slash = unit.indexOf("/");
  return slash < 0 ? unit : unit.slice(0, slash);
}
function endpointOf(rel: MemoryRelation, app: string): string {
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

export interface MemoryHookContext {
  /** The relation of a relation hook: reachable with `-r` even after the unit left scope (`-broken`). */
  relationId?: string;
}

interface Pending { unit: Map<string, string>; app: Map<string, string> }

export class MemoryBackend implements Backend {
  /** Every operation as the hook-tool call it stands for (tool and redacted argv), in order. */
  readonly calls: ToolCall[] = [];
  private readonly appName: string;
  private readonly pending = new Map<number, Pending>();

  constructor(
    readonly model: MemoryModel,
    readonly unitName: string,
    readonly context: MemoryHookContext = {},
  ) {
    if (!(unitName in model.units)) throw new Error(`no unit ${unitName}`);
    this.appName = appOf(unitName);
  }

  async relationIds(endpoint: string): Promise<string[]> {
    this.record("relation-ids", ["--format=json", endpoint]);
    const ids: string[] = [];
    for (const rel of Object.values(this.model.relations)) {
      if (rel.members.includes(this.unitName) && endpointOf(rel, this.appName) === endpoint) ids.push(`${endpoint}:${rel.id}`);
    }
    return ids.sort();
  }

  async relationList(relationId: string): Promise<string[]> {
    const args = this.record("relation-list", ["--format=json", "-r", relationId]);
    const rel = this.resolve("relation-list", args, relationId);
    return (rel.views[this.unitName] ?? []).filter((unit) => unit !== this.unitName).sort();
  }

  async relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Record<string, string>> {
    const app = options?.app === true;
    const args = this.record(
      "relation-get",
      app ? ["--format=json", "-r", relationId, "--app", "-", unitOrApp] : ["--format=json", "-r", relationId, "-", unitOrApp],
    );
    const rel = this.resolve("relation-get", args, relationId);
    if (app) {
      const owner = unitOrApp.includes("/") ? appOf(unitOrApp) : unitOrApp;
      const own = owner === this.appName;
      if (!rel.apps.includes(owner) || (own && !rel.peer && !this.leader())) {
        throw this.fail("relation-get", args, 1, "permission denied");
      }
      return this.view(rel.bags[owner], own ? this.pending.get(rel.id)?.app : undefined);
    }
    if (unitOrApp === this.unitName) return this.view(rel.bags[unitOrApp], this.pending.get(rel.id)?.unit);
    if (!rel.apps.includes(appOf(unitOrApp))) throw this.fail("relation-get", args, 1, "permission denied");
    const bag = rel.bags[unitOrApp];
    if (bag !== undefined) return this.view(bag, undefined);
    const unit = JSON.stringify(unitOrApp);
    const key = JSON.stringify(rel.apps.map((name) => `${name}:${endpointOf(rel, name)}`).join(" "));
    throw this.fail("relation-get", args, 1, `cannot read settings for unit ${unit} in relation ${key}: unit ${unit}: settings not found`);
  }

  async relationSet(relationId: string, values: RawBag, options?: { app?: boolean }): Promise<void> {
    encodeTransport(values); // same validation (and failures) as the real transport
    const app = options?.app === true;
    const args = this.record("relation-set", app ? ["-r", relationId, "--app", "--file", "-"] : ["-r", relationId, "--file", "-"]);
    const rel = this.resolve("relation-set", args, relationId);
    if (app && !this.leader()) throw this.fail("relation-set", args, 1, "cannot write relation settings");
    let pending = this.pending.get(rel.id);
    if (pending === undefined) this.pending.set(rel.id, (pending = { unit: new Map(), app: new Map() }));
    const target = app ? pending.app : pending.unit;
    for (const key of Object.keys(values)) target.set(key, values[key]!);
  }

  async networkPrimaryAddress(binding: string): Promise<string> {
    const args = this.record("network-get", ["--primary-address", binding]);
    const known =
      this.application().bindings.includes(binding) ||
      Object.values(this.model.relations).some(
        (rel) => rel.apps.includes(this.appName) && endpointOf(rel, this.appName) === binding,
      );
    if (!known) throw this.fail("network-get", args, 1, `no network config found for binding ${JSON.stringify(binding)}`);
    return this.unit().address;
  }

  async log(level: LogLevel, message: string): Promise<void> {
    for (const chunk of splitLogMessage(message)) {
      this.record("juju-log", ["--log-level", level, "--", chunk]);
      this.unit().logs.push({ level, message: chunk });
    }
  }

  async isLeader(): Promise<boolean> {
    this.record("is-leader", ["--format=json"]);
    return this.leader();
  }

  async leaderGet(): Promise<Record<string, string>> {
    this.record("leader-get", ["--format=json", "-"]);
    return this.view(this.application().leaderSettings, undefined);
  }

  async leaderSet(values: RawBag): Promise<void> {
    const args = this.record("leader-set", leaderSetArgs(values));
    if (!this.leader()) {
      throw this.fail("leader-set", args, 1, "cannot write leadership settings: cannot write settings: not the leader");
    }
    const settings = this.application().leaderSettings;
    for (const key of Object.keys(values)) {
      if (values[key] === "") delete settings[key];
      else settings[key] = values[key]!;
    }
  }

  async statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void> {
    const application = options?.application === true;
    const args = this.record("status-set", application ? ["--application", state, "--", message] : [state, "--", message]);
    if (!STATES.includes(state)) {
      throw this.fail("status-set", args, 2, `invalid status ${JSON.stringify(state)}, expected one of [${STATES.join(" ")}]`);
    }
    if (application && !this.leader()) throw this.fail("status-set", args, 1, "this unit is not the leader");
    const unit = this.unit();
    if (application) unit.appStatus = { state, message };
    else unit.status = { state, message };
  }

  /** Applies this hook's relation-set writes to the model (the hook exited 0). */
  commit(): void {
    for (const [id, pending] of this.pending) {
      const rel = this.model.relations[id];
      if (rel === undefined) continue;
      if (pending.unit.size > 0) rel.bags[this.unitName] = this.view(rel.bags[this.unitName], pending.unit);
      if (pending.app.size > 0) rel.bags[this.appName] = this.view(rel.bags[this.appName], pending.app);
    }
    this.pending.clear();
  }

  /** Drops this hook's relation-set writes (the hook failed). */
  discard(): void {
    this.pending.clear();
  }

  private record(tool: string, args: string[]): string[] {
    const shown = redactArgs(tool, args);
    this.calls.push({ tool, args: shown });
    return shown;
  }

  /** The error the real tool would produce, as `HookToolBackend` reports it. */
  private fail(tool: string, shown: string[], exitCode: number, text: string): HookToolError {
    const stderr = `ERROR ${text}`;
    const message = `${describeCall(tool, shown)} failed (exit ${exitCode}): ${stderr}`;
    if (exitCode === 2 && text.includes("relation not found")) {
      return new RelationNotFoundError(message, tool, [...shown], exitCode, stderr);
    }
    return new HookToolError(message, tool, [...shown], exitCode, stderr);
  }

  /** `-r` as Juju parses it: digits after the last `:`; a given endpoint prefix must match. */
  private resolve(tool: string, shown: string[], relationId: string): MemoryRelation {
    const colon = relationId.lastIndexOf(":");
    const digits = relationId.slice(colon + 1);
    if (!/^[+-]?\d+$/.test(digits)) {
      throw this.fail(tool, shown, 2, `invalid value ${JSON.stringify(relationId)} for option -r: invalid relation id`);
    }
    const rel = this.model.relations[Number(digits)];
    const reachable =
      rel !== undefined &&
      rel.apps.includes(this.appName) &&
      (colon < 0 || relationId.slice(0, colon) === endpointOf(rel, this.appName)) &&
      (rel.members.includes(this.unitName) || this.isContextRelation(rel.id));
    if (!reachable) throw this.fail(tool, shown, 2, `invalid value ${JSON.stringify(relationId)} for option -r: relation not found`);
    return rel;
  }

  private isContextRelation(id: number): boolean {
    const ref = this.context.relationId;
    return ref !== undefined && Number(ref.slice(ref.lastIndexOf(":") + 1)) === id;
  }

  /** Fresh null-prototype copy of `bag` with `pending` writes applied (`""` deletes). */
  private view(bag: Bag | undefined, pending: Map<string, string> | undefined): Bag {
    const out = dict<string>();
    if (bag !== undefined) for (const key of Object.keys(bag)) out[key] = bag[key]!;
    if (pending !== undefined) {
      for (const [key, value] of pending) {
        if (value === "") delete out[key];
        else out[key] = value;
      }
    }
    return out;
  }

  private leader(): boolean {
    return this.application().leader === this.unitName;
  }

  private application(): MemoryApplication {
    return this.model.applications[this.appName]!;
  }

  private unit(): MemoryUnit {
    return this.model.units[this.unitName]!;
  }
}
