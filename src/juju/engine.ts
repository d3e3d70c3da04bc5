/**
 * The one Juju both drivers share: model operations (applications, units,
 * relations, config, leadership), the run loop that asks the uniter's rules
 * what may run and the scheduler what runs next, hook contexts, records, and
 * inspection. A driver adds only how a hook is executed: in this process
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
import { eventLabel, hookName, isRelationKind, parseHookName, type HookEvent } from "./events.js";
import { checkRelationLimits, matchEndpoints, parseEndpointRef, type AppEndpoint } from "./endpoints.js";
import type { Bundle, BundleApplication } from "./bundle.js";
import { parseSecretUri } from "./secrets.js";
import { CharmError } from "./metadata.js";
import { appOf, Model, ModelError, type Relation, type Status, type Unit, type LogEntry } from "./model.js";
import { Prng, Scheduler, type SchedulerValue } from "./scheduler.js";
import { modelValue, restoreModel, type ModelValue } from "./value.js";
import type { ConfigValue } from "./tools/types.js";
import {
  hookFailed, hookSucceeded, newRunLoop, resolveUnit, runnable, startApplicationRemoval, startRelationRemoval, startRemoval, type UniterOptions,
} from "./uniter.js";
import { relationLocal } from "./uniter-state.js";
import { ModelView, relationNumber } from "./inspection.js";
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

export abstract class JujuEngine<Charm> extends ModelView {
  /** The PRNG seed, or null for first-in-first-out order. */
  readonly seed: number | null;
  protected readonly uniter: UniterOptions;
  protected readonly maxHookRetries: number;
  protected readonly autoRetry: boolean;
  protected readonly modelName: string;
  protected readonly modelUuid: string;
  protected readonly jujuVersion: string;
  /** Hooks of different units run at the same time (see `runUntilQuiet`). */
  protected readonly jobs: number;
  /** The most units the model holds at once (see `EngineOptions.maxUnits`). */
  readonly maxUnits: number;
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
    super();
    this.seed = options.seed ?? null;
    this.scheduler = new Scheduler(this.seed, options.choose ?? null);
    this.uniter = { deliverPeerBroken: options.deliverPeerBroken ?? false };
    this.maxHookRetries = options.maxHookRetries ?? 5;
    this.autoRetry = options.automaticallyRetryHooks ?? true;
    this.modelName = options.modelName ?? "relgen";
    this.jujuVersion = options.jujuVersion ?? "3.6.4";
    this.jobs = options.jobs ?? 1;
    this.maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS;
    if (!Number.isSafeInteger(this.maxUnits) || this.maxUnits < 0) throw new RangeError(`maxUnits must be a whole number, 0 or more, not ${this.maxUnits}`);
    const uuidPrng = new Prng((this.seed ?? 0) ^ 0x5eed5eed);
    this.modelUuid = seededUuid(() => uuidPrng.next());
    this.model.secrets.modelUuid = this.modelUuid;
    if (options.onHook) this.listeners.add(options.onHook);
  }

  /** Reads and checks a charm; throws a clear error when it cannot be deployed. */
  protected abstract prepareCharm(app: string, charm: Charm): PreparedCharm;
  /** Called once the charm passed its checks and the application exists. */
  protected abstract applicationAdded(app: string, charm: Charm): void;
  /** Prepares a new unit (its charm directory, its state store...); `charm` when it runs another charm than its application's. */
  protected abstract unitAdded(unit: Unit, charm?: Charm): void;
  /** Runs one hook of a unit in the given context. Never throws. */
  protected abstract execute(unit: Unit, event: HookEvent, ctx: HookContext): Promise<ExecOutcome>;
  /** A unit's own files (what its charm keeps between hooks), as a plain value. */
  protected abstract saveUnitFiles(unit: string): unknown;
  /** Puts back a unit's own files (`undefined`: as a new unit's), preparing the unit first when the driver does not have it yet. */
  protected abstract restoreUnitFiles(unit: Unit, files: unknown): void;
  // ------------------------------------------------------------ model ops ---

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
    const max = options.maxHooks ?? 10_000;
    const jobs = options.jobs ?? this.jobs;
    newRunLoop(this.model.presentUnits(), this.autoRetry);
    if (jobs <= 1) {
      let ran = 0;
      while (ran < max) {
        if (!(await this.step())) return { hooksRun: ran };
        ran++;
      }
      if (!this.interrupted && this.hasWork()) throw new SimulationNotQuietError(ran, this.pending());
      return { hooksRun: ran };
    }
    return this.serialized(async () => {
      let started = 0;
      const running = new Set<Promise<unknown>>();
      for (;;) {
        while (running.size < jobs && started < max && !this.interrupted) {
          const next = this.scheduler.pick(this.model.presentUnits(), (u) => runnable(this.model, u, this.uniter));
          if (!next) break;
          started++;
          const run: Promise<unknown> = this.runEvent(next.unit, next.event).finally(() => running.delete(run));
          running.add(run);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
      if (started >= max && !this.interrupted && this.hasWork()) throw new SimulationNotQuietError(started, this.pending());
      return { hooksRun: started };
    });
  }

  /**
   * Runs hooks until none may run and returns their records. A failed hook
   * throws `HookFailedError` unless `allowFailures` (then it is retried as Juju does).
   */
  async settle(options: { maxHooks?: number; allowFailures?: boolean } = {}): Promise<HookRecord[]> {
    const start = this.hooks.length;
    const max = options.maxHooks ?? 10_000;
    newRunLoop(this.model.presentUnits(), this.autoRetry);
    for (let ran = 0; ; ran++) {
      if (ran >= max) {
        if (!this.interrupted && this.hasWork()) throw new SimulationNotQuietError(ran, this.pending());
        break;
      }
      const record = await this.step();
      if (!record) break;
      if (!record.ok && !options.allowFailures) throw new HookFailedError(record);
    }
    return this.hooks.slice(start);
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

export { CharmError, ModelError };
