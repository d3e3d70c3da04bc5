/**
 * The out-of-process driver of relgen's one Juju: every hook of every unit is
 * a separate process started from the unit's own copy of its charm
 * directory, with Juju's hook environment; the hook tools on its PATH are
 * real executables that reach the simulator over a unix socket, as jujuc
 * reaches the unit agent. The model, the uniter's rules and the tools are
 * the ones the in-process harness uses (`src/juju`).
 */
import { CODE_CACHE_FILE } from "../common/hook-files.js";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { ArgvRefusedError, type HookContext } from "../juju/context.js";
import { JujuEngine, type ExecOutcome, type HookSpec, type PreparedCharm } from "../juju/engine.js";
import { hookName, type HookEvent } from "../juju/events.js";
import { readCharmDir } from "../juju/metadata.js";
import type { Unit } from "../juju/model.js";
import { TOOL_NAMES } from "../juju/tools/registry.js";
import { checkCharmLinks, copyCharm } from "./charm-copy.js";
import { installTools, prepareClient, type ClientBinary } from "./client/build.js";
import type { ExecOptions, ExecResult, SimulatorOptions } from "./api.js";
import { actionHandler, hookHandler, processEnv } from "./hook-exec.js";
import { readStateDocument, stateFlags } from "../runtime/inspect.js";
import { killProcessesWithEnv, workDirProblem } from "./leftovers.js";
import type { ToolRequest } from "./protocol.js";
import { runProcess } from "./runner.js";
import { ToolServer, type ToolResponse } from "./server.js";
import { runDocument, timelineOf, type RunDocument } from "../report/index.js";

export class Simulator extends JujuEngine<string> {
  override readonly seed: number;
  private readonly charmDirs = new Map<string, string>();
  /** The charm directory each unit was copied from (its application's, or another revision's). */
  private readonly unitSources = new Map<string, string>();
  /** Each unit's files as copied (size, modification time): a file still so is the charm's, unread by `saveUnitFiles`. */
  private readonly copied = new Map<string, Map<string, string>>();
  private server: ToolServer | null = null;
  /** How to kill the process of each running hook, by context id (fault injection). */
  private readonly killers = new Map<string, () => void>();
  /** A private directory for the socket when the work dir's path is too long for one. */
  private socketDir: string | null = null;

  private constructor(
    private readonly opts: SimulatorOptions,
    seed: number,
    readonly workDir: string,
    readonly binDir: string,
    readonly client: ClientBinary,
  ) {
    super({ ...opts, seed, modelName: opts.modelName ?? "relgen-sim" });
    this.seed = seed;
  }

  /**
   * Starts a simulator. With `charmDir`, deploys that charm as one application
   * (named `app`, else the charm's name) with no units yet: `addUnits(n)`.
   */
  static async create(options: SimulatorOptions = {}): Promise<Simulator> {
    const seed = options.seed ?? randomInt(0, 2 ** 31);
    const first = options.charmDir === undefined ? undefined : readCharmDir(resolve(options.charmDir));
    const given = options.workDir ? resolve(options.workDir) : undefined;
    const problem = given === undefined ? null : workDirProblem(given);
    if (problem) throw new Error(`Simulator.create: ${problem}`);
    const existed = given !== undefined && existsSync(given);
    const workDir = given ?? mkdtempSync(join(tmpdir(), "relgen-sim-"));
    let sim: Simulator | undefined;
    try {
      mkdirSync(workDir, { recursive: true, mode: 0o700 });
      const binDir = join(workDir, "bin");
      const client = prepareClient({ prefer: options.client ?? "auto" });
      installTools(binDir, client, TOOL_NAMES);
      sim = new Simulator(options, seed, workDir, binDir, client);
      let socketPath = join(workDir, "agent.socket");
      if (socketPath.length > 100) {
        sim.socketDir = mkdtempSync(join(tmpdir(), "relgen-sock-"));
        chmodSync(sim.socketDir, 0o700);
        socketPath = join(sim.socketDir, "agent.socket");
      }
      const started = sim;
      sim.server = await ToolServer.listen(socketPath, (req, startedAt) => started.handleTool(req, startedAt));
      if (first) sim.addApplication(options.app ?? first.metadata.name, first.dir, 0, options.config ? { config: options.config } : {});
      return sim;
    } catch (e) {
      // Leave nothing behind: no server, no socket dir, and the work dir as it was (absent or empty).
      await sim?.close({ keepWorkDir: true }).catch(() => undefined);
      if (existed) for (const entry of readdirSync(workDir)) rmSync(join(workDir, entry), { recursive: true, force: true });
      else rmSync(workDir, { recursive: true, force: true });
      throw e;
    }
  }

  get socketPath(): string {
    return this.server?.socketPath ?? "";
  }

  /** The application deployed by `create({ charmDir })` (or the only one). */
  get app(): string {
    return this.defaultApp();
  }

