/**
 * The model simulator: a Juju stand-in that deploys a charm's units, runs
 * their hooks as separate processes behind the real hook-tool contract, and
 * delivers events with Juju's ordering guarantees, choosing among the orders
 * Juju allows with a seeded PRNG so that a seed reproduces a run.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { randomInt } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { HookContext } from "./context.js";
import { adhocEvent, eventLabel, hookName, isRelationKind, pickNext, Prng, type SimEvent } from "./events.js";
import { flagsOf, hookEnv, hookHandler, readUnitState, seededUuid, type HookRecord } from "./hook-exec.js";
import { readCharm } from "./metadata.js";
import { Model, type LogEntry, type Status, type UnitState } from "./model.js";
import type { ToolRequest } from "./protocol.js";
import { runProcess } from "./runner.js";
import { ToolServer, type ToolResponse } from "./server.js";
import { installTools, prepareClient, type ClientBinary } from "./client/build.js";
import { SimulationNotQuietError, type ExecOptions, type ExecResult, type PendingEvent, type SimulatorOptions } from "./api.js";
import { redactArgs, runTool, TOOL_NAMES } from "./tools/registry.js";
import type { ConfigValue } from "./tools/types.js";

export class Simulator {
  readonly hooks: HookRecord[] = [];
  private readonly listeners = new Set<(r: HookRecord) => void>();
  private readonly contexts = new Map<string, HookContext>();
  private readonly prng: Prng;
  private seq = 0;
  private lock: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly opts: SimulatorOptions,
    readonly seed: number,
    readonly workDir: string,
    readonly binDir: string,
    readonly client: ClientBinary,
    private readonly model: Model,
    private readonly bindings: ReadonlySet<string>,
    private readonly modelUuid: string,
    private server: ToolServer | null,
  ) {
    this.prng = new Prng(seed);
    if (opts.onHook) this.listeners.add(opts.onHook);
  }

  static async create(options: SimulatorOptions): Promise<Simulator> {
    const charmDir = resolve(options.charmDir);
    const { metadata, configDefaults } = readCharm(charmDir);
    const app = options.app ?? metadata.name ?? "mysql";
    const seed = options.seed ?? randomInt(0, 2 ** 31);
    const workDir = options.workDir ? resolve(options.workDir) : mkdtempSync(join(tmpdir(), "relgen-sim-"));
    mkdirSync(workDir, { recursive: true });
    const binDir = join(workDir, "bin");
    const client = prepareClient({ prefer: options.client ?? "auto" });
    installTools(binDir, client, TOOL_NAMES);
    const unitsDir = join(workDir, "units");
    const model = new Model(
      { app, endpoints: metadata.endpoints, config: { ...configDefaults, ...(options.config ?? {}) }, deliverPeerBroken: options.deliverPeerBroken ?? false },
      (name) => join(unitsDir, name.replace("/", "-"), "charm"),
    );
    const uuidPrng = new Prng(seed ^ 0x5eed5eed);
    const bindings = new Set([...metadata.endpoints.map((e) => e.name), ...metadata.extraBindings]);
    const sim = new Simulator(options, seed, workDir, binDir, client, model, bindings, seededUuid(() => uuidPrng.next()), null);
    let socketPath = join(workDir, "agent.socket");
    if (socketPath.length > 100) socketPath = join(tmpdir(), `relgen-sim-${process.pid}-${seed}-${Date.now()}.socket`);
    sim.server = await ToolServer.listen(socketPath, (req, startedAt) => sim.handleTool(req, startedAt));
    return sim;
  }

  get socketPath(): string {
    return this.server?.socketPath ?? "";
  }

  get app(): string {
    return this.model.app;
  }

  // ------------------------------------------------------------ model ops ---

  /** Adds `n` units; their hooks run on the next `runUntilQuiet`. Returns their names. */
  addUnits(n = 1): string[] {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      const unit = this.model.addUnit();
      mkdirSync(join(unit.charmDir, ".."), { recursive: true });
      cpSync(resolve(this.opts.charmDir), unit.charmDir, {
        recursive: true,
        filter: (src) => !/\.unit-state\.(json|db)$/.test(basename(src)),
      });
      names.push(unit.name);
    }
    return names;
  }

  /** Starts removing a unit: departed hooks on every side, then stop and remove on the unit. */
  removeUnit(name: string): void {
    this.model.removeUnit(name);
  }

  /** Changes application config; every unit gets config-changed if something changed. */
  setConfig(values: Record<string, string | number | boolean | null>): void {
    this.model.setConfig(values);
  }

  /** Writes leader settings as the leader would (non-leaders get leader-settings-changed). */
  leaderSet(values: Record<string, string>): void {
    this.model.writeLeaderSettings(new Map(Object.entries(values)));
  }

  /** `juju resolved [--no-retry]`: clears a unit's failed hook, retrying it unless `retry` is false. */
  resolve(unit: string, options: { retry?: boolean } = {}): void {
    this.model.resolve(this.unitOf(unit), options.retry ?? true);
  }

  // ------------------------------------------------------------ execution ---

  /** Runs hooks until no event is pending; throws `SimulationNotQuietError` after `maxHooks` (default 10 000). */
  async runUntilQuiet(options: { maxHooks?: number } = {}): Promise<{ hooksRun: number }> {
    const max = options.maxHooks ?? 10_000;
    let ran = 0;
    while (ran < max) {
      if (!(await this.step())) return { hooksRun: ran };
      ran++;
    }
    if (this.pickable()) throw new SimulationNotQuietError(ran, this.pending());
    return { hooksRun: ran };
  }

  /** Runs one hook (the PRNG's choice among what may run); null when nothing can run. */
  step(): Promise<HookRecord | null> {
    return this.serialized(async () => {
      const next = pickNext(this.schedulable(), this.prng);
      return next ? this.runHook(next.unit, next.event) : null;
    });
  }

  /**
   * Runs `argv` (a hook tool or any command; PATH has the tools) inside a hook
   * context of `unit` for `hook`, as a hook would: relation-set writes are
   * committed if it exits 0. Not recorded in `hooks`. Handy in tests.
   */
  execInHook(unit: string, hook: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.serialized(async () => {
      const u = this.unitOf(unit);
      const event = adhocEvent(hook, options, (endpoint, id) =>
        id === undefined ? this.model.relationByEndpoint(endpoint) : this.model.relations.get(id),
      );
      const ctx = this.openContext(u, event, hook);
      const stdin = options.stdin === undefined ? undefined : typeof options.stdin === "string" ? Buffer.from(options.stdin) : options.stdin;
      const result = await runProcess({
        command: argv[0]!,
        args: argv.slice(1),
        cwd: u.charmDir,
        env: { ...this.envFor(u, hook, event, ctx.id), ...(options.env ?? {}) },
        timeoutMs: options.timeoutMs ?? this.opts.hookTimeoutMs ?? 30_000,
        maxOutputBytes: 64 * 1024 * 1024,
        ...(stdin ? { stdin } : {}),
      });
      this.closeContext(ctx, result.exitCode === 0 && !result.timedOut);
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr + (result.spawnError ?? ""), trace: ctx.trace, durationMs: result.durationMs };
    });
  }

  onHook(listener: (record: HookRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the simulator is closed"));
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private openContext(unit: UnitState, event: SimEvent | null, hook: string): HookContext {
    const id = `${unit.name}-${hook}-${++this.seq}`;
    const ctx = new HookContext(id, hook, this.model, unit, event, this.bindings);
    this.contexts.set(id, ctx);
    return ctx;
  }

  private closeContext(ctx: HookContext, ok: boolean): void {
    ctx.active = false;
    this.contexts.delete(ctx.id);
    if (ok) ctx.commit();
    else ctx.discard();
  }

  private envFor(unit: UnitState, hook: string, event: SimEvent | null, contextId: string): NodeJS.ProcessEnv {
    return hookEnv({
      unit,
      hook,
      event,
      contextId,
      socketPath: this.socketPath,
      binDir: this.binDir,
      modelName: this.opts.modelName ?? "relgen-sim",
      modelUuid: this.modelUuid,
      jujuVersion: "3.6.4",
      extraEnv: this.opts.env ?? {},
    });
  }

  private async runHook(unit: UnitState, event: SimEvent): Promise<HookRecord> {
    const hook = hookName(event);
    const attempt = unit.failing ? unit.failing.attempts + 1 : 1;
    if (event.kind === "relation-created" && event.relationId !== undefined) unit.visible.add(event.relationId);
    unit.running = event;
    const ctx = this.openContext(unit, event, hook);
    const handler = hookHandler(unit.charmDir, hook);
    const result = handler
      ? await runProcess({
          command: handler,
          args: [],
          cwd: unit.charmDir,
          env: this.envFor(unit, hook, event, ctx.id),
          timeoutMs: this.opts.hookTimeoutMs ?? 30_000,
          maxOutputBytes: this.opts.maxOutputBytes ?? 256 * 1024,
        })
      : { exitCode: 0, signal: null, timedOut: false, stdout: "", stderr: "", durationMs: 0 };
    const ok = result.exitCode === 0 && !result.timedOut;
    this.closeContext(ctx, ok);
    unit.running = null;
    if (ok) this.model.hookSucceeded(unit, event);
    else this.model.hookFailed(unit, event, this.opts.maxHookRetries ?? 5);
    const record: HookRecord = {
      seq: this.hooks.length + 1,
      unit: unit.name,
      hook,
      relationId: isRelationKind(event.kind) ? `${event.endpoint}:${event.relationId}` : null,
      remoteUnit: event.remoteUnit ?? "",
      departingUnit: event.departingUnit ?? "",
      attempt,
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      ok,
      missingHandler: handler === null,
      ...("spawnError" in result && result.spawnError ? { spawnError: result.spawnError } : {}),
      durationMs: result.durationMs,
      trace: ctx.trace,
      stdout: result.stdout,
      stderr: result.stderr,
      status: { ...unit.status },
      flags: this.flags(unit.name),
    };
    this.hooks.push(record);
    for (const l of this.listeners) l(record);
    return record;
  }

  /** Serves one hook-tool call from a client. */
  private handleTool(req: ToolRequest, startedAt: number): ToolResponse {
    const tool = basename(req.argv[0] ?? "");
    const args = req.argv.slice(1);
    const ctx = this.contexts.get(req.contextId);
    if (!ctx || !ctx.active) return { stdout: "", stderr: `ERROR bad request: no active hook context "${req.contextId}"\n`, code: 1 };
    const res = runTool(tool, ctx, args, { cwd: req.cwd || ctx.unit.charmDir, stdin: req.stdin });
    ctx.trace.push({
      tool,
      argv: redactArgs(tool, args),
      stdinBytes: req.stdin?.length ?? 0,
      exitCode: res.code,
      durationMs: performance.now() - startedAt,
    });
    return res;
  }

  // ----------------------------------------------------------- inspection ---

  private unitOf(name: string): UnitState {
    const u = this.model.units.get(name);
    if (!u) throw new Error(`no unit ${name}`);
    return u;
  }

  private schedulable(): UnitState[] {
    return [...this.model.units.values()].sort((a, b) => a.number - b.number);
  }

  private pickable(): boolean {
    return pickNext(this.schedulable(), new Prng(0)) !== null;
  }

  /** Units present in the model (alive or dying; not yet removed), in unit order. */
  units(): string[] {
    return this.model.presentUnits().map((u) => u.name);
  }

  /** Every unit ever added, with its life: "alive", "dying" or "removed". */
  allUnits(): Array<{ name: string; life: UnitState["life"]; address: string; charmDir: string }> {
    return [...this.model.units.values()].map((u) => ({ name: u.name, life: u.life, address: u.address, charmDir: u.charmDir }));
  }

  leader(): string | null {
    return this.model.leader;
  }

  leaderSettings(): Record<string, string> {
    return Object.fromEntries(this.model.leaderSettings);
  }

  config(): Record<string, ConfigValue> {
    return { ...this.model.config };
  }

  /** The relation id (`cluster:0`) of an endpoint; default the first peer endpoint. */
  relationId(endpoint?: string): string {
    const rel = endpoint ? this.model.relationByEndpoint(endpoint) : [...this.model.relations.values()][0];
    if (!rel) throw new Error(endpoint ? `no relation on endpoint ${endpoint}` : "the charm has no peer relation");
    return `${rel.endpoint}:${rel.id}`;
  }

  /** A unit's committed databag in the relation of `endpoint` (default: the first peer endpoint). */
  databag(unit: string, endpoint?: string): Record<string, string> {
    const rel = this.model.relations.get(Number(this.relationId(endpoint).split(":")[1]))!;
    return Object.fromEntries(rel.unitBags.get(unit) ?? []);
  }

  /** The application's committed databag in the relation of `endpoint`. */
  appDatabag(endpoint?: string): Record<string, string> {
    const rel = this.model.relations.get(Number(this.relationId(endpoint).split(":")[1]))!;
    return Object.fromEntries(rel.appBags.get(this.model.app) ?? []);
  }

  status(unit: string): Status {
    return { ...this.unitOf(unit).status };
  }

  appStatus(): Status {
    return { ...this.model.appStatus };
  }

  workloadVersion(unit: string): string {
    return this.unitOf(unit).workloadVersion;
  }

  logs(unit: string): readonly LogEntry[] {
    return [...this.unitOf(unit).logs];
  }

  charmDir(unit: string): string {
    return this.unitOf(unit).charmDir;
  }

  /** The parsed `<unit charm dir>/.unit-state.json`, or null. */
  unitState(unit: string): Record<string, unknown> | null {
    return readUnitState(this.unitOf(unit).charmDir);
  }

  /** The unit's flags from `.unit-state.json` (`[]` when none). */
  flags(unit: string): string[] {
    return flagsOf(readUnitState(this.unitOf(unit).charmDir));
  }

  /** Events not yet delivered, per unit (including failed hooks awaiting retry). */
  pending(): PendingEvent[] {
    const out: PendingEvent[] = [];
    for (const u of this.model.units.values()) {
      if (u.life === "removed") continue;
      if (u.failing) out.push({ unit: u.name, event: eventLabel(u.failing.event), state: u.failing.exhausted ? "failed" : "retrying" });
      if (u.forced) out.push({ unit: u.name, event: eventLabel(u.forced), state: "queued" });
      for (const e of u.queue) out.push({ unit: u.name, event: eventLabel(e), state: "queued" });
    }
    return out;
  }

  /** Units whose last run of a hook failed and has not succeeded since. */
  failures(): Array<{ unit: string; hook: string; attempts: number; exhausted: boolean }> {
    return [...this.model.units.values()]
      .filter((u) => u.failing && u.life !== "removed")
      .map((u) => ({ unit: u.name, hook: eventLabel(u.failing!.event), attempts: u.failing!.attempts, exhausted: u.failing!.exhausted }));
  }

  /** Stops the tool server and removes the work dir (unless it was given or `keepWorkDir`). */
  async close(options: { keepWorkDir?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    await this.lock;
    this.closed = true;
    await this.server?.close();
    const keep = options.keepWorkDir ?? this.opts.keepWorkDir ?? this.opts.workDir !== undefined;
    if (!keep) rmSync(this.workDir, { recursive: true, force: true });
  }
}
