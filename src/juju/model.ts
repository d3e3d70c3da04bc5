/**
 * The model: applications, units, relations and their databags, leadership,
 * leader settings, config and status, as plain state with Juju's invariants.
 * It decides nothing about hooks: `uniter.ts` reads this state (and each
 * unit's own record of what it has seen) to say which hook comes next.
 *
 * Every databag carries a version that moves only when a committed write
 * changed its bytes; that is how units notice changes, as in Juju.
 */
import { SecretStore } from "./secrets.js";
import type { CharmMetadata, EndpointRole } from "./metadata.js";
import type { ConfigValue, LogLevel, WorkloadState } from "./tools/types.js";
import { newUniterState, type UniterState } from "./uniter-state.js";

export type Life = "alive" | "dying" | "removed";

export interface Status {
  state: WorkloadState | "unknown" | "error";
  message: string;
}

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly hook: string;
}

export interface Application {
  readonly name: string;
  readonly metadata: CharmMetadata;
  life: Life;
  config: Record<string, ConfigValue>;
  configVersion: number;
  leader: string | null;
  readonly leaderSettings: Map<string, string>;
  leaderSettingsVersion: number;
  status: Status;
  nextUnit: number;
}

export interface Unit {
  readonly name: string;
  readonly app: string;
  readonly number: number;
  /** The unit's address on every binding (Juju may change it, e.g. on config-changed). */
  address: string;
  life: Life;
  status: Status;
  workloadVersion: string;
  readonly logs: LogEntry[];
  /** What this unit's agent has done and seen (see uniter.ts). */
  readonly uniter: UniterState;
}

/** One end of a relation. */
export interface RelationEnd {
  readonly app: string;
  readonly endpoint: string;
  readonly role: EndpointRole;
  readonly interface: string;
}

export interface Relation {
  readonly id: number;
  /** One end for a peer relation, two (requirer first) otherwise. */
  readonly ends: readonly RelationEnd[];
  readonly peer: boolean;
  /** Juju's relation key, e.g. `mysql:cluster` or `webapp:database mysql:database`. */
  readonly key: string;
  life: Life;
  /** Units in scope now. */
  readonly scope: Set<string>;
  /** Units that were ever in scope: their bags stay readable until the relation is removed. */
  readonly everInScope: Set<string>;
  readonly unitBags: Map<string, Map<string, string>>;
  readonly appBags: Map<string, Map<string, string>>;
  /** Version of each unit and application bag; absent = 0 (never written). */
  readonly versions: Map<string, number>;
}

export function appOf(unit: string): string {
  const slash = unit.indexOf("/");
  return slash < 0 ? unit : unit.slice(0, slash);
}

/** `10.5.0.10` for unit number 0 of the first application, `10.5.1.10` for the second... */
export function unitAddress(appIndex: number, n: number): string {
  const host = n + 10;
  return `10.5.${appIndex * 4 + Math.floor(host / 256)}.${host % 256}`;
}

const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/;

/** Why Juju would refuse `name` as an application name, or undefined when it is valid. */
export function applicationNameProblem(name: string): string | undefined {
  return APP_NAME.test(name) ? undefined : `invalid application name ${JSON.stringify(name)} (lower-case letters, digits and single hyphens, starting with a letter)`;
}

export class ModelError extends Error {
  override readonly name = "ModelError";
}

const sameBytes = (a: ReadonlyMap<string, string> | undefined, b: ReadonlyMap<string, string> | undefined): boolean => {
  const x = a ?? new Map<string, string>();
  const y = b ?? new Map<string, string>();
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (y.get(k) !== v) return false;
  return true;
};

/** Applies `changes` (`""` deletes) to a copy of `bag`. */
export function applyChanges(bag: ReadonlyMap<string, string> | undefined, changes: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(bag ?? []);
  for (const [k, v] of changes) {
    if (v === "") out.delete(k);
    else out.set(k, v);
  }
  return out;
}

export class Model {
  readonly applications = new Map<string, Application>();
  /** Juju secrets: their revisions, grants and the units that track them. */
  readonly secrets = new SecretStore();
  readonly units = new Map<string, Unit>();
  readonly relations = new Map<number, Relation>();
  nextRelationId = 0;

  app(name: string): Application {
    const app = this.applications.get(name);
    if (!app || app.life === "removed") throw new ModelError(`no application ${JSON.stringify(name)} in the model`);
    return app;
  }

  unit(name: string): Unit {
    const unit = this.units.get(name);
    if (!unit) throw new ModelError(`no unit ${JSON.stringify(name)} in the model`);
    return unit;
  }

  relation(id: number): Relation {
    const rel = this.relations.get(id);
    if (!rel) throw new ModelError(`no relation ${id} in the model`);
    return rel;
  }

  /** Adds an application and its peer relations. */
  addApplication(name: string, metadata: CharmMetadata, config: Record<string, ConfigValue> = {}): Application {
    const badName = applicationNameProblem(name);
    if (badName) throw new ModelError(badName);
    const existing = this.applications.get(name);
    if (existing && existing.life !== "removed") throw new ModelError(`application ${name} already exists`);
    const app: Application = {
      name,
      metadata,
      life: "alive",
      config: { ...config },
      configVersion: 0,
      leader: null,
      leaderSettings: new Map(),
      leaderSettingsVersion: 0,
      status: { state: "unknown", message: "" },
      nextUnit: existing?.nextUnit ?? 0,
    };
    this.applications.set(name, app);
    for (const ep of metadata.endpoints) {
      if (ep.role === "peer") this.addRelation([{ app: name, endpoint: ep.name, role: "peer", interface: ep.interface }]);
    }
    return app;
  }

