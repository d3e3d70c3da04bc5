/**
 * The one Juju both drivers share: over its inspection (inspection.ts) and
 * its operations (operations.ts), the run loop that asks the uniter's rules
 * what may run and the scheduler what runs next, hook contexts, records,
 * the model's value (snapshot, restore) and fault injection. A driver adds only how a hook is executed: in this process
 * (`relgen/testing`'s Harness) or as a real process behind the hook-tool
 * socket (`relgen/sim`'s Simulator).
 */
import { randomBytes } from "node:crypto";
import { HookContext } from "./context.js";
import { ToolFaults } from "./faults.js";
import {
  DEFAULT_MAX_UNITS, HookFailedError, SimulationNotQuietError,
  type ApplicationOptions, type EngineOptions, type ExecOutcome, type HookRecord, type HookSpec, type PendingEvent, type PreparedCharm,
  type RawToolCall, type RelationRef, type RelationSummary, type RunMark, type SecretSummary, type ToolFault,
} from "./records.js";
import { jujuHookEnv, seededUuid } from "./env.js";
import { hookName, isRelationKind, parseHookName, type HookEvent } from "./events.js";
import { CharmError } from "./metadata.js";
import { ModelError, type Unit, type LogEntry } from "./model.js";
import { Prng, Scheduler, type SchedulerValue } from "./scheduler.js";
import { modelValue, restoreModel, type ModelValue } from "./value.js";
import { hookFailed, hookSucceeded, newRunLoop, runnable, type UniterOptions } from "./uniter.js";
import { relationNumber } from "./inspection.js";
import { ModelOperations } from "./operations.js";
import { performAction, type ActionOutcome } from "./actions.js";

export type {
  ApplicationOptions, EngineOptions, ExecOutcome, HookRecord, HookSpec, PendingEvent, PreparedCharm, RawToolCall, RelationRef, RelationSummary, RunMark, SecretSummary, ToolFault,
} from "./records.js";
export { DEFAULT_MAX_UNITS, HookFailedError, SimulationNotQuietError, failureReason } from "./records.js";
export type { ActionOutcome, ActionResultTree } from "./actions.js";
export type { ModelValue } from "./value.js";

/**
 * The whole state of a driver's model as one plain, serialisable value
 * (`snapshot()`), and what `restore()` returns to: the model Juju holds
 * (value.ts), the scheduler's state (the next picks of a seed), and each
 * unit's own files as its driver keeps them (the charm's state: in memory
 * for the harness, the unit's charm directory for the simulator). Not in it:
 * the history (`hooks`, `marks`) and the charms' code.
 */
