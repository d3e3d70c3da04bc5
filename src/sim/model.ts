/**
 * The model: one application, its units, its relations and their databags,
 * leadership, config and status, and the rules that turn changes into pending
 * hook events the way Juju's uniter does. It knows Juju, not any interface.
 *
 * A relation has one application end (peer) or two (provider/requirer); only
 * peer relations are created today, but bags, scopes and views are kept per
 * unit and per application so a second end fits in without new concepts.
 */
import { sameEvent, type HookKind, type Phase, type SimEvent } from "./events.js";
import type { ConfigValue, LogLevel, WorkloadState } from "./tools/types.js";

export interface EndpointSpec {
  readonly name: string;
  readonly interface: string;
  readonly role: "peer" | "provider" | "requirer";
}

export interface Status {
  state: WorkloadState | "unknown";
  message: string;
}

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly hook: string;
}

export interface UnitState {
  readonly name: string;
  readonly number: number;
  readonly address: string;
  readonly charmDir: string;
  life: "alive" | "dying" | "removed";
  queue: SimEvent[];
  forced: SimEvent | null;
  failing: { event: SimEvent; attempts: number; exhausted: boolean } | null;
  /** The event whose hook is running now, if any. */
  running: SimEvent | null;
  /** Relations this unit can address (from its relation-created hook on). */
  readonly visible: Set<number>;
  status: Status;
  workloadVersion: string;
  readonly logs: LogEntry[];
}

export interface RelationState {
  readonly id: number;
  readonly endpoint: string;
  readonly interface: string;
  readonly peer: boolean;
  /** Juju's relation key, e.g. `mysql:cluster`. */
  readonly key: string;
  /** Applications at the ends of the relation (one for a peer relation). */
  readonly apps: readonly string[];
  /** Units currently in scope. */
  readonly scope: Set<string>;
  /** Units that have ever been in scope: their bags stay readable. */
  readonly everInScope: Set<string>;
  readonly unitBags: Map<string, Map<string, string>>;
  readonly appBags: Map<string, Map<string, string>>;
  /** For each local unit, the remote units whose `-joined` hook it has committed. */
  readonly views: Map<string, Set<string>>;
}

export interface ModelOptions {
  readonly app: string;
  readonly endpoints: readonly EndpointSpec[];
  readonly config: Record<string, ConfigValue>;
  readonly deliverPeerBroken: boolean;
}

export function unitAddress(n: number): string {
  const host = n + 10;
  return `10.5.${Math.floor(host / 256)}.${host % 256}`;
}

