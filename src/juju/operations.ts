/**
 * The model operations of the one Juju, as `juju` commands make them:
 * deploy (an application, a bundle), add and remove units, integrate and
 * remove relations, config, leader settings, leadership, user secrets,
 * resolve; and seeding a bag as if a hook had committed it. Each checks what
 * Juju checks and changes the model only when it accepts. A driver says how
 * a charm is read and a unit prepared; the engine (engine.ts) runs the hooks
 * the changes cause.
 */
import type { Bundle, BundleApplication } from "./bundle.js";
import { checkRelationLimits, matchEndpoints, parseEndpointRef, type AppEndpoint } from "./endpoints.js";
import { ModelView } from "./inspection.js";
import { appOf, ModelError, type Relation, type Unit } from "./model.js";
import type { ApplicationOptions, PreparedCharm, RelationRef } from "./records.js";
import type { ConfigValue } from "./tools/types.js";
import { resolveUnit, startApplicationRemoval, startRelationRemoval, startRemoval } from "./uniter.js";
import { relationLocal } from "./uniter-state.js";

export abstract class ModelOperations<Charm> extends ModelView {
  constructor(
    /** The most units the model holds at once (see `EngineOptions.maxUnits`). */
    readonly maxUnits: number,
    protected readonly modelName: string,
  ) {
    super();
    if (!Number.isSafeInteger(maxUnits) || maxUnits < 0) throw new RangeError(`maxUnits must be a whole number, 0 or more, not ${maxUnits}`);
  }

  /** Reads and checks a charm; throws a clear error when it cannot be deployed. */
  protected abstract prepareCharm(app: string, charm: Charm): PreparedCharm;
  /** Called once the charm passed its checks and the application exists. */
  protected abstract applicationAdded(app: string, charm: Charm): void;
  /** Prepares a new unit (its charm directory, its state store...); `charm` when it runs another charm than its application's. */
  protected abstract unitAdded(unit: Unit, charm?: Charm): void;


  /** Deploys an application; returns the names of its first units. */
  addApplication(name: string, charm: Charm, units = 0, options: ApplicationOptions = {}): string[] {
    this.checkUnitCount(name, units);
    const prepared = this.prepareCharm(name, charm);
    const config = { ...prepared.configDefaults, ...(options.config ?? {}) };
    this.model.addApplication(name, prepared.metadata, config);
    this.applicationAdded(name, charm);
    return this.addUnits(name, units);
  }

  /**
   * `juju deploy bundle.yaml`: every application with its units and options, in
   * the bundle's order, then every relation. `charmFor` gives the charm each
   * application runs (the simulator runs the charm directory the bundle names).
   */
  deploy(bundle: Bundle, charmFor: (app: BundleApplication) => Charm): void {
    const total = bundle.applications.reduce((n, app) => n + app.units, 0);
    this.checkUnitCount(`the applications of ${bundle.file}`, total);
    for (const app of bundle.applications) this.addApplication(app.name, charmFor(app), app.units, { config: app.options });
    for (const rel of bundle.relations) this.relate(...rel.endpoints);
  }

