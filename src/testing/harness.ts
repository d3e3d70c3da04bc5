/**
 * The in-process driver of relgen's one Juju: applications whose charms are
 * `run` functions, their hooks run in this process by the same uniter rules
 * and hook-tool implementations as the simulator's. The backend a hook sees
 * calls those tools directly (no process, no socket), so a hook costs well
 * under a millisecond. Hooks run first in, first out, or in the order a seed
 * picks, as in the simulator: one at a time by default, or, with `jobs: n`,
 * up to n hooks of different units at once (each unit still runs one at a
 * time; the order then depends on timing). Several harnesses may run at once
 * in one process (a test runner's `Promise.all`, concurrent tests): a charm
 * object keeps each hook's endpoints in that hook's async context, so the
 * same charm module serves them all.
 *
 *     const h = new Harness();
 *     h.addApplication("mysql", { metadata: mysqlMetadata, run: (o) => cluster.run(o) }, 3);
 *     h.addApplication("webapp", { metadata: webappMetadata, run: (o) => client.run(o) }, 2);
 *     h.relate("webapp:database", "mysql:database");
 *     await h.settle();
 *     expect(h.flags("webapp/0")).toContain("database.available");
 *     const { status, results } = await h.runAction("mysql/0", "get-cluster-status");
 *
 * `runAction(unit, name, params)` (from the engine, src/juju/actions.ts) runs
 * an action between hooks with the charm's `run` function and the action's
 * environment, and resolves to `{ status: "completed" | "failed", results,
 * logs, message }` (and its id, trace and exit code).
 */
import { stringify } from "yaml";
import type { HookContext, ToolCall } from "../juju/context.js";
import { JujuEngine, type ApplicationOptions, type EngineOptions, type ExecOutcome, type HookRecord, type HookSpec, type PreparedCharm } from "../juju/engine.js";
import { hookName, type HookEvent } from "../juju/events.js";
import { ContextBackend } from "./context-backend.js";
import { parseMetadata, type CharmMetadata } from "../juju/metadata.js";
import type { Unit } from "../juju/model.js";
import type { ConfigValue } from "../juju/tools/types.js";
import type { Backend } from "../runtime/backend.js";
import type { HookResult, RunHookOptions } from "../runtime/hook.js";
import { EMPTY_STATE, MemoryStateStore, parseState, serializeState } from "../runtime/state.js";
import { MemoryShownStatus, type ShownStatus } from "../runtime/shown-status.js";
import { runDocument, timelineOf, type RunDocument } from "../report/index.js";

/** Runs one hook: usually `(options) => charm.run(options)`. */
export type RunFunction = (options: RunHookOptions) => Promise<HookResult>;

/** A charm for the harness: its metadata and the function that runs a hook. */
export interface HarnessCharm {
  /** `metadata.yaml` as text, or as the object it parses to (`{ name, peers, provides, requires }`). */
  readonly metadata: string | Readonly<Record<string, unknown>>;
  readonly run: RunFunction;
  /** Option defaults, as `config.yaml` would give them. */
  readonly config?: Readonly<Record<string, ConfigValue>>;
}

export interface HarnessOptions extends EngineOptions {
  /** Shorthand for one application with one peer endpoint: its name ... */
  readonly app?: string;
  /** ... its peer endpoint ... */
  readonly peer?: string;
  /** ... and its run function. */
  readonly run?: RunFunction;
  /** Variables added to every hook's environment, beside Juju's (as the simulator's `env`): e.g. `{ RELGEN_READ: "all" }`. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What the harness keeps of a unit between hooks, in a snapshot: its runtime state (as `.unit-state.json` holds it) and the status its runtime remembers showing. */
export interface HarnessUnitFiles {
  readonly state: string;
  readonly shownStatus: ShownStatus | null;
}

/** A hook the harness ran, with what the runtime reported. */
export type HarnessRecord = HookRecord & { readonly result: HookResult };

export { HookFailedError as HarnessError, SimulationNotQuietError, type HookRecord, type PendingEvent, type HookSpec, type RelationSummary } from "../juju/engine.js";

export class Harness extends JujuEngine<HarnessCharm> {
  readonly #charms = new Map<string, HarnessCharm>();
  /** Units that run another charm than their application's. */
  readonly #unitCharms = new Map<string, HarnessCharm>();
  readonly #states = new Map<string, MemoryStateStore>();
  /** What Juju shows as each unit's status, remembered for its hooks and its actions alike. */
  readonly #shown = new Map<string, MemoryShownStatus>();
  #override: RunFunction | null = null;
  /** What the runtime reported of each unit's running hook, until its record is made (one hook at a time per unit). */
  readonly #results = new Map<string, HookResult>();