const bagBytes = (bag: ReadonlyMap<string, string> | undefined): string =>
  JSON.stringify([...(bag ?? new Map()).entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

export class Model {
  readonly app: string;
  readonly units = new Map<string, UnitState>();
  readonly relations = new Map<number, RelationState>();
  leader: string | null = null;
  readonly leaderSettings = new Map<string, string>();
  config: Record<string, ConfigValue>;
  appStatus: Status = { state: "unknown", message: "" };
  private nextUnit = 0;
  private nextRelation = 0;

  constructor(
    private readonly opts: ModelOptions,
    private readonly unitDir: (name: string) => string,
  ) {
    this.app = opts.app;
    this.config = { ...opts.config };
    for (const ep of opts.endpoints) if (ep.role === "peer") this.createPeerRelation(ep);
  }

  private createPeerRelation(ep: EndpointSpec): RelationState {
    const rel: RelationState = {
      id: this.nextRelation++,
      endpoint: ep.name,
      interface: ep.interface,
      peer: true,
      key: `${this.app}:${ep.name}`,
      apps: [this.app],
      scope: new Set(),
      everInScope: new Set(),
      unitBags: new Map(),
      appBags: new Map([[this.app, new Map()]]),
      views: new Map(),
    };
    this.relations.set(rel.id, rel);
    return rel;
  }

  /** Live units in the model (alive or dying, not yet removed), in unit-number order. */
  presentUnits(): UnitState[] {
    return [...this.units.values()].filter((u) => u.life !== "removed").sort((a, b) => a.number - b.number);
  }

  relationByEndpoint(endpoint: string): RelationState | undefined {
    return [...this.relations.values()].find((r) => r.endpoint === endpoint);
  }

  private relEvent(kind: HookKind, rel: RelationState, phase: Phase, extra: Partial<SimEvent> = {}): SimEvent {
    return { kind, phase, relationId: rel.id, endpoint: rel.endpoint, remoteApp: rel.apps[0]!, ...extra };
  }

  addUnit(): UnitState {
    const number = this.nextUnit++;
    const name = `${this.app}/${number}`;
    const leader = this.leader === null;
    if (leader) this.leader = name;
    const setup = (kind: HookKind): SimEvent => ({ kind, phase: "setup" });
    const unit: UnitState = {
      name,
      number,
      address: unitAddress(number),
      charmDir: this.unitDir(name),
      life: "alive",
      // Juju (2.8+) runs relation-created for the relations that exist at install
      // time right after install, then leadership, config-changed and start.
      queue: [
        setup("install"),
        ...[...this.relations.values()].map((rel) => this.relEvent("relation-created", rel, "setup", { remoteUnit: "" })),
        setup(leader ? "leader-elected" : "leader-settings-changed"),
        setup("config-changed"),
        setup("start"),
      ],
      forced: null,
      failing: null,
      running: null,
      visible: new Set(),
      status: { state: "unknown", message: "" },
      workloadVersion: "",
      logs: [],
    };
    this.units.set(name, unit);
    return unit;
  }

  /** Adds `ev` to the unit's queue unless an equivalent event is already pending. */
  enqueue(unit: UnitState, ev: SimEvent): void {
    if (unit.life === "removed") return;
    // The event whose hook is running now does not count: it may have read the old state already.
    const pending = [...unit.queue, ...(unit.forced ? [unit.forced] : [])].filter((p) => p !== unit.running);
    if (unit.failing && !unit.failing.exhausted && unit.failing.event !== unit.running) pending.push(unit.failing.event);
    const coalesce = ev.kind === "leader-settings-changed" || ev.kind === "config-changed" || ev.kind === "leader-elected";
    if (coalesce && pending.some((p) => p.kind === ev.kind)) return;
    if (ev.kind === "relation-changed") {
      const covered = pending.some(
        (p) =>
          p.relationId === ev.relationId &&
          (p.remoteUnit ?? "") === (ev.remoteUnit ?? "") &&
          (p.kind === "relation-changed" || p.kind === "relation-joined"),
      );
      if (covered) return;
    }
    if (pending.some((p) => sameEvent(p, ev))) return;
    unit.queue.push(ev);
  }

  /** Juju writes the address keys and the unit enters scope: joined hooks for every pair. */
  enterScope(unit: UnitState, rel: RelationState): void {
    if (unit.life !== "alive" || rel.scope.has(unit.name)) return;
    const bag = rel.unitBags.get(unit.name) ?? new Map<string, string>();
    bag.set("egress-subnets", `${unit.address}/32`);
    bag.set("ingress-address", unit.address);
    bag.set("private-address", unit.address);
    rel.unitBags.set(unit.name, bag);
    if (!rel.views.has(unit.name)) rel.views.set(unit.name, new Set());
    for (const otherName of rel.scope) {
      const other = this.units.get(otherName)!;
      this.enqueue(unit, this.relEvent("relation-joined", rel, "normal", { remoteUnit: otherName }));
      if (other.life === "alive") this.enqueue(other, this.relEvent("relation-joined", rel, "normal", { remoteUnit: unit.name }));
    }
    rel.scope.add(unit.name);
    rel.everInScope.add(unit.name);
  }

  /** Commits a hook's relation-set writes; wakes the units that should see the change. */
  commitSettings(unit: UnitState, relId: number, app: boolean, changes: ReadonlyMap<string, string>): void {
    const rel = this.relations.get(relId);
    if (!rel || changes.size === 0) return;
    const bags = app ? rel.appBags : rel.unitBags;
    const owner = app ? this.app : unit.name;
    const bag = bags.get(owner) ?? new Map<string, string>();
    const before = bagBytes(bag);
    for (const [k, v] of changes) {
      if (v === "") bag.delete(k);
      else bag.set(k, v);
    }
    bags.set(owner, bag);
    if (bagBytes(bag) === before) return;
    if (app) {
      for (const name of rel.scope) {
        const other = this.units.get(name)!;
        if (name !== unit.name && other.life === "alive") {
          this.enqueue(other, this.relEvent("relation-changed", rel, "normal", { remoteUnit: "" }));
        }
      }
      return;
    }
    if (!rel.scope.has(unit.name)) return;
    for (const [name, view] of rel.views) {
      const other = this.units.get(name)!;
      if (name === unit.name || other.life !== "alive" || !view.has(unit.name)) continue;
      this.enqueue(other, this.relEvent("relation-changed", rel, "normal", { remoteUnit: unit.name }));
    }
  }

  /** leader-set: immediate; non-leaders get leader-settings-changed when something changed. */
  writeLeaderSettings(changes: ReadonlyMap<string, string>): void {
    const before = bagBytes(this.leaderSettings);
    for (const [k, v] of changes) {
      if (v === "") this.leaderSettings.delete(k);
      else this.leaderSettings.set(k, v);
    }
    if (bagBytes(this.leaderSettings) === before) return;
    for (const u of this.units.values()) {
      if (u.life === "alive" && u.name !== this.leader) this.enqueue(u, { kind: "leader-settings-changed", phase: "normal" });
    }
  }

  setConfig(values: Record<string, ConfigValue>): void {
    const before = JSON.stringify(this.config);
    this.config = { ...this.config, ...values };
    if (JSON.stringify(this.config) === before) return;
    for (const u of this.units.values()) if (u.life === "alive") this.enqueue(u, { kind: "config-changed", phase: "normal" });
  }

  /** Does `local` know `remote` in `rel` (joined committed, or its joined hook running or being retried)? */
  private knows(local: UnitState, rel: RelationState, remote: string): boolean {
    if (rel.views.get(local.name)?.has(remote)) return true;
    const isJoin = (e: SimEvent | null | undefined): boolean =>
      !!e && e.kind === "relation-joined" && e.relationId === rel.id && e.remoteUnit === remote;
    return isJoin(local.running) || isJoin(local.failing?.event);
  }

  private dropRemoteEvents(unit: UnitState, rel: RelationState, remote: string | null): void {
    unit.queue = unit.queue.filter(
      (e) =>
        !(
          e.relationId === rel.id &&
          (e.kind === "relation-joined" || e.kind === "relation-changed") &&
          (remote === null || e.remoteUnit === remote)
        ),
    );
  }

  /** `juju remove-unit`: departed hooks on both sides, then stop and remove on the unit. */
  removeUnit(name: string): void {
    const unit = this.units.get(name);
    if (!unit || unit.life !== "alive") throw new Error(`unit ${name} is not alive`);
    unit.life = "dying";
    if (this.leader === name) {
      const next = this.presentUnits().find((u) => u.life === "alive" && u.name !== name);
      this.leader = next ? next.name : null;
      if (next) this.enqueue(next, { kind: "leader-elected", phase: "normal" });
    }
    const neverStarted =
      (unit.queue.some((e) => e.kind === "install") || unit.failing?.event.kind === "install") && unit.running?.kind !== "install";
    unit.queue = unit.queue.filter((e) => e.phase !== "setup" && e.kind !== "leader-settings-changed" && e.kind !== "config-changed");
    if (unit.failing?.event.phase === "setup") unit.failing = null;
    for (const rel of this.relations.values()) {
      const wasInScope = rel.scope.delete(name);
      this.dropRemoteEvents(unit, rel, null);
      if (!wasInScope) continue;
      for (const other of this.units.values()) {
        if (other === unit || other.life === "removed") continue;
        const knew = this.knows(other, rel, name);
        this.dropRemoteEvents(other, rel, name);
        if (knew) {
          this.enqueue(other, this.relEvent("relation-departed", rel, "normal", { remoteUnit: name, departingUnit: name }));
        }
      }
      for (const remote of rel.everInScope) {
        if (remote !== name && this.knows(unit, rel, remote)) {
          this.enqueue(unit, this.relEvent("relation-departed", rel, "normal", { remoteUnit: remote, departingUnit: name }));
        }
      }
      if (this.opts.deliverPeerBroken && unit.visible.has(rel.id)) {
        unit.queue.push(this.relEvent("relation-broken", rel, "teardown", { remoteUnit: "" }));
      }
    }
    if (neverStarted && unit.failing === null && unit.running === null) {
      unit.life = "removed";
      unit.queue = [];
      return;
    }
    unit.queue.push({ kind: "stop", phase: "teardown" }, { kind: "remove", phase: "teardown" });
  }

  /** State transitions after a hook exited 0 (its relation writes are committed separately). */
  hookSucceeded(unit: UnitState, ev: SimEvent): void {
    if (unit.failing && sameEvent(unit.failing.event, ev)) unit.failing = null;
    if (unit.forced && sameEvent(unit.forced, ev)) unit.forced = null;
    else unit.queue = unit.queue.filter((e) => e !== ev);
    const rel = ev.relationId === undefined ? undefined : this.relations.get(ev.relationId);
    switch (ev.kind) {
      case "relation-created":
        if (rel) this.enterScope(unit, rel);
        break;
      case "relation-joined":
        if (rel && ev.remoteUnit) {
          rel.views.get(unit.name)?.add(ev.remoteUnit);
          unit.forced = this.relEvent("relation-changed", rel, "normal", { remoteUnit: ev.remoteUnit });
        }
        break;
      case "relation-departed":
        if (rel && ev.remoteUnit) rel.views.get(unit.name)?.delete(ev.remoteUnit);
        break;
      case "relation-broken":
        if (rel) unit.visible.delete(rel.id);
        break;
      case "remove":
        unit.life = "removed";
        unit.queue = [];
        break;
      default:
        break;
    }
  }

  /** A hook failed: it stays at the head of the unit's queue and is retried up to `maxRetries` times. */
  hookFailed(unit: UnitState, ev: SimEvent, maxRetries: number): void {
    if (unit.failing && sameEvent(unit.failing.event, ev)) unit.failing.attempts++;
    else {
      if (unit.forced && sameEvent(unit.forced, ev)) unit.forced = null;
      else unit.queue = unit.queue.filter((e) => e !== ev);
      unit.failing = { event: ev, attempts: 1, exhausted: false };
    }
    unit.failing.exhausted = unit.failing.attempts > maxRetries;
  }

  /**
   * `juju resolved`: retry the failed hook (attempts counted afresh), or with
   * `retry` false skip it: the unit moves on as if it had succeeded (its writes stay discarded).
   */
  resolve(unit: UnitState, retry: boolean): void {
    if (!unit.failing) return;
    const ev = unit.failing.event;
    if (retry) unit.failing = { event: ev, attempts: 0, exhausted: false };
    else {
      unit.failing = null;
      this.hookSucceeded(unit, ev);
    }
  }
}
