/**
 * The hook context of one unit running one hook: what its hook tools see, the
 * relation-set writes buffered until the hook exits 0, and the trace of every
 * tool call. Implements the `ToolContext` the tools are written against.
 */
import { RunError } from "./tools/flags.js";
import { sortStrings } from "./tools/gojson.js";
import type { Model, UnitState } from "./model.js";
import type { SimEvent } from "./events.js";
import type { Bag, ConfigValue, LogLevel, NetworkInfo, RelationInfo, ToolContext, WorkloadState } from "./tools/types.js";

/** One hook-tool call, as recorded in a hook's trace. Values of `k=v` arguments are redacted. */
export interface ToolCall {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly stdinBytes: number;
  readonly exitCode: number;
  /** Time the server spent on the call, from the first request byte to the last response byte. */
  readonly durationMs: number;
}

const toObject = (m: ReadonlyMap<string, string> | undefined): Bag => Object.fromEntries(m ?? []);

export class HookContext implements ToolContext {
  readonly trace: ToolCall[] = [];
  /** Buffered relation-set writes: relation id → (app?) → key → value ("" deletes). */
  private readonly pendingUnit = new Map<number, Map<string, string>>();
  private readonly pendingApp = new Map<number, Map<string, string>>();
  active = true;
  readonly hookRelationId: number | null;
  readonly remoteUnit: string;
  readonly remoteApp: string;

  constructor(
    readonly id: string,
    readonly hook: string,
    private readonly model: Model,
    readonly unit: UnitState,
    readonly event: SimEvent | null,
    private readonly bindings: ReadonlySet<string>,
  ) {
    this.hookRelationId = event?.relationId ?? null;
    this.remoteUnit = event?.remoteUnit ?? "";
    this.remoteApp = event?.remoteApp ?? "";
  }

  get unitName(): string {
    return this.unit.name;
  }
  get appName(): string {
    return this.model.app;
  }

  relationIds(): number[] {
    const breaking = this.event?.kind === "relation-broken" ? this.event.relationId : undefined;
    return [...this.unit.visible].filter((id) => id !== breaking && this.model.relations.has(id)).sort((a, b) => a - b);
  }

  relation(id: number): RelationInfo | undefined {
    const rel = this.model.relations.get(id);
    if (!rel || !this.unit.visible.has(id)) return undefined;
    return {
      id,
      endpoint: rel.endpoint,
      fakeId: `${rel.endpoint}:${id}`,
      key: rel.key,
      remoteApp: rel.peer ? this.model.app : rel.apps.find((a) => a !== this.model.app)!,
      peer: rel.peer,
    };
  }

  relationMembers(id: number): string[] {
    const rel = this.model.relations.get(id)!;
    const members = new Set(rel.views.get(this.unit.name) ?? []);
    const ev = this.event;
    if (ev && ev.relationId === id) {
      if (ev.kind === "relation-joined" && ev.remoteUnit) members.add(ev.remoteUnit);
      if (ev.kind === "relation-departed" && ev.remoteUnit) members.delete(ev.remoteUnit);
      if (ev.kind === "relation-broken") members.clear();
    }
    return sortStrings(members);
  }

  private pendingFor(app: boolean, id: number): Map<string, string> | undefined {
    return (app ? this.pendingApp : this.pendingUnit).get(id);
  }

  private merged(committed: ReadonlyMap<string, string> | undefined, pending: ReadonlyMap<string, string> | undefined): Bag {
    const out = toObject(committed);
    for (const [k, v] of pending ?? []) {
      if (v === "") delete out[k];
      else out[k] = v;
    }
    return out;
  }

  localUnitSettings(id: number): Bag {
    const rel = this.model.relations.get(id)!;
    return this.merged(rel.unitBags.get(this.unit.name), this.pendingFor(false, id));
  }

  localAppSettings(id: number): Bag {
    const rel = this.model.relations.get(id)!;
    return this.merged(rel.appBags.get(this.model.app), this.pendingFor(true, id));
  }

  remoteUnitSettings(id: number, unit: string): Bag {
    const rel = this.model.relations.get(id)!;
    const app = unit.split("/")[0]!;
    if (!rel.apps.includes(app)) throw new RunError("permission denied");
    if (!rel.everInScope.has(unit)) {
      throw new RunError(`cannot read settings for unit "${unit}" in relation "${rel.key}": unit "${unit}": settings not found`);
    }
    return toObject(rel.unitBags.get(unit));
  }

  remoteAppSettings(id: number, app: string): Bag {
    const rel = this.model.relations.get(id)!;
    if (!rel.apps.includes(app)) throw new RunError("permission denied");
    if (app === this.model.app && !rel.peer && !this.isLeader()) throw new RunError("permission denied");
    return toObject(rel.appBags.get(app));
  }

  writeSettings(id: number, app: boolean, changes: ReadonlyMap<string, string>): void {
    const all = app ? this.pendingApp : this.pendingUnit;
    const pending = all.get(id) ?? new Map<string, string>();
    for (const [k, v] of changes) pending.set(k, v);
    all.set(id, pending);
  }

  /** Applies the buffered relation-set writes (the hook exited 0). */
  commit(): void {
    for (const [id, changes] of this.pendingUnit) this.model.commitSettings(this.unit, id, false, changes);
    for (const [id, changes] of this.pendingApp) this.model.commitSettings(this.unit, id, true, changes);
    this.pendingUnit.clear();
    this.pendingApp.clear();
  }

  /** Drops the buffered writes (the hook failed). */
  discard(): void {
    this.pendingUnit.clear();
    this.pendingApp.clear();
  }

  isLeader(): boolean {
    return this.model.leader === this.unit.name;
  }

  leaderSettings(): Bag {
    return toObject(this.model.leaderSettings);
  }

  writeLeaderSettings(changes: ReadonlyMap<string, string>): void {
    this.model.writeLeaderSettings(changes);
  }

  config(): Record<string, ConfigValue> {
    return { ...this.model.config };
  }

  setStatus(application: boolean, state: WorkloadState, message: string): void {
    if (application) this.model.appStatus = { state, message };
    else this.unit.status = { state, message };
  }

  setWorkloadVersion(version: string): void {
    this.unit.workloadVersion = version;
  }

  log(level: LogLevel, message: string): void {
    this.unit.logs.push({ level, message, hook: this.hook });
  }

  network(binding: string): NetworkInfo | undefined {
    if (!this.bindings.has(binding)) return undefined;
    const a = this.unit.address;
    return {
      address: a,
      cidr: a.replace(/\.\d+$/, ".0/24"),
      macAddress: "00:16:3e:" + [this.unit.number >> 16, this.unit.number >> 8, this.unit.number].map((b) => (b & 255).toString(16).padStart(2, "0")).join(":"),
      interfaceName: "eth0",
    };
  }

  publicAddress(): string {
    return this.unit.address;
  }

  privateAddress(): string {
    return this.unit.address;
  }
}