  /** Variables added to every hook's environment. */
  readonly #env: Readonly<Record<string, string>>;

  constructor(options: HarnessOptions = {}) {
    super(options);
    this.#env = { ...(options.env ?? {}) };
    if (options.app !== undefined) {
      if (!options.run) throw new Error("Harness: { app } needs { run } too");
      const metadata = { name: options.app, ...(options.peer ? { peers: { [options.peer]: { interface: options.peer } } } : {}) };
      this.addApplication(options.app, { metadata, run: options.run });
    }
  }

  protected prepareCharm(app: string, charm: HarnessCharm): PreparedCharm {
    if (typeof charm.run !== "function") throw new Error(`application ${app}: the charm needs a run function`);
    const text = typeof charm.metadata === "string" ? charm.metadata : stringify(charm.metadata);
    const metadata: CharmMetadata = parseMetadata(text, `metadata of ${app}`);
    return { metadata, configDefaults: { ...(charm.config ?? {}) } };
  }

  protected applicationAdded(app: string, charm: HarnessCharm): void {
    this.#charms.set(app, charm);
  }

  protected unitAdded(unit: Unit, charm?: HarnessCharm): void {
    this.#states.set(unit.name, new MemoryStateStore());
    this.#shown.set(unit.name, new MemoryShownStatus());
    if (charm) this.#unitCharms.set(unit.name, charm);
  }