  protected prepareCharm(_app: string, charm: string): PreparedCharm {
    const dir = readCharmDir(resolve(charm));
    checkCharmLinks(resolve(charm));
    return { metadata: dir.metadata, configDefaults: dir.configDefaults };
  }

  protected applicationAdded(app: string, charm: string): void {
    this.charmDirs.set(app, resolve(charm));
  }

  protected unitAdded(unit: Unit, charm?: string): void {
    const dir = this.charmDir(unit.name);
    mkdirSync(join(dir, ".."), { recursive: true });
    const source = charm === undefined ? this.charmDirs.get(unit.app)! : resolve(charm);
    this.unitSources.set(unit.name, source);
    copyCharm(source, dir); // the real directory, links dereferenced, no .unit-* file: see charm-copy.ts
    this.copied.set(unit.name, new Map(filesUnder(dir).map((path) => [path, stamp(join(dir, path))])));
  }

  protected knowsCharmOf(app: string): boolean {
    return this.charmDirs.has(app);
  }

  protected unitForgotten(unit: string): void {
    rmSync(join(this.charmDir(unit), ".."), { recursive: true, force: true });
    this.unitSources.delete(unit);
    this.copied.delete(unit);
  }

  /** What the unit's hooks wrote in its charm directory: every file that is new or differs from the charm's (base64). */
  protected saveUnitFiles(unit: string): SimUnitFiles {
    const dir = this.charmDir(unit);
    const source = this.unitSources.get(unit);
    const files: [string, string][] = [];
    const copied = this.copied.get(unit);
    for (const path of filesUnder(dir)) {
      if (copied?.get(path) === stamp(join(dir, path))) continue; // as copied from the charm
      if (path === CODE_CACHE_FILE || path === `${CODE_CACHE_FILE}.tmp`) continue; // compiled code, not state
      const content = readFileSync(join(dir, path));
      const original = source === undefined ? null : readOrNull(join(source, path));
      if (original === null || !original.equals(content)) files.push([path, content.toString("base64")]);
    }
    return { files: files.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  }

  /** The unit's charm directory copied afresh from its charm, with the snapshot's files written over it. */
  protected restoreUnitFiles(unit: Unit, files: unknown): void {
    const dir = this.charmDir(unit.name);
    const source = this.unitSources.get(unit.name);
    const wanted = (files as SimUnitFiles | undefined)?.files ?? [];
    if (source !== undefined && JSON.stringify(this.saveUnitFiles(unit.name).files) === JSON.stringify(wanted)) return; // as it is already
    rmSync(dir, { recursive: true, force: true });
    this.unitAdded(unit, source === undefined || source === this.charmDirs.get(unit.app) ? undefined : source);
    for (const [path, base64] of wanted) {
      const target = join(dir, path);
      if (relative(dir, target).startsWith("..")) throw new Error(`restore: ${unit.name}'s file ${JSON.stringify(path)} is outside its charm directory`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, Buffer.from(base64, "base64"));
    }
  }

  /** The unit's own copy of its charm directory. */
  charmDir(unit: string): string {
    return join(this.workDir, "units", unit.replace("/", "-"), "charm");
  }

  /** The runtime state document in the unit's charm directory (`.unit-state.json`), or null. */
  unitState(unit: string): Record<string, unknown> | null {
    return readStateDocument(this.charmDir(unit));
  }

  /** The flags in the unit's state document (relgen's runtime, or any charm that keeps the same file). */
  flags(unit: string): string[] {
    return stateFlags(this.unitState(unit));
  }

  private env(extra: Record<string, string>, juju: Record<string, string>): NodeJS.ProcessEnv {
    return processEnv({ binDir: this.binDir, extraEnv: { ...(this.opts.env ?? {}), ...extra }, juju });
  }

  protected async execute(unit: Unit, event: HookEvent, ctx: HookContext): Promise<ExecOutcome> {
    const hook = hookName(event);
    const charmDir = this.charmDir(unit.name);
    const handler = event.kind === "action" ? actionHandler(charmDir, event.action?.name ?? "") : hookHandler(charmDir, hook);
    if ("missing" in handler) return { ok: true, exitCode: 0, missingHandler: true, durationMs: 0 };
    if ("error" in handler) return { ok: false, exitCode: null, spawnError: handler.error, durationMs: 0 };
    try {
      const result = await runProcess({
        command: handler.path,
        args: [],
        cwd: charmDir,
        env: this.env({}, this.jujuEnv(unit, hook, event, ctx.id, charmDir, this.socketPath)),
        timeoutMs: this.opts.hookTimeoutMs ?? 30_000,
        maxOutputBytes: this.opts.maxOutputBytes ?? 256 * 1024,
        onStart: (kill) => this.killers.set(ctx.id, kill),
      });
      return { ...result, ok: result.exitCode === 0 && !result.timedOut };
    } finally {
      this.killers.delete(ctx.id);
    }
  }

  /**
   * Runs `argv` (a hook tool or any command; PATH has the tools) inside a hook
   * context of `unit` for `hook`, as a hook would: relation-set writes are
   * committed if it exits 0. Not recorded in `hooks`. Handy in tests.
   */
  execInHook(unit: string, hook: string, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.serialized(async () => {
      const spec: HookSpec = { unit, hook, ...pick(options) };
      const { ctx, env } = this.openManual(spec, this.charmDir(unit), this.socketPath);
      const stdin = options.stdin === undefined ? undefined : typeof options.stdin === "string" ? Buffer.from(options.stdin) : options.stdin;
      const result = await runProcess({
        command: argv[0]!,
        args: argv.slice(1),
        cwd: this.charmDir(unit),
        env: this.env(options.env ?? {}, env),
        timeoutMs: options.timeoutMs ?? this.opts.hookTimeoutMs ?? 30_000,
        maxOutputBytes: 64 * 1024 * 1024,
        ...(stdin ? { stdin } : {}),
      });
      this.closeContext(ctx, result.exitCode === 0 && !result.timedOut);
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr + (result.spawnError ?? ""), trace: ctx.trace, durationMs: result.durationMs };
    });
  }

