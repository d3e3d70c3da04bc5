/**
 * What a driver of the one Juju shows of its model: applications, units,
 * relations, bags, leader settings, secrets, statuses, logs, flags, pending
 * hooks and failures. Reading only; `JujuEngine` adds the operations and the
 * run loop on top.
 */
import type { HookEvent } from "./events.js";
import { eventLabel, hookName, isRelationKind } from "./events.js";
import { appOf, Model, ModelError, type LogEntry, type Relation, type Status, type Unit } from "./model.js";
import type { HookRecord, PendingEvent, RelationRef, RelationSummary, SecretSummary } from "./records.js";
import { parseSecretUri } from "./secrets.js";
import type { ConfigValue } from "./tools/types.js";
import type { CharmMetadata } from "./metadata.js";
import { runnable, type UniterOptions } from "./uniter.js";

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export abstract class ModelView {
  /** The model: drivers and the engine change it; everyone else reads it through inspection, `snapshot()` and `restore()`. */
  protected readonly model = new Model();
  readonly hooks: HookRecord[] = [];
  protected abstract readonly uniter: UniterOptions;

  /**
   * The unit's charm-side state, as its driver reads it (Juju knows nothing
   * of it): for a relgen charm, its runtime's state document, or null.
   */
  abstract unitState(unit: string): Record<string, unknown> | null;
  /** The unit's flags, as its driver's inspector reads them from the charm's own state (`[]` when none). */
  abstract flags(unit: string): string[];

  /** A relation of `app` by id or endpoint name (default: its first peer relation, else its first relation). */
  protected resolveRelation(app: string, ref: RelationRef | undefined): Relation {
    const rels = this.model.relationsOf(app);
    if (ref === undefined) {
      const rel = rels.find((r) => r.peer) ?? rels[0];
      if (!rel) throw new ModelError(`application ${app} has no relation`);
      return rel;
    }
    if (typeof ref === "number" || /^(?:[^:]*:)?\d+$/.test(ref)) {
      const rel = this.model.relations.get(relationNumber(ref));
      if (!rel || !rel.ends.some((e) => e.app === app)) throw new ModelError(`application ${app} is not part of relation ${ref}`);
      return rel;
    }
    const rel = rels.find((r) => this.model.endOf(r, app)?.endpoint === ref);
    if (!rel) throw new ModelError(`application ${app} has no relation on endpoint ${JSON.stringify(ref)}`);
    return rel;
  }

  protected defaultApp(): string {
    const apps = [...this.model.applications.values()].filter((a) => a.life !== "removed");
    if (apps.length === 1) return apps[0]!.name;
    throw new ModelError(apps.length === 0 ? "the model has no application yet" : `the model has several applications (${apps.map((a) => a.name).join(", ")}): name one`);
  }

  // ----------------------------------------------------------- inspection ---

  /** Names of the applications in the model (not removed). */
  applications(): string[] {
    return [...this.model.applications.values()].filter((a) => a.life !== "removed").map((a) => a.name);
  }

  /** Units present (alive or dying; not yet removed), of one application or all. */
  units(app?: string): string[] {
    return (app === undefined ? this.model.presentUnits() : this.model.unitsOf(app)).map((u) => u.name);
  }

  /** Every unit ever added, with its life. */
  allUnits(): Array<{ name: string; app: string; life: Unit["life"]; address: string }> {
    return [...this.model.units.values()].map((u) => ({ name: u.name, app: u.app, life: u.life, address: u.address }));
  }

  /** An application's life (`alive`, `dying` while it is removed, `removed`), or null when the model never had it. */
  appLife(app: string): "alive" | "dying" | "removed" | null {
    return this.model.applications.get(app)?.life ?? null;
  }

  /** The endpoints an application's charm declares (metadata.yaml's peers, provides and requires). */
  endpoints(app?: string): CharmMetadata["endpoints"] {
    return this.model.app(app ?? this.defaultApp()).metadata.endpoints;
  }

  /** The name of the charm an application runs (its metadata's `name`). */
  charmName(app?: string): string {
    return this.model.app(app ?? this.defaultApp()).metadata.name;
  }

  leader(app?: string): string | null {
    return this.model.app(app ?? this.defaultApp()).leader;
  }

  leaderSettings(app?: string): Record<string, string> {
    return Object.fromEntries(this.model.app(app ?? this.defaultApp()).leaderSettings);
  }

  config(app?: string): Record<string, ConfigValue> {
    return { ...this.model.app(app ?? this.defaultApp()).config };
  }

  /** Every relation not yet removed, by id. */
  relations(): RelationSummary[] {
    return [...this.model.relations.values()]
      .filter((r): r is Relation & { life: "alive" | "dying" } => r.life !== "removed")
      .map((r) => ({
        id: r.id,
        key: r.key,
        interface: r.ends[0]!.interface,
        peer: r.peer,
        life: r.life,
        endpoints: r.ends.map((e) => ({ app: e.app, endpoint: e.endpoint, role: e.role })),
        units: [...r.scope].sort(byString),
      }));
  }

  /** The relation id (`cluster:0`) of an endpoint of an application; default the first peer relation. */
  relationId(endpoint?: string, app?: string): string {
    const owner = app ?? this.defaultApp();
    const rel = this.resolveRelation(owner, endpoint);
    return `${this.model.endOf(rel, owner)!.endpoint}:${rel.id}`;
  }

  /** A unit's committed bag in a relation (default: its application's first peer relation). */
  databag(unit: string, relation?: RelationRef): Record<string, string> {
    const rel = this.resolveRelation(appOf(unit), relation);
    return Object.fromEntries(rel.unitBags.get(unit) ?? []);
  }

  /** An application's committed bag in a relation (default: its first peer relation). */
  appDatabag(app: string, relation?: RelationRef): Record<string, string> {
    const rel = this.resolveRelation(app, relation);
    return Object.fromEntries(rel.appBags.get(app) ?? []);
  }

  /** The model's secrets, without their content: owner, label, latest revision, grants, and who tracks which revision. */
  secrets(): SecretSummary[] {
    return [...this.model.secrets.secrets.values()].map((s) => ({
      id: s.id,
      uri: this.model.secrets.uri(s.id),
      owner: s.owner.name,
      label: s.meta.label,
      revision: s.latest,
      grants: s.grants.map((g) => ({ target: g.target, relationId: g.relationId })),
      tracking: Object.fromEntries([...s.tracking].map(([unit, t]) => [unit, t.current])),
    }));
  }

  /** A secret's content (the latest revision, or the one given), decoded: for tests; nothing else shows it. */
  secretContent(idOrUri: string, revision?: number): Record<string, string> {
    const id = parseSecretUri(idOrUri) ?? idOrUri;
    const s = this.model.secrets.secrets.get(id);
    if (!s) throw new ModelError(`no secret ${idOrUri}`);
    const content = s.revisions.get(revision ?? s.latest);
    if (!content) throw new ModelError(`secret ${idOrUri} has no revision ${revision}`);
    return Object.fromEntries(Object.entries(content).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
  }

  /** The unit's workload status; `error` while one of its hooks is failing, as `juju status` shows it. */
  status(unit: string): Status {
    const u = this.model.unit(unit);
    if (u.uniter.failing && u.life !== "removed") return { state: "error", message: `hook failed: "${hookName(u.uniter.failing.event)}"` };
    return { ...u.status };
  }

  appStatus(app?: string): Status {
    return { ...this.model.app(app ?? this.defaultApp()).status };
  }

  workloadVersion(unit: string): string {
    return this.model.unit(unit).workloadVersion;
  }

  logs(unit: string): readonly LogEntry[] {
    return [...this.model.unit(unit).logs];
  }

  /** Hooks that may run now, per unit (including failed hooks awaiting a retry). */
  pending(): PendingEvent[] {
    const out: PendingEvent[] = [];
    for (const unit of this.model.presentUnits()) {
      const failing = unit.uniter.failing;
      if (failing?.exhausted) out.push(this.pendingOf(unit, failing.event, "failed"));
      const r = runnable(this.model, unit, this.uniter);
      for (const ev of r.events) out.push(this.pendingOf(unit, ev, r.retry ? "retrying" : "queued"));
    }
    return out;
  }

  private pendingOf(unit: Unit, ev: HookEvent, state: PendingEvent["state"]): PendingEvent {
    return {
      unit: unit.name,
      hook: hookName(ev),
      event: eventLabel(ev),
      ...(isRelationKind(ev.kind) ? { relationId: `${ev.endpoint}:${ev.relationId}` } : {}),
      ...(ev.remoteUnit ? { remoteUnit: ev.remoteUnit } : {}),
      ...(ev.departingUnit ? { departingUnit: ev.departingUnit } : {}),
      state,
    };
  }

  /**
   * Units whose last run of a hook failed and has not succeeded since: the
   * runs so far, whether this run loop's retries are used up, and Juju's wait
   * before the next retry.
   */
  failures(): Array<{ unit: string; hook: string; attempts: number; exhausted: boolean; backoffMs: number }> {
    return this.model
      .presentUnits()
      .filter((u) => u.uniter.failing)
      .map((u) => {
        const f = u.uniter.failing!;
        return { unit: u.name, hook: eventLabel(f.event), attempts: f.attempts, exhausted: f.exhausted, backoffMs: f.backoffMs };
      });
  }
}

/** The number of a relation given as `cluster:3`, `3` or 3. */
export function relationNumber(ref: string | number): number {
  if (typeof ref === "number") return ref;
  const n = Number(ref.slice(ref.lastIndexOf(":") + 1));
  if (!Number.isInteger(n)) throw new ModelError(`invalid relation id ${JSON.stringify(ref)}`);
  return n;
}