  protected async execute(unit: Unit, event: HookEvent, ctx: HookContext): Promise<ExecOutcome> {
    const run = this.#override ?? (this.#unitCharms.get(unit.name) ?? this.#charms.get(unit.app)!).run;
    const hook = hookName(event);
    const env = { ...this.#env, ...this.jujuEnv(unit, hook, event, ctx.id, this.charmDir(unit.name)) };
    const started = performance.now();
    try {
      const result = await run({ backend: new ContextBackend(ctx), env, state: this.#states.get(unit.name)!, shownStatus: this.#shown.get(unit.name)!, setExitCode: false });
      this.#results.set(unit.name, result);
      return { ok: result.ok, exitCode: result.ok ? 0 : 1, durationMs: performance.now() - started, ...(result.error !== undefined ? { error: result.error } : {}) };
    } catch (e) {
      const error = `the hook threw: ${e instanceof Error ? e.message : String(e)}`;
      this.#results.set(unit.name, { ok: false, hook, unit: unit.name, flags: this.flags(unit.name), ran: [], relationSets: 0, error });
      return { ok: false, exitCode: 1, durationMs: performance.now() - started, error };
    }
  }

  /** The record of a hook with what the runtime reported of it (`HarnessRecord.result`). */
  protected override record(record: HookRecord): HarnessRecord {
    const result = this.#results.get(record.unit);
    this.#results.delete(record.unit);
    const withResult: HookRecord = result ? ({ ...record, result } as HarnessRecord) : record;
    return super.record(withResult) as HarnessRecord;
  }

  protected knowsCharmOf(app: string): boolean {
    return this.#charms.has(app);
  }

  protected unitForgotten(unit: string): void {
    this.#states.delete(unit);
    this.#shown.delete(unit);
    this.#unitCharms.delete(unit);
  }

  /** A unit's runtime state (what `.unit-state.json` holds) and the status the runtime remembers showing. */
  protected saveUnitFiles(unit: string): HarnessUnitFiles {
    return { state: serializeState(this.stateStore(unit).load()), shownStatus: structuredClone(this.#shown.get(unit)!.read()) ?? null };
  }

  protected restoreUnitFiles(unit: Unit, files: unknown): void {
    if (!this.#states.has(unit.name)) this.unitAdded(unit);
    const f = files as HarnessUnitFiles | undefined;
    // The same store objects: whoever holds one (a test, a hook's closure) sees the restored state.
    this.#states.get(unit.name)!.save(f ? parseState(JSON.parse(f.state), `the snapshot of ${unit.name}`) : EMPTY_STATE);
    this.#shown.get(unit.name)!.write(f?.shownStatus ? structuredClone(f.shownStatus) : undefined);
  }

  /** The `JUJU_CHARM_DIR` hooks see (nothing is on disk: state lives in memory). */
  charmDir(unit: string): string {
    return `/relgen-harness/${unit.replace("/", "-")}/charm`;
  }

  unitState(unit: string): Record<string, unknown> | null {
    const store = this.#states.get(unit);
    return store ? (JSON.parse(serializeState(store.load())) as Record<string, unknown>) : null;
  }

  /** The unit's flags, from its runtime state. */
  flags(unit: string): string[] {
    return [...(this.#states.get(unit)?.load().flags ?? [])];
  }

  /** The unit's state store (what `runHook` loads and saves). */
  stateStore(unit: string): MemoryStateStore {
    const store = this.#states.get(unit);
    if (!store) throw new Error(`no unit ${unit}`);
    return store;
  }

  /**
   * Runs one hook of a unit now (see `JujuEngine.deliver`), optionally with
   * another run function for this hook only (other handlers, a probe...).
   */
  override async deliver(spec: HookSpec, run?: RunFunction): Promise<HarnessRecord> {
    this.#override = run ?? null;
    try {
      return (await super.deliver(spec)) as HarnessRecord;
    } finally {
      this.#override = null;
    }
  }

  /**
   * A hook context opened by hand, with the backend a hook of `unit` would
   * get. `finish(true)` commits its relation-set writes as a successful hook
   * would; `finish(false)` drops them.
   */
  openHook(spec: HookSpec): { backend: Backend; env: Record<string, string>; trace: readonly ToolCall[]; finish(ok: boolean): void } {
    const { ctx, env } = this.openManual(spec, this.charmDir(spec.unit));
    return { backend: new ContextBackend(ctx), env, trace: ctx.trace, finish: (ok) => this.closeContext(ctx, ok) };
  }

  /** Every hook run so far, with what the runtime reported. */
  get records(): readonly HarnessRecord[] {
    return this.hooks as HarnessRecord[];
  }

  /** Runs hooks until none may run (see `JujuEngine.settle`). */
  override async settle(options: { maxHooks?: number; allowFailures?: boolean; jobs?: number } = {}): Promise<HarnessRecord[]> {
    return (await super.settle(options)) as HarnessRecord[];
  }

  /** The run as data: the document `relgen sim --format json` prints, every hook so far (docs/sim-run-format.md). */
  toJSON(): RunDocument {
    return runDocument(this);
  }

  /** The run as a picture: the SVG `relgen sim --timeline FILE.svg` writes, or its HTML page. */
  timeline(format: "svg" | "html" = "svg"): string {
    return timelineOf(this, format);
  }

  // ------------------------------------------------- one-application shorthands ---

  /** A unit's committed bag on its application's first peer relation. */
  bag(unit: string): Record<string, string> {
    return this.databag(unit);
  }

  /** Units in the scope of the only application's first peer relation. */
  members(): string[] {
    const id = Number(this.relationId().split(":")[1]);
    return this.relations().find((r) => r.id === id)?.units.slice() ?? [];
  }
}

export type { ApplicationOptions };
export type { RunDocument, HookDoc, StepDoc, FailureDoc, RelationDoc, UnitDoc, ApplicationDoc } from "../report/index.js";
