/**
 * The hook context of one unit running one hook: what its hook tools see of
 * the model, the relation-set writes buffered until the hook succeeds, and
 * the trace of every tool call. Both drivers serve the tools from it.
 */
import { argvRefusal, redactArgs } from "../common/redact.js";
import { LONE_SURROGATE } from "../common/unicode.js";
import type { HookEvent } from "./events.js";
import { appOf, type LogEntry, type Model, type Relation, type Unit } from "./model.js";
import { RunError } from "./tools/flags.js";
import { runTool } from "./tools/registry.js";
import { SecretsInHook } from "./secret-context.js";
import type { SecretMeta } from "./secrets.js";
import type { Bag, ConfigValue, LogLevel, NetworkInfo, RelationInfo, SecretInfo, SecretRef, ToolContext, ToolOutput, WorkloadState } from "./tools/types.js";
import { canSee, listedMembers } from "./uniter.js";
import { relationLocal } from "./uniter-state.js";
import type { ActionRun } from "./actions.js";

/** One hook-tool call, as recorded in a hook's trace. Values that could be secret are redacted from argv. */
export interface ToolCall {
  readonly tool: string;
  readonly argv: readonly string[];
  readonly stdinBytes: number;
  readonly exitCode: number;
  /** Time spent serving the call (for the simulator: from the first request byte to the last response byte). */
  readonly durationMs: number;
}

const toObject = (m: ReadonlyMap<string, string> | undefined): Bag => {
  const out = Object.create(null) as Bag;
  for (const [k, v] of m ?? []) out[k] = v;
  return out;
};

/**
 * Stands between a tool call and its implementation (fault injection,
 * observation): may answer in the tool's place, or wait before it runs.
 */
export type ToolInterceptor = (
  ctx: HookContext,
  tool: string,
  args: readonly string[],
) => { readonly response?: ToolOutput; readonly delayMs?: number } | undefined;

/** A tool call that a process launch would refuse (`argvRefusal`: a NUL byte, an argument or argv too long): the tool never ran. */
export class ArgvRefusedError extends Error {
  override readonly name = "ArgvRefusedError";
  constructor(
    readonly tool: string,
    /** What the launch would fail with: `ERR_INVALID_ARG_VALUE` or `E2BIG`. */
    readonly code: "ERR_INVALID_ARG_VALUE" | "E2BIG",
  ) {
    super(`${tool} could not be started (${code})`);
  }
}

export class HookContext implements ToolContext {
  readonly trace: ToolCall[] = [];
  /** The hook's `juju-log` lines, in order (also kept in the unit's log). */
  readonly logs: LogEntry[] = [];
  /** Called with each `juju-log` line as it is written (the engine's log listeners). */
  onLog: ((entry: LogEntry) => void) | null = null;
  private readonly pending = new Map<string, { rel: Relation; app: boolean; changes: Map<string, string> }>();
  active = true;
  /** The action this context runs (set by `performAction`), or null for a hook. */
  action: ActionRun | null = null;
  readonly hookRelationId: number | null;
  readonly remoteUnit: string;
  readonly remoteApp: string;

  constructor(
    /** `JUJU_CONTEXT_ID`. */
    readonly id: string,
    readonly hook: string,
    private readonly model: Model,
    readonly unit: Unit,
    readonly event: HookEvent | null,
    private readonly interceptor?: ToolInterceptor,
  ) {
    this.hookRelationId = event?.relationId ?? null;
    this.remoteUnit = event?.remoteUnit ?? "";
    this.remoteApp = event?.remoteApp ?? "";
    this.secrets = new SecretsInHook(model, unit, () => this.isLeader());
  }

  /** The secret tools' view of the model (their changes wait for the hook to succeed, like relation-set's). */
  private readonly secrets: SecretsInHook;
  secretCreate(content: Readonly<Record<string, string>>, owner: "application" | "unit", meta: SecretMeta): string {
    return this.secrets.secretCreate(content, owner, meta);
  }
  secretRead(ref: SecretRef, mode: "tracked" | "peek" | "refresh"): Readonly<Record<string, string>> {
    return this.secrets.secretRead(ref, mode);
  }
  secretUpdate(ref: SecretRef, content: Readonly<Record<string, string>> | undefined, meta: Partial<SecretMeta>): void {
    this.secrets.secretUpdate(ref, content, meta);
  }
  secretRemove(ref: SecretRef, revision: number): void {
    this.secrets.secretRemove(ref, revision);
  }
  secretGrant(ref: SecretRef, relationId: number, unit: string): void {
    this.secrets.secretGrant(ref, relationId, unit);
  }
  secretRevoke(ref: SecretRef, target: { relationId?: number; app?: string; unit?: string }): void {
    this.secrets.secretRevoke(ref, target);
  }
  secretIds(): string[] {
    return this.secrets.secretIds();
  }
  secretInfo(ref: SecretRef): SecretInfo {
    return this.secrets.secretInfo(ref);
  }