  /** Adds `<app>/<n>` (Juju never reuses unit numbers); the first unit of an application leads it. */
  addUnit(appName: string): Unit {
    const app = this.app(appName);
    if (app.life !== "alive") throw new ModelError(`application ${appName} is ${app.life}`);
    const number = app.nextUnit++;
    const name = `${appName}/${number}`;
    const appIndex = [...this.applications.keys()].indexOf(appName);
    const unit: Unit = {
      name,
      app: appName,
      number,
      address: unitAddress(appIndex, number),
      life: "alive",
      status: { state: "unknown", message: "" },
      workloadVersion: "",
      logs: [],
      uniter: newUniterState(),
    };
    this.units.set(name, unit);
    if (app.leader === null) app.leader = name;
    return unit;
  }

  /** Adds a relation between the given ends (one end: a peer relation). Returns it. */
  addRelation(ends: readonly RelationEnd[]): Relation {
    const peer = ends.length === 1;
    const ordered = peer ? [...ends] : [...ends].sort((a, b) => (a.role === b.role ? (a.app < b.app ? -1 : 1) : a.role === "requirer" ? -1 : 1));
    const rel: Relation = {
      id: this.nextRelationId++,
      ends: ordered,
      peer,
      key: ordered.map((e) => `${e.app}:${e.endpoint}`).join(" "),
      life: "alive",
      scope: new Set(),
      everInScope: new Set(),
      unitBags: new Map(),
      appBags: new Map(ordered.map((e) => [e.app, new Map<string, string>()])),
      versions: new Map(),
    };
    this.relations.set(rel.id, rel);
    return rel;
  }

  /** Units of an application that are not removed, in unit-number order. */
  unitsOf(app: string): Unit[] {
    return [...this.units.values()].filter((u) => u.app === app && u.life !== "removed").sort((a, b) => a.number - b.number);
  }

  /** Units not yet removed, by application order then unit number. */
  presentUnits(): Unit[] {
    const order = [...this.applications.keys()];
    return [...this.units.values()]
      .filter((u) => u.life !== "removed")
      .sort((a, b) => order.indexOf(a.app) - order.indexOf(b.app) || a.number - b.number);
  }

  /** The end of `rel` that belongs to `app` (undefined when the application is not in it). */
  endOf(rel: Relation, app: string): RelationEnd | undefined {
    return rel.ends.find((e) => e.app === app);
  }

  /** The application at the other end (the own application for a peer relation). */
  remoteAppOf(rel: Relation, app: string): string {
    return rel.peer ? app : (rel.ends.find((e) => e.app !== app)?.app ?? app);
  }

  /** Relations (not removed) that `app` is part of, by id. */
  relationsOf(app: string): Relation[] {
    return [...this.relations.values()].filter((r) => r.life !== "removed" && r.ends.some((e) => e.app === app)).sort((a, b) => a.id - b.id);
  }

  version(rel: Relation, owner: string): number {
    return rel.versions.get(owner) ?? 0;
  }

  /** The unit enters the relation's scope: Juju writes its address keys into its bag. */
  enterScope(unit: Unit, rel: Relation): void {
    if (unit.life !== "alive" || rel.life !== "alive" || rel.scope.has(unit.name)) return;
    const bag = new Map(rel.unitBags.get(unit.name) ?? []);
    bag.set("egress-subnets", `${unit.address}/32`);
    bag.set("ingress-address", unit.address);
    bag.set("private-address", unit.address);
    rel.unitBags.set(unit.name, bag);
    rel.scope.add(unit.name);
    rel.everInScope.add(unit.name);
  }

  leaveScope(unit: string, rel: Relation): void {
    rel.scope.delete(unit);
  }

  /**
   * Commits writes to a unit's or application's bag (`""` deletes). The
   * version moves only when the bytes changed. Returns whether they did.
   */
  commitBag(rel: Relation, owner: string, app: boolean, changes: ReadonlyMap<string, string>): boolean {
    const bags = app ? rel.appBags : rel.unitBags;
    const before = bags.get(owner);
    const after = applyChanges(before, changes);
    if (sameBytes(before, after)) return false;
    bags.set(owner, after);
    rel.versions.set(owner, this.version(rel, owner) + 1);
    return true;
  }

  /** leader-set: immediate. Returns whether anything changed. */
  writeLeaderSettings(appName: string, changes: ReadonlyMap<string, string>): boolean {
    const app = this.app(appName);
    const after = applyChanges(app.leaderSettings, changes);
    if (sameBytes(app.leaderSettings, after)) return false;
    app.leaderSettings.clear();
    for (const [k, v] of after) app.leaderSettings.set(k, v);
    app.leaderSettingsVersion++;
    return true;
  }

  setConfig(appName: string, values: Record<string, ConfigValue>): boolean {
    const app = this.app(appName);
    const next = { ...app.config, ...values };
    if (JSON.stringify(next) === JSON.stringify(app.config)) return false;
    app.config = next;
    app.configVersion++;
    return true;
  }

  /** Removes a relation from the model for good (every unit has run its broken hook, or is gone). */
  dropRelation(rel: Relation): void {
    rel.life = "removed";
    rel.scope.clear();
    // Secret grants are scoped to a relation: they go with it.
    this.secrets.dropGrants(rel.id);
  }

  /** Picks a new leader: the lowest-numbered live unit. Returns it, or null. */
  electLeader(appName: string): Unit | null {
    const app = this.app(appName);
    const next = this.unitsOf(appName).find((u) => u.life === "alive") ?? null;
    app.leader = next?.name ?? null;
    return next;
  }
}

export const KNOWN_ROLES: readonly EndpointRole[] = ["peer", "provider", "requirer"];
