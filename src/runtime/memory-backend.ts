/**
 * `Backend` served from plain in-memory data (a `MemoryModel`), for tests and
 * the in-process multi-unit harness: one unit's view of the model during one
 * hook, with Juju's rules — buffered relation-set (`commit()` / `discard()`),
 * immediate leader-set, the same error texts and exit codes as the real
 * tools, and a record of the equivalent hook-tool calls (`calls`) with the
 * same redacted argv.
 */
import type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
import { encodeTransport } from "./codec.js";
import { HookToolError, RelationNotFoundError } from "./errors.js";
import { appOf, dict, endpointOf, fail, MemoryModel, type Bag, type MemoryApplication, type MemoryRelation, type MemoryUnit, type ToolCall } from "./memory-model.js";
import { describeCall, leaderSetArgs, redactArgs, splitLogMessage } from "./redact.js";

export {
  MemoryModel, copyBag,
  type Bag, type MemoryApplication, type MemoryLogEntry, type MemoryModelData, type MemoryRelation,
  type MemoryStatus, type MemoryUnit, type RelationRef, type ToolCall,
} from "./memory-model.js";

const STATES: readonly string[] = ["maintenance", "blocked", "waiting", "active"];

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