  private runningAction(): ActionRun {
    if (!this.action) throw new RunError("not running an action");
    return this.action;
  }
  actionParams(): Readonly<Record<string, unknown>> {
    return this.runningAction().params;
  }
  updateActionResults(keys: readonly string[], value: string): void {
    this.runningAction().update(keys, value);
  }
  setActionFailed(message: string): void {
    this.runningAction().fail(message);
  }
  logActionMessage(message: string): void {
    this.runningAction().log(message);
  }

  get unitName(): string {
    return this.unit.name;
  }
  get appName(): string {
    return this.unit.app;
  }

  /**
   * Runs one tool call against this context and records it in the trace.
   * argv that a process launch refuses (a NUL byte, an argument or an argv
   * too long: `argvRefusal`) is refused here too, as the launch refuses it:
   * the tool never runs, nothing is traced, and the promise rejects with an
   * `ArgvRefusedError` (the caller says it as a failed launch would).
   */
  async call(tool: string, args: readonly string[], io: { cwd: string; stdin: Uint8Array | null }, startedAt = performance.now()): Promise<ToolOutput> {
    const refused = argvRefusal(tool, args);
    if (refused !== null) throw new ArgvRefusedError(tool, refused);
    const intercepted = this.active ? this.interceptor?.(this, tool, args) : undefined;
    if (intercepted?.delayMs) await new Promise((resolve) => setTimeout(resolve, intercepted.delayMs));
    return this.answer(tool, args, io, intercepted, startedAt);
  }

  /**
   * `call`, answered at once: for a caller that blocks on the tool (a hook
   * process's synchronous spawn). A fault's delay is not waited for; its
   * answer is given.
   */
  callSync(tool: string, args: readonly string[], io: { cwd: string; stdin: Uint8Array | null }): ToolOutput {
    const startedAt = performance.now();
    const refused = argvRefusal(tool, args);
    if (refused !== null) throw new ArgvRefusedError(tool, refused);
    return this.answer(tool, args, io, this.active ? this.interceptor?.(this, tool, args) : undefined, startedAt);
  }

  private answer(tool: string, args: readonly string[], io: { cwd: string; stdin: Uint8Array | null }, intercepted: ReturnType<ToolInterceptor>, startedAt: number): ToolOutput {
    // Not valid UTF-8 (the simulator decodes each invalid byte of an argument as a lone surrogate): refused, nothing happens.
    const bad = args.findIndex((a) => LONE_SURROGATE.test(a));
    const out = !this.active
      ? { stdout: "", stderr: `ERROR the hook context ${this.id} is closed\n`, code: 1 }
      : bad >= 0
        ? { stdout: "", stderr: `ERROR invalid UTF-8 in argument ${bad + 1}\n`, code: 2 }
        : (intercepted?.response ?? runTool(tool, this, args, io));
    this.trace.push({ tool, argv: redactArgs(tool, args), stdinBytes: io.stdin?.length ?? 0, exitCode: out.code, durationMs: performance.now() - startedAt });
    return out;
  }

  private visible(id: number): Relation | undefined {
    const rel = this.model.relations.get(id);
    return rel && rel.ends.some((e) => e.app === this.unit.app) && canSee(this.unit, rel, this.event) ? rel : undefined;
  }

  relationIds(): number[] {
    const breaking = this.event?.kind === "relation-broken" ? this.event.relationId : undefined;
    return this.model
      .relationsOf(this.unit.app)
      .filter((r) => r.id !== breaking && this.visible(r.id))
      .map((r) => r.id);
  }

  relation(id: number): RelationInfo | undefined {
    const rel = this.visible(id);
    if (!rel) return undefined;
    const end = this.model.endOf(rel, this.unit.app)!;
    return { id, endpoint: end.endpoint, fakeId: `${end.endpoint}:${id}`, key: rel.key, remoteApp: this.model.remoteAppOf(rel, this.unit.app), peer: rel.peer };
  }

  relationMembers(id: number): string[] {
    return listedMembers(this.unit, this.model.relation(id), this.event);
  }