  /**
   * Adds `n` units to an application (or to the only application, given just a
   * number). With `charm`, the new units run that charm instead of the
   * application's, as the units of a model being upgraded run the old and the
   * new revision side by side; it must declare the same endpoints.
   */
  addUnits(appOrCount: string | number = 1, n = 1, options: { charm?: Charm } = {}): string[] {
    const [app, count] = typeof appOrCount === "number" ? [this.defaultApp(), appOrCount] : [appOrCount, n];
    this.checkUnitCount(app, count);
    if (options.charm !== undefined) this.checkRevision(app, options.charm);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const unit = this.model.addUnit(app);
      this.unitAdded(unit, options.charm);
      names.push(unit.name);
    }
    return names;
  }

  /**
   * `count` more units (for `to`: an application, or the applications of a
   * bundle) must be a whole number that keeps the model within `maxUnits`:
   * checked before any is added, so a refused request changes nothing.
   */
  private checkUnitCount(to: string, count: number): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new ModelError(`cannot add ${count} units to ${to}: the number of units must be a whole number, 0 or more`);
    const present = this.model.presentUnits().length;
    if (present + count > this.maxUnits) {
      throw new ModelError(
        `cannot add ${count} units to ${to}: the model would have ${present + count} units, over its maximum of ${this.maxUnits} (the maxUnits option, relgen sim --max-units)`,
      );
    }
  }

  /** Another revision of an application's charm must keep its endpoints (as `juju refresh` requires). */
  private checkRevision(app: string, charm: Charm): void {
    const other = this.prepareCharm(app, charm).metadata.endpoints;
    const key = (e: { name: string; role: string; interface: string }): string => `${e.name} ${e.role} ${e.interface}`;
    const mine = this.model.app(app).metadata.endpoints.map(key).sort().join(", ");
    const theirs = other.map(key).sort().join(", ");
    if (mine !== theirs) throw new ModelError(`cannot add units of ${app} running another charm: its endpoints (${theirs}) differ from the application's (${mine})`);
  }

  /** `juju remove-unit`: departed hooks on every side, then stop and remove on the unit. */
  removeUnit(name: string): void {
    const unit = this.model.unit(name);
    if (unit.life !== "alive") throw new ModelError(`unit ${name} is ${unit.life}`);
    startRemoval(this.model, unit);
  }

  /** `juju remove-application`: every unit departs, breaks, stops and is removed; so are its relations. */
  removeApplication(name: string): void {
    startApplicationRemoval(this.model, name);
  }

  /**
   * `juju integrate A:ep B:ep`: one side must provide and the other require the
   * same interface; neither may be a peer endpoint. An endpoint may be left out
   * when only one pair fits. Returns the new relation id.
   */
  relate(a: string, b: string): number {
    const [ea, eb] = this.matchEndpoints(a, b);
    const existing = this.findRelation(a, b);
    if (existing) throw new ModelError(`${ea.app}:${ea.name} and ${eb.app}:${eb.name} are already related (relation ${existing.id})`);
    checkRelationLimits(a, b, [ea, eb], (end) => this.relatedTo(end));
    const rel = this.model.addRelation([
      { app: ea.app, endpoint: ea.name, role: ea.role, interface: ea.interface },
      { app: eb.app, endpoint: eb.name, role: eb.role, interface: eb.interface },
    ]);
    return rel.id;
  }

  /** `juju remove-relation`: both sides depart and break. Takes the two endpoints, or a relation id. */
  removeRelation(a: string | number, b?: string): void {
    const rel = typeof a === "number" ? this.model.relation(a) : b === undefined ? undefined : this.findRelation(a, b);
    if (!rel || rel.life !== "alive") throw new ModelError(`no relation ${typeof a === "number" ? a : `between ${a} and ${b}`} to remove`);
    if (rel.peer) throw new ModelError(`relation ${rel.key} is a peer relation: it comes and goes with its application`);
    startRelationRemoval(this.model, rel);
  }

  /** Changes application config; its units get config-changed when something changed. */
  setConfig(appOrValues: string | Record<string, ConfigValue>, values?: Record<string, ConfigValue>): void {
    const [app, v] = typeof appOrValues === "string" ? [appOrValues, values ?? {}] : [this.defaultApp(), appOrValues];
    this.model.setConfig(app, v);
  }

  /**
   * A user secret, as `juju add-secret` makes one (owned by the model), granted
   * to the applications named, as `juju grant-secret` does: for a `secret`
   * config option. Returns its URI.
   */
  addSecret(content: Readonly<Record<string, string>>, options: { readonly grant?: readonly string[]; readonly label?: string } = {}): string {
    const store = this.model.secrets;
    const id = store.newId();
    for (const app of options.grant ?? []) this.model.app(app); // throws for an application the model does not have
    store.secrets.set(id, {
      id,
      owner: { kind: "model", name: this.modelName },
      meta: { label: options.label ?? "", description: "", rotate: "", expire: "" },
      revisions: new Map([[1, Object.fromEntries(Object.entries(content).map(([k, v]) => [k, Buffer.from(v).toString("base64")]))]]),
      latest: 1,
      grants: (options.grant ?? []).map((app) => ({ target: app, kind: "application" as const, relationId: -1, relationKey: "" })),
      tracking: new Map(),
    });
    return store.uri(id);
  }

  /** Writes leader settings as the leader would; the other units get leader-settings-changed. */
  leaderSet(appOrValues: string | Record<string, string>, values?: Record<string, string>): void {
    const [app, v] = typeof appOrValues === "string" ? [appOrValues, values ?? {}] : [this.defaultApp(), appOrValues];
    const application = this.model.app(app);
    if (this.model.writeLeaderSettings(app, new Map(Object.entries(v))) && application.leader) {
      this.model.unit(application.leader).uniter.leaderSeen = application.leaderSettingsVersion;
    }
  }

  /**
   * Moves leadership to `unit`, as when the leader's agent loses its lease and
   * another unit wins it: that unit runs leader-elected; the former leader
   * finds `is-leader` false from its next hook on.
   */
  electLeader(unit: string): void {
    const u = this.model.unit(unit);
    if (u.life !== "alive") throw new ModelError(`unit ${unit} is ${u.life}: only a live unit can become leader`);
    const application = this.model.app(u.app);
    if (application.leader === unit) return;
    application.leader = unit;
    u.uniter.leaderElectedPending = true;
  }

  /**
   * Writes a unit's (or, given an application name, the application's) bag as
   * if that unit's hook had committed it: `""` deletes. The other side sees it
   * with a relation-changed hook. For tests and for seeding a model.
   */
  writeDatabag(owner: string, relation: RelationRef, values: Record<string, string>): void {
    const isUnit = owner.includes("/");
    const rel = this.resolveRelation(isUnit ? appOf(owner) : owner, relation);
    const changed = this.model.commitBag(rel, owner, !isUnit, new Map(Object.entries(values)));
    if (changed && !isUnit && rel.peer) {
      const leader = this.model.app(owner).leader;
      if (leader) relationLocal(this.model.unit(leader).uniter, rel.id).appSeen.set(owner, this.model.version(rel, owner));
    }
  }

  /** `juju resolved [--no-retry]`: clears a unit's failed hook, retrying it unless `retry` is false. */
  resolve(unit: string, options: { retry?: boolean } = {}): void {
    resolveUnit(this.model, this.model.unit(unit), options.retry ?? true);
  }

  /** Asks for an update-status hook on a unit (or every unit). */
  updateStatus(unit?: string): void {
    for (const u of unit === undefined ? this.model.presentUnits() : [this.model.unit(unit)]) if (u.life === "alive") u.uniter.updateStatusPending = true;
  }

  // ------------------------------------------------------------ relations ---

  /** The two endpoints `relate(a, b)` joins, checked against both charms' metadata. */
  private matchEndpoints(a: string, b: string): [AppEndpoint, AppEndpoint] {
    return matchEndpoints(a, b, (name) => {
      const app = this.model.applications.get(name);
      return app && app.life === "alive" ? app.metadata.endpoints : undefined;
    });
  }

  /** The other ends (`app:endpoint`) of the relations an endpoint has, one being removed included (see `checkRelationLimits`). */
  private relatedTo(end: AppEndpoint): string[] {
    const out: string[] = [];
    for (const rel of this.model.relations.values()) {
      if (rel.peer || rel.life === "removed" || !rel.ends.some((e) => e.app === end.app && e.endpoint === end.name)) continue;
      const other = rel.ends.find((e) => e.app !== end.app)!;
      out.push(`${other.app}:${other.endpoint}${rel.life === "dying" ? " (being removed)" : ""}`);
    }
    return out;
  }

  private findRelation(a: string, b: string): Relation | undefined {
    const ra = parseEndpointRef(a);
    const rb = parseEndpointRef(b);
    return [...this.model.relations.values()].find((rel) => {
      if (rel.peer || rel.life !== "alive") return false;
      const ends = [ra, rb].map((r) => rel.ends.find((e) => e.app === r.app && (r.endpoint === undefined || e.endpoint === r.endpoint)));
      return ends[0] !== undefined && ends[1] !== undefined && ends[0] !== ends[1];
    });
  }
}