  /**
   * A hook context opened by hand, for code in this process that runs the
   * real hook tools itself (e.g. `HookToolBackend` with `env` and `toolDir`).
   * `finish(true)` commits its relation-set writes; `finish(false)` drops them.
   */
  openHook(spec: HookSpec): { env: NodeJS.ProcessEnv; toolDir: string; context: HookContext; finish(ok: boolean): void } {
    const { ctx, env } = this.openManual(spec, this.charmDir(spec.unit), this.socketPath);
    return { env: this.env({}, env), toolDir: this.binDir, context: ctx, finish: (ok) => this.closeContext(ctx, ok) };
  }

  /** The run as data: the document `relgen sim --format json` prints, every hook so far (docs/sim-run-format.md). */
  toJSON(): RunDocument {
    return runDocument(this);
  }

  /** The run as a picture: the SVG `relgen sim --timeline FILE.svg` writes, or its HTML page. */
  timeline(format: "svg" | "html" = "svg"): string {
    return timelineOf(this, format);
  }

  protected override canKillHooks(): boolean {
    return true;
  }

  protected override killHook(ctx: HookContext): void {
    this.killers.get(ctx.id)?.();
  }

  /** Serves one hook-tool call from a client. */
  private handleTool(req: ToolRequest, startedAt: number): Promise<ToolResponse> | ToolResponse {
    const tool = basename(req.argv[0] ?? "");
    const ctx = this.context(req.contextId);
    if (!ctx || !ctx.active) return { stdout: "", stderr: `ERROR bad request: no active hook context "${req.contextId}"\n`, code: 1 };
    // A request no launched process could make (its argv past what a launch allows) gets the launch's answer.
    return ctx.call(tool, req.argv.slice(1), { cwd: req.cwd || this.charmDir(ctx.unit.name), stdin: req.stdin }, startedAt).catch((e: unknown) => {
      if (!(e instanceof ArgvRefusedError)) throw e;
      return { stdout: "", stderr: `ERROR ${e.message}\n`, code: 1 };
    });
  }

  /**
   * Stops the tool server, kills what the hooks left running (processes that
   * left their hook's process group, found by this simulator's socket in
   * their environment), and removes the work dir (unless it was given or
   * `keepWorkDir`).
   */
  async close(options: { keepWorkDir?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    await this.serialized(async () => undefined).catch(() => undefined);
    this.closed = true;
    if (this.socketPath) killProcessesWithEnv("JUJU_AGENT_SOCKET_ADDRESS", this.socketPath);
    await this.server?.close();
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
    const keep = options.keepWorkDir ?? this.opts.keepWorkDir ?? this.opts.workDir !== undefined;
    if (!keep) rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** What the simulator keeps of a unit in a snapshot: the files its hooks wrote in its charm directory. */
export interface SimUnitFiles {
  readonly files: readonly (readonly [string, string])[];
}

/** Regular files under `dir`, relative, links not followed. */
function filesUnder(dir: string, prefix = ""): string[] {
  let entries;
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : e.isFile() ? [join(prefix, e.name)] : []));
}

/** A file's size and modification time, to tell a file left as it was copied. */
function stamp(path: string): string {
  const s = statSync(path, { bigint: true });
  return `${s.size}:${s.mtimeNs}`;
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function pick(options: ExecOptions): Partial<HookSpec> {
  return {
    ...(options.relationId !== undefined ? { relationId: options.relationId } : {}),
    ...(options.remoteUnit !== undefined ? { remoteUnit: options.remoteUnit } : {}),
    ...(options.departingUnit !== undefined ? { departingUnit: options.departingUnit } : {}),
  };
}