  private staged(rel: Relation, app: boolean): Map<string, string> | undefined {
    return this.pending.get(`${rel.id}|${app}`)?.changes;
  }

  private merged(committed: ReadonlyMap<string, string> | undefined, staged: ReadonlyMap<string, string> | undefined): Bag {
    const out = toObject(committed);
    for (const [k, v] of staged ?? []) {
      if (v === "") delete out[k];
      else out[k] = v;
    }
    return out;
  }

  localUnitSettings(id: number): Bag {
    const rel = this.model.relation(id);
    return this.merged(rel.unitBags.get(this.unit.name), this.staged(rel, false));
  }

  localAppSettings(id: number): Bag {
    const rel = this.model.relation(id);
    return this.merged(rel.appBags.get(this.unit.app), this.staged(rel, true));
  }

  remoteUnitSettings(id: number, unit: string): Bag {
    const rel = this.model.relation(id);
    if (!rel.ends.some((e) => e.app === appOf(unit))) throw new RunError("permission denied");
    if (!rel.everInScope.has(unit)) {
      throw new RunError(`cannot read settings for unit "${unit}" in relation "${rel.key}": unit "${unit}": settings not found`);
    }
    return toObject(rel.unitBags.get(unit));
  }

  remoteAppSettings(id: number, app: string): Bag {
    const rel = this.model.relation(id);
    if (!rel.ends.some((e) => e.app === app)) throw new RunError("permission denied");
    if (app === this.unit.app && !rel.peer && !this.isLeader()) throw new RunError("permission denied");
    return toObject(rel.appBags.get(app));
  }

  writeSettings(id: number, app: boolean, changes: ReadonlyMap<string, string>): void {
    const rel = this.model.relation(id);
    const key = `${rel.id}|${app}`;
    const entry = this.pending.get(key) ?? { rel, app, changes: new Map<string, string>() };
    for (const [k, v] of changes) entry.changes.set(k, v);
    this.pending.set(key, entry);
  }

  /** Applies the buffered relation-set writes and secret changes (the hook exited 0). */
  commit(): void {
    this.secrets.commit();
    for (const { rel, app, changes } of this.pending.values()) {
      if (rel.life === "removed") continue;
      const owner = app ? this.unit.app : this.unit.name;
      if (!this.model.commitBag(rel, owner, app, changes)) continue;
      // The writer has seen what it wrote: on a peer relation the leader gets no changed hook for its own app bag.
      if (app && rel.peer) relationLocal(this.unit.uniter, rel.id).appSeen.set(owner, this.model.version(rel, owner));
    }
    this.pending.clear();
  }

  /** Drops the buffered writes and secret changes (the hook failed). */
  discard(): void {
    this.secrets.discard();
    this.pending.clear();
  }

  isLeader(): boolean {
    return this.model.applications.get(this.unit.app)?.leader === this.unit.name;
  }

  leaderSettings(): Bag {
    return toObject(this.model.applications.get(this.unit.app)?.leaderSettings);
  }

  writeLeaderSettings(changes: ReadonlyMap<string, string>): void {
    if (this.model.writeLeaderSettings(this.unit.app, changes)) {
      // The leader has seen its own write.
      this.unit.uniter.leaderSeen = this.model.app(this.unit.app).leaderSettingsVersion;
    }
  }

  config(): Record<string, ConfigValue> {
    return { ...(this.model.applications.get(this.unit.app)?.config ?? {}) };
  }

  setStatus(application: boolean, state: WorkloadState, message: string): void {
    if (application) this.model.app(this.unit.app).status = { state, message };
    else this.unit.status = { state, message };
  }

  setWorkloadVersion(version: string): void {
    this.unit.workloadVersion = version;
  }

  log(level: LogLevel, message: string): void {
    const entry: LogEntry = { level, message, hook: this.hook };
    this.unit.logs.push(entry);
    this.logs.push(entry);
    this.onLog?.(entry);
  }

  network(binding: string): NetworkInfo | undefined {
    const meta = this.model.applications.get(this.unit.app)?.metadata;
    const known = meta?.endpoints.some((e) => e.name === binding) || meta?.extraBindings.includes(binding);
    if (!known) return undefined;
    const a = this.unit.address;
    const n = this.unit.number;
    return {
      address: a,
      cidr: a.replace(/\.\d+$/, ".0/24"),
      macAddress: "00:16:3e:" + [n >> 16, n >> 8, n].map((b) => (b & 255).toString(16).padStart(2, "0")).join(":"),
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