export interface EngineSnapshot {
  readonly model: ModelValue;
  readonly scheduler: SchedulerValue;
  readonly unitFiles: readonly (readonly [string, unknown])[];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export abstract class JujuEngine<Charm> extends ModelOperations<Charm> {
  /** The PRNG seed, or null for first-in-first-out order. */
  readonly seed: number | null;
  protected readonly uniter: UniterOptions;
  protected readonly maxHookRetries: number;
  protected readonly autoRetry: boolean;
  protected readonly modelUuid: string;
  protected readonly jujuVersion: string;
  /** Hooks of different units run at the same time (see `runUntilQuiet`). */
  protected readonly jobs: number;
  private readonly scheduler: Scheduler;
  private readonly listeners = new Set<(record: HookRecord) => void>();
  private readonly logListeners = new Set<(unit: string, entry: LogEntry) => void>();
  /** The model's clock starts when it is created: hook start times and marks are counted from here. */
  private readonly origin = performance.now();
  /** Steps of the run, as `mark()` recorded them. */
  readonly marks: RunMark[] = [];
  private readonly contexts = new Map<string, HookContext>();
  private readonly faults = new ToolFaults((ctx) => this.killHook(ctx));
  private lock: Promise<unknown> = Promise.resolve();
  protected closed = false;
  /** `interrupt()` was called: no hook starts any more. */
  protected interrupted = false;

  constructor(options: EngineOptions = {}) {
    super(options.maxUnits ?? DEFAULT_MAX_UNITS, options.modelName ?? "relgen");
    this.seed = options.seed ?? null;
    this.scheduler = new Scheduler(this.seed, options.choose ?? null);
    this.uniter = { deliverPeerBroken: options.deliverPeerBroken ?? false };
    this.maxHookRetries = options.maxHookRetries ?? 5;
    this.autoRetry = options.automaticallyRetryHooks ?? true;
    this.jujuVersion = options.jujuVersion ?? "3.6.4";
    this.jobs = options.jobs ?? 1;
    const uuidPrng = new Prng((this.seed ?? 0) ^ 0x5eed5eed);
    this.modelUuid = seededUuid(() => uuidPrng.next());
    this.model.secrets.modelUuid = this.modelUuid;
    if (options.onHook) this.listeners.add(options.onHook);
  }

  /** Runs one hook of a unit in the given context. Never throws. */
  protected abstract execute(unit: Unit, event: HookEvent, ctx: HookContext): Promise<ExecOutcome>;
  /** A unit's own files (what its charm keeps between hooks), as a plain value. */
  protected abstract saveUnitFiles(unit: string): unknown;
  /** Puts back a unit's own files (`undefined`: as a new unit's), preparing the unit first when the driver does not have it yet. */
  protected abstract restoreUnitFiles(unit: Unit, files: unknown): void;
  /** Makes matching hook-tool calls fail, lie or hang. Returns a function that removes the fault. */
  injectFault(fault: ToolFault): () => void {
    if (fault.kill && !this.canKillHooks()) throw new ModelError("a kill fault needs hooks that run as processes (the simulator)");
    return this.faults.add(fault);
  }

  /** Sees every hook-tool call with its argv as given (not redacted). Returns a function that stops it. */
  observeTools(listener: (call: RawToolCall) => void): () => void {
    return this.faults.observe(listener);
  }

  /** Whether this driver's hooks are processes that a fault may kill. */
  protected canKillHooks(): boolean {
    return false;
  }

  /** Kills the process of the hook running in `ctx` (see `canKillHooks`). */
  protected killHook(_ctx: HookContext): void {}

  // ------------------------------------------------------------- values ---

  /** The whole model as a plain value (see `EngineSnapshot`); refused while a hook runs. */
  snapshot(): EngineSnapshot {
    const model = modelValue(this.model);
    return {
      model,
      scheduler: this.scheduler.value(),
      unitFiles: model.units.map((u) => [u.name, this.saveUnitFiles(u.name)] as const),
    };
  }

  /**
   * Returns the model to a snapshot's state: every application, unit,
   * relation, bag, secret and the uniter's books, the scheduler, and each
   * unit's files. The snapshot's applications must be known to this driver
   * (added to it, with their charms: the code is not in the value). Refused
   * while a hook runs. `hooks` and `marks` are history and stay as they are.
   */
  restore(snapshot: EngineSnapshot): void {
    for (const u of this.model.units.values()) if (u.uniter.running) throw new ModelError(`cannot restore while ${u.name} runs a hook`);
    for (const app of snapshot.model.applications) {
      if (!this.knowsCharmOf(app.name)) throw new ModelError(`cannot restore: application ${app.name}'s charm is not known to this driver (add the application first)`);
    }
    const kept = new Set(snapshot.model.units.map((u) => u.name));
    for (const name of this.model.units.keys()) if (!kept.has(name)) this.unitForgotten(name);
    restoreModel(this.model, snapshot.model);
    this.scheduler.restore(snapshot.scheduler);
    const files = new Map(snapshot.unitFiles);
    for (const unit of this.model.units.values()) this.restoreUnitFiles(unit, files.get(unit.name));
  }

  /** A unit that a restored model never had: the driver drops what it kept of it (its files). */
  protected abstract unitForgotten(unit: string): void;

  /** Whether the driver has the charm of this application (`restore` needs it). */
  protected abstract knowsCharmOf(app: string): boolean;

  // ------------------------------------------------------------ running ---

  onHook(listener: (record: HookRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sees every `juju-log` line of every unit as it is written (`relgen sim --log`). Returns a function that stops it. */
  onLog(listener: (unit: string, entry: LogEntry) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** Milliseconds since the model was created. */
  elapsedMs(): number {
    return performance.now() - this.origin;
  }

  /** Marks a step of the run now (`relgen sim` marks each `--then` step): the timeline draws it. */
  mark(label: string): void {
    this.marks.push({ atMs: this.elapsedMs(), label });
  }

  /**
   * Stops the run loops, as an interrupted agent stops: no hook starts from
   * now on (`step()` finds nothing, `runUntilQuiet` and `settle` return), and
   * the hooks running now are killed where they are processes (the
   * simulator). Then `close()`. For a signal such as SIGINT.
   */
  interrupt(): void {
    this.interrupted = true;
    for (const ctx of this.contexts.values()) if (ctx.active) this.killHook(ctx);
  }

  /** Runs one hook, the scheduler's choice among what may run; null when nothing can run (or after `interrupt()`). */
  step(): Promise<HookRecord | null> {
    return this.serialized(async () => {
      if (this.interrupted) return null;
      const next = this.scheduler.pick(this.model.presentUnits(), (u) => runnable(this.model, u, this.uniter));
      return next ? this.runEvent(next.unit, next.event) : null;
    });
  }

  /**
   * Runs hooks until none may run; throws `SimulationNotQuietError` after
   * `maxHooks` (default 10 000). With `jobs` above 1, hooks of different units
   * run at the same time, as the units of a Juju model do (each unit still runs
   * one hook at a time); the order then depends on timing, where one job keeps
   * a seeded run reproducible.
   */
  async runUntilQuiet(options: { maxHooks?: number; jobs?: number } = {}): Promise<{ hooksRun: number }> {
    const records = await this.runLoop({ maxHooks: options.maxHooks ?? 10_000, jobs: options.jobs ?? this.jobs, stopOnFailure: false });
    return { hooksRun: records.length };
  }

  /**
   * Runs hooks until none may run and returns their records. A failed hook
   * throws `HookFailedError` (once the hooks running beside it end) unless
   * `allowFailures` (then it is retried as Juju does). `jobs` as in `runUntilQuiet`.
   */
  settle(options: { maxHooks?: number; allowFailures?: boolean; jobs?: number } = {}): Promise<HookRecord[]> {
    return this.runLoop({ maxHooks: options.maxHooks ?? 10_000, jobs: options.jobs ?? this.jobs, stopOnFailure: options.allowFailures !== true });
  }

  /**
   * The one run loop: starts what the scheduler picks among the hooks the
   * uniter's rules allow, up to `jobs` at once (of different units), until
   * nothing may run, `maxHooks` hooks have started, `interrupt()` is called,
   * or (with `stopOnFailure`) a hook failed. Returns the records in the order
   * the hooks ended.
   */
  private runLoop(options: { maxHooks: number; jobs: number; stopOnFailure: boolean }): Promise<HookRecord[]> {
    return this.serialized(async () => {
      newRunLoop(this.model.presentUnits(), this.autoRetry);
      const records: HookRecord[] = [];
      const running = new Set<Promise<unknown>>();
      let started = 0;
      let failed: HookRecord | null = null;
      for (;;) {
        while (running.size < Math.max(1, options.jobs) && started < options.maxHooks && !this.interrupted && failed === null) {
          const next = this.scheduler.pick(this.model.presentUnits(), (u) => runnable(this.model, u, this.uniter));
          if (!next) break;
          started++;
          const run: Promise<unknown> = this.runEvent(next.unit, next.event)
            .then((record) => {
              records.push(record);
              if (!record.ok && options.stopOnFailure) failed ??= record;
            })
            .finally(() => running.delete(run));
          running.add(run);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      if (failed) throw new HookFailedError(failed);
      if (started >= options.maxHooks && !this.interrupted && this.hasWork()) throw new SimulationNotQuietError(started, this.pending());
      return records;
    });
  }

  /**
   * Runs one hook of a unit now. When it is one the unit would run next (one
   * of its runnable hooks, as `pending()` lists them, or the retry of its
   * failed hook), it counts as that hook: Juju's consequences follow as when
   * the scheduler picks it. Otherwise it is ad hoc, run on its own as
   * `juju exec` runs a command in a hook context: its relation-set writes
   * (and leader-set, status-set, secrets) take effect as any hook's do, but
   * it changes none of the uniter's books: no start-up stage, no remote
   * unit or version seen, no failure that blocks the unit. Its record says
   * `adhoc: true`. A removed unit runs nothing.
   */
  deliver(spec: HookSpec): Promise<HookRecord> {
    return this.serialized(async () => {
      const unit = this.model.unit(spec.unit);
      if (unit.life === "removed") throw new ModelError(`unit ${spec.unit} is removed: it runs no more hooks`);
      const u = unit.uniter;
      // The retry of a failed hook is what the unit runs next, even once this run loop's retries are used up.
      const candidates = u.failing ? [u.failing.event] : runnable(this.model, unit, this.uniter).events;
      const wanted = (ev: HookEvent): boolean =>
        hookName(ev) === spec.hook &&
        (spec.remoteUnit === undefined || (ev.remoteUnit ?? "") === spec.remoteUnit) &&
        (spec.relationId === undefined || ev.relationId === relationNumber(spec.relationId));
      const next = candidates.find(wanted);
      return next ? this.runEvent(unit, next, false) : this.runEvent(unit, this.adhocEvent(unit, spec), true);
    });
  }

  /**
   * `juju run <unit> <action> k=v...`: runs an action on a unit once no hook
   * runs (queued behind the running hook, as the uniter runs one operation at
   * a time), with `JUJU_ACTION_NAME`, `JUJU_ACTION_UUID` and the action tools;
   * a unit in error runs it too, as Juju's does, and stays in error. Resolves
   * to its status, results, progress messages and failure message. See actions.ts.
   */
  runAction(unit: string, name: string, params: Readonly<Record<string, unknown>> = {}): Promise<ActionOutcome> {
    return this.serialized(() =>
      performAction(this.model, unit, name, params, {
        open: (u, event, hook) => this.openContext(u, event, hook),
        execute: (u, event, ctx) => this.execute(u, event, ctx),
        close: (ctx, ok) => this.closeContext(ctx, ok),
      }),
    );
  }

  private hasWork(): boolean {
    return Scheduler.candidates(this.model.presentUnits(), (u) => runnable(this.model, u, this.uniter)).fresh.length > 0 ||
      this.model.presentUnits().some((u) => u.uniter.failing && !u.uniter.failing.exhausted);
  }

  protected serialized<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the model is closed"));
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** An event for a hook run by hand, from its name. */
  protected adhocEvent(unit: Unit, spec: HookSpec): HookEvent {
    const { kind, endpoint } = parseHookName(spec.hook);
    if (!endpoint) return { kind };
    const rel =
      spec.relationId !== undefined
        ? this.model.relation(relationNumber(spec.relationId))
        : this.model.relationsOf(unit.app).find((r) => this.model.endOf(r, unit.app)?.endpoint === endpoint);
    if (!rel) throw new ModelError(`no relation on endpoint ${endpoint} of ${unit.app} for hook ${spec.hook}`);
    const end = this.model.endOf(rel, unit.app);
    if (!end) throw new ModelError(`relation ${rel.id} (${rel.key}) is not a relation of ${unit.app}: no hook ${spec.hook} for ${unit.name}`);
    if (end.endpoint !== endpoint) throw new ModelError(`relation ${rel.id} is on endpoint ${end.endpoint} of ${unit.app}, not ${endpoint}: no hook ${spec.hook} for it`);
    if (rel.life === "removed") throw new ModelError(`relation ${rel.id} (${rel.key}) is removed: no hook ${spec.hook} for it`);
    return {
      kind,
      relationId: rel.id,
      endpoint,
      remoteApp: this.model.remoteAppOf(rel, unit.app),
      remoteUnit: spec.remoteUnit ?? "",
      ...(spec.departingUnit ? { departingUnit: spec.departingUnit } : {}),
    };
  }

  /**
   * Opens a hook context by hand, for code that calls the hook tools itself
   * (tests of a backend, `execInHook`): returns the context and the hook's
   * `JUJU_*` environment. Close it with `closeContext(ctx, ok)`.
   */
  protected openManual(spec: HookSpec, charmDir: string, socketPath?: string): { ctx: HookContext; env: Record<string, string> } {
    const unit = this.model.unit(spec.unit);
    const event = this.adhocEvent(unit, spec);
    const ctx = this.openContext(unit, event, spec.hook);
    return { ctx, env: this.jujuEnv(unit, spec.hook, event, ctx.id, charmDir, socketPath) };
  }

  /** Opens a hook context for `unit` (its tools are served from it until it is closed). */
  protected openContext(unit: Unit, event: HookEvent | null, hook: string): HookContext {
    const id = `${unit.name}-${hook}-${randomBytes(12).toString("hex")}`;
    const ctx = new HookContext(id, hook, this.model, unit, event, this.faults.intercept);
    if (this.logListeners.size > 0) ctx.onLog = (entry) => this.logListeners.forEach((listener) => listener(unit.name, entry));
    this.contexts.set(id, ctx);
    return ctx;
  }

  /** Closes a hook context: its relation-set writes are committed when `ok`, dropped otherwise. */
  protected closeContext(ctx: HookContext, ok: boolean): void {
    ctx.active = false;
    this.contexts.delete(ctx.id);
    if (ok) ctx.commit();
    else ctx.discard();
  }

  /** The open hook context with this id (`JUJU_CONTEXT_ID`). */
  protected context(id: string): HookContext | undefined {
    return this.contexts.get(id);
  }

  /** The hook environment's `JUJU_*` variables for a unit. */
  protected jujuEnv(unit: Unit, hook: string, event: HookEvent | null, contextId: string, charmDir: string, socketPath?: string): Record<string, string> {
    return jujuHookEnv({
      unit, hook, event, contextId, charmDir,
      modelName: this.modelName, modelUuid: this.modelUuid, jujuVersion: this.jujuVersion,
      ...(socketPath !== undefined ? { socketPath } : {}),
    });
  }

  /** Runs a hook and records it; an `adhoc` one (see `deliver`) changes no uniter books. */
  private async runEvent(unit: Unit, event: HookEvent, adhoc = false): Promise<HookRecord> {
    const hook = hookName(event);
    const u = unit.uniter;
    const attempt = !adhoc && u.failing && u.failing.event === event ? u.failing.attempts + 1 : 1;
    // Marked before anything awaits, so that the unit is busy for the scheduler at once.
    u.running = event;
    const startedMs = this.elapsedMs();
    const ctx = this.openContext(unit, event, hook);
    let outcome: ExecOutcome;
    try {
      outcome = await this.execute(unit, event, ctx);
    } finally {
      u.running = null;
    }
    this.closeContext(ctx, outcome.ok);
    // An ad-hoc hook changes the model by its own writes only (committed above when it succeeded).
    if (!adhoc) {
      if (outcome.ok) hookSucceeded(this.model, unit, event);
      else hookFailed(unit, event, this.maxHookRetries, this.autoRetry);
    }
    const record: HookRecord = {
      seq: this.hooks.length + 1,
      unit: unit.name,
      app: unit.app,
      hook,
      relationId: isRelationKind(event.kind) ? `${event.endpoint}:${event.relationId}` : null,
      remoteUnit: event.remoteUnit ?? "",
      remoteApp: event.remoteApp ?? "",
      departingUnit: event.departingUnit ?? "",
      attempt,
      ok: outcome.ok,
      exitCode: outcome.exitCode,
      signal: outcome.signal ?? null,
      timedOut: outcome.timedOut ?? false,
      missingHandler: outcome.missingHandler ?? false,
      ...(outcome.spawnError ? { spawnError: outcome.spawnError } : {}),
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      startedMs,
      durationMs: outcome.durationMs,
      logs: ctx.logs,
      trace: ctx.trace,
      stdout: outcome.stdout ?? "",
      stderr: outcome.stderr ?? "",
      status: this.status(unit.name),
      flags: this.flags(unit.name),
      ...(adhoc ? { adhoc: true as const } : {}),
    };
    return this.record(record);
  }

  /** Keeps a hook's record and tells the listeners; a driver may add what it knows of the hook (the harness: the runtime's result). */
  protected record(record: HookRecord): HookRecord {
    this.hooks.push(record);
    for (const listener of this.listeners) listener(record);
    return record;
  }

}

export { CharmError, ModelError };
