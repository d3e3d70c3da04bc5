/** `relgen generate [--check] [--watch] [--out DIR] [--runtime SPEC] [SCHEMA...]` */
import { isSystemError } from "../generator/fs-text.js";
import { existsSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { clearTemplateCache } from "../generator/emit/templating.js";
import { GenerationError, SchemaError, SetupError } from "../generator/errors.js";
import { discoverSchemas, expandSchemaArgsWithSiblings } from "../generator/discover.js";
import type { Role } from "../generator/model.js";
import { generate } from "../generator/pipeline.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { checkFiles, isClean, writeFiles } from "../generator/write.js";
import { actionsRuntime, emitActions, readActionsSource, staleActionFiles } from "../generator/actions.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkConfigModule, CONFIG_MODULE, projectConfigModule, writeConfigModule } from "../generator/config/index.js";
import { chooseFromRegistry, ChooseError, chooseVersion, lazyRegistry, parseInterfaceName, registryBase, registryRefs } from "../project/choose.js";
import { DEFAULT_REGISTRY_URL, openRegistry, RegistryError, type Registry } from "../registry/index.js";
import { visible } from "../runtime/text.js";
import { parseOptions, type Io } from "./command-line.js";
import { GeneratedCodeChecker } from "../generator/type-check.js";

export interface GenerateCommandOptions {
  /** Directory that relative paths (schema/, --out, SCHEMA...) are resolved from. Default: the working directory. */
  readonly cwd?: string;
  /** Stops `--watch` (the command then resolves with the status of the last run). */
  readonly signal?: AbortSignal;
}

export const GENERATE_USAGE = `usage: relgen generate [--check] [--watch] [--out DIR] [--runtime SPEC] [--registry R] [SCHEMA...]
       relgen generate --interface NAME[@vN] [--role ROLE] [--registry R] [--out DIR] [--check]

  SCHEMA        interface schema files or folders (default: every schema under schema/).
                A folder generates every side it holds, e.g. schema/mysql_client/v0/;
                a file generates its side, reading the other side's file beside it.
                Paths say what they hold: <interface>/v<N>/<provider|requirer|peers>.json,
                or the registry's interfaces/<interface>/v<N>/schemas/<role>.json.
  --interface NAME, --version N, --role provider|requirer|peers
                with one SCHEMA: what a schema file at any other path holds.
                With no SCHEMA: an interface of the registry by name (NAME, NAME@vN or
                NAME/vN; the newest version unless told), every side of it, or the
                side --role names (reading the other side's schema); the choice is printed
  --registry R  a checkout of the interface registry (a folder) or its URL, for names
                and for a $ref to a registry schema (default: $RELGEN_REGISTRY, else
                ${DEFAULT_REGISTRY_URL})
  --out DIR     output root (default: generated)
  --check       generate in memory and fail, naming every stale file, if DIR differs
                (no type-check: DIR was checked when it was written)
  --watch       regenerate whenever a schema given (or any under schema/) or a template changes
  --runtime S   module generated code imports the runtime from (default: this package's runtime)
`;

interface Parsed {
  check: boolean;
  watch: boolean;
  out: string;
  runtime?: string;
  schemas: string[];
  identity?: { name?: string; version?: string; role?: string };
  registry?: string;
  /** An interface of the registry, by name (no SCHEMA given). */
  byName?: { spec: string; role?: Role };
}

function parse(argv: readonly string[]): Parsed | string {
  const read = parseOptions(
    argv,
    {
      check: { type: "boolean" },
      watch: { type: "boolean" },
      out: { type: "string" },
      runtime: { type: "string" },
      registry: { type: "string" },
      interface: { type: "string" },
      version: { type: "string" },
      role: { type: "string" },
    },
    { out: "a directory", runtime: "a module specifier", registry: "a folder or a URL" },
  );
  if ("help" in read) return "";
  if ("error" in read) return read.error;
  const v = read.values;
  for (const [name, value] of Object.entries(v)) if (value === "") return `--${name} needs a value`;
  const parsed: Parsed = { check: v.check === true, watch: v.watch === true, out: v.out ?? "generated", schemas: read.positionals };
  if (v.runtime !== undefined) parsed.runtime = v.runtime;
  if (v.registry !== undefined) parsed.registry = v.registry;
  if (v.interface !== undefined || v.version !== undefined || v.role !== undefined) {
    parsed.identity = { ...(v.interface !== undefined ? { name: v.interface } : {}), ...(v.version !== undefined ? { version: v.version } : {}), ...(v.role !== undefined ? { role: v.role } : {}) };
  }
  if (parsed.check && parsed.watch) return "--check and --watch do not go together";
  if (parsed.identity && parsed.schemas.length === 0) {
    // No schema given: --interface names an interface of the registry.
    const { name, version, role } = parsed.identity;
    const named = name ? parseInterfaceName(name) : null;
    if (!name || !named) return `--interface ${name ?? ""}: an interface name (lower-case letters, digits, - and _), e.g. ingress or ingress@v2`;
    if (version !== undefined && (named.version !== null || !/^\d+$/.test(version))) return `--version ${version}: give the version once, as a whole number (or as ${named.name}@vN)`;
    if (role !== undefined && !["provider", "requirer", "peers"].includes(role)) return `--role ${role}: provider, requirer or peers`;
    if (parsed.watch) return "--watch watches schema files: give schema paths (relgen add copies a registry interface into schema/)";
    parsed.byName = { spec: version === undefined ? name : `${named.name}@v${version}`, ...(role ? { role: role as Role } : {}) };
    delete parsed.identity;
  } else if (parsed.identity) {
    const { name, version, role } = parsed.identity;
    if (!name || version === undefined || !role) return "--interface, --version and --role go together";
    if (!/^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/.test(name)) return `--interface ${name}: lower-case letters, digits, - and _`;
    if (!/^\d+$/.test(version)) return `--version ${version}: a whole number (e.g. 0)`;
    if (!["provider", "requirer", "peers"].includes(role)) return `--role ${role}: provider, requirer or peers`;
    if (parsed.schemas.length !== 1) return "--interface, --version and --role describe one schema file: give exactly one";
  }
  return parsed;
}

/** Why `--out` cannot be written to (a file where a folder must be), or undefined. */
function outProblem(outDir: string, shown: string): string | undefined {
  for (let dir = outDir; ; dir = dirname(dir)) {
    let stat;
    try {
      stat = statSync(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return `--out ${shown}: ${(e as Error).message}`;
    }
    if (stat) return stat.isDirectory() ? undefined : `--out ${shown}: ${dir === outDir ? "it" : dir} is a file, not a folder; give a folder`;
    if (dirname(dir) === dir) return undefined;
  }
}

/** One run; `checker` type-checks the generated code, and a watch keeps it from run to run. */
async function runOnce(p: Parsed, io: Io, cwd: string, checker: GeneratedCodeChecker): Promise<number> {
  const err = (text: string): void => io.stderr(visible(text) + "\n");
  const identity = p.identity ? { name: p.identity.name!, version: Number(p.identity.version), role: p.identity.role as Role } : undefined;
  const given = p.schemas.map((f) => resolve(cwd, f));
  const outDir = resolve(cwd, p.out);
  const registry = lazyRegistry(() => openRegistry(p.registry, { onNote: (line) => err(`relgen: ${line}`) }));
  try {
    // The other sides beside a file given are read to type it: a problem in one of them is a warning.
    const expanded = p.byName
      ? await fromRegistry(p.byName, registry, (note) => io.stdout(visible(`relgen: ${note}`) + "\n"))
      : identity
        ? { files: given, siblings: [] }
        : given.length > 0
          ? expandSchemaArgsWithSiblings(given)
          : { files: discoverSchemas(resolve(cwd, "schema")), siblings: [] };
    const schemas = [...expanded.files];
    // The project's actions (actions.yaml, charmcraft.yaml's actions:) when it generates everything (generator/actions.ts).
    const actionSource = given.length === 0 && !p.byName && !identity ? readActionsSource(cwd) : null;
    if (schemas.length === 0 && actionSource) return await actionsOnly(actionSource, p, outDir, io, err);
    if (schemas.length === 0) {
      err(given.length > 0 ? `relgen generate: no schema (.json) files in ${p.schemas.join(", ")}` : `relgen generate: no schemas given and none found under ${relative(cwd, resolve(cwd, "schema")) || "schema"}/`);
      return 1;
    }
    const outBad = outProblem(outDir, p.out);
    if (outBad) throw new SetupError(outBad);
    // --check compares with what is on disk, which was type-checked when it was written: it skips the type-check.
    // A $ref to another schema of the registry is read through the registry (opened only then).
    const externalRefs = await registryRefs(schemas, registry);
    const result = await generate({
      schemas,
      outDir,
      baseDir: p.byName ? registryBase(schemas[0]!) : cwd,
      skipTypeCheck: p.check,
      checker,
      ...(p.runtime ? { runtime: p.runtime } : {}),
      ...(identity ? { identity } : {}),
      ...(expanded.siblings.length > 0 ? { counterparts: new Set(expanded.siblings) } : {}),
      ...(externalRefs.size > 0 ? { externalRefs } : {}),
    });
    for (const w of result.warnings) err(w);
    // A project (no SCHEMA given): its config.yaml (or charmcraft.yaml's config) gives generated/config.ts.
    const configFile = p.byName || given.length > 0 ? undefined : await projectConfigModule(cwd, p.runtime, outDir, p.check, checker);
    if (actionSource && (await actionsOnly(actionSource, p, outDir, io, err)) !== 0) return 1;
    if (p.check) {
      const check = checkFiles(outDir, result.interfaces, result.files);
      const configState = configFile === undefined ? "" : checkConfigModule(outDir, configFile);
      if (configState === "changed") check.changed.push(CONFIG_MODULE);
      else if (configState === "missing") check.missing.push(CONFIG_MODULE);
      else if (configState === "extra") check.extra.push(CONFIG_MODULE);
      if (isClean(check)) {
        io.stdout(`relgen: ${result.files.length + (configFile ? 1 : 0)} generated files are up to date\n`);
        return 0;
      }
      for (const f of check.changed) err(`stale: ${p.out}/${f} differs from what the schema generates`);
      for (const f of check.missing) err(`stale: ${p.out}/${f} is missing`);
      for (const f of check.extra) err(`stale: ${p.out}/${f} is not generated by any schema`);
      err("relgen: run `npm run generate` and commit the result");
      return 1;
    }
    const { kept } = writeFiles(outDir, result.interfaces, result.files);
    for (const f of kept) err(`warning: ${p.out}/${f} was not generated by relgen (no "generated … by relgen" header): left in place`);
    if (configFile !== undefined) {
      const warning = writeConfigModule(outDir, configFile);
      if (warning) err(`warning: ${p.out}/${warning}`);
      if (configFile) io.stdout(visible(`relgen: wrote ${p.out}/${CONFIG_MODULE} from the config options`) + "\n");
    }
    io.stdout(visible(`relgen: wrote ${result.files.length} files for ${result.interfaces.join(", ")} into ${p.out}/`) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof GenerationError) {
      for (const problem of e.problems) err(`error: ${problem.message}`);
      err(`relgen: ${e.problems.length} problem(s); ${p.out}/ was left unchanged`);
      return 1;
    }
    if (e instanceof SetupError) {
      err(`relgen generate: ${e.message}`);
      return 1;
    }
    if (e instanceof SchemaError) {
      err(`error: ${e.message}`);
      err(`relgen: ${p.out}/ was left unchanged`);
      return 1;
    }
    if (e instanceof ChooseError || e instanceof RegistryError) {
      err(`relgen generate: ${e.message}`);
      return 1;
    }
    if (isSystemError(e)) {
      // A file or folder the run needs could not be read or written: Node's message names it.
      err(`relgen generate: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** Generates (or with --check, compares) the project's action files into the output folder (generator/actions.ts). */
async function actionsOnly(source: NonNullable<ReturnType<typeof readActionsSource>>, p: Parsed, outDir: string, io: Io, err: (text: string) => void): Promise<number> {
  const files = await emitActions(source, actionsRuntime(outDir, p.runtime));
  const stale = staleActionFiles(outDir, files);
  if (p.check) {
    for (const f of stale) err(`stale: ${p.out}/${f} differs from what ${source.file} generates`);
    if (stale.length > 0) {
      err("relgen: run `relgen generate` and commit the result");
      return 1;
    }
    io.stdout(`relgen: ${files.length} generated action files are up to date\n`);
    return 0;
  }
  mkdirSync(outDir, { recursive: true });
  for (const f of files) if (stale.includes(f.path)) writeFileSync(join(outDir, f.path), f.content);
  io.stdout(visible(`relgen: wrote ${files.length} action files from ${source.file} into ${p.out}/`) + "\n");
  return 0;
}

/**
 * The schema files of a registry interface: every side of the version, or the
 * side `role` names with the other side read as its counterpart.
 */
async function fromRegistry(byName: NonNullable<Parsed["byName"]>, registry: () => Registry, note: (line: string) => void): Promise<{ files: string[]; siblings: string[] }> {
  if (byName.role) {
    const chosen = await chooseFromRegistry(byName.spec, byName.role, registry);
    if (chosen.note) note(chosen.note);
    return { files: chosen.counterpart ? [chosen.file, chosen.counterpart] : [chosen.file], siblings: chosen.counterpart ? [chosen.counterpart] : [] };
  }
  const version = (await chooseVersion(byName.spec, registry))!;
  note(version.note);
  return { files: version.files, siblings: [] };
}

export async function generateCommand(argv: readonly string[], io: Io, options: GenerateCommandOptions = {}): Promise<number> {
  const p = parse(argv);
  if (typeof p === "string") {
    if (p) io.stderr(`relgen generate: ${p}\n`);
    (p ? io.stderr : io.stdout)(GENERATE_USAGE);
    return p ? 2 : 0;
  }
  const cwd = options.cwd ?? process.cwd();
  const checker = new GeneratedCodeChecker();
  if (!p.watch) return runOnce(p, io, cwd, checker);
  return watchLoop(p, io, cwd, await runWatched(p, io, cwd, checker), options.signal, checker);
}

/** One run under `--watch`: whatever goes wrong is reported in one line, and watching goes on. */
async function runWatched(p: Parsed, io: Io, cwd: string, checker: GeneratedCodeChecker): Promise<number> {
  try {
    clearTemplateCache();
    return await runOnce(p, io, cwd, checker);
  } catch (e) {
    // Not a problem of the input (runOnce reports those as such): one line, and the watch goes on.
    io.stderr(visible(`relgen generate: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`) + "\n");
    return 1;
  }
}

/**
 * What `--watch` watches: each schema folder given (recursively), the folder
 * of each schema file given (for it and the other sides beside it), or
 * `schema/` when none is given; and the templates.
 */
interface WatchTarget {
  readonly path: string;
  readonly recursive: boolean;
  /** For a file given: the names in its folder that matter. */
  readonly names?: ReadonlySet<string>;
}

function watchTargets(p: Parsed, cwd: string): { targets: WatchTarget[]; missing: string[] } {
  const targets: WatchTarget[] = [];
  const missing: string[] = [];
  const given = p.schemas.length > 0 ? p.schemas : ["schema"];
  for (const arg of given) {
    const path = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      // missing, a dangling link, a loop: watched below if it is a schema file whose folder exists
    }
    if (stat?.isDirectory()) targets.push({ path, recursive: true });
    else if (p.schemas.length > 0 && (stat || (arg.endsWith(".json") && existsSync(dirname(path))))) {
      // A file (or one not written yet): watch its folder, for saves that replace the file, and its other sides.
      targets.push({ path: dirname(path), recursive: false, names: new Set([basename(path), "provider.json", "requirer.json", "peers.json"]) });
    } else missing.push(arg);
  }
  return { targets, missing };
}

function watchLoop(p: Parsed, io: Io, cwd: string, first: number, signal: AbortSignal | undefined, checker: GeneratedCodeChecker): Promise<number> {
  const err = (text: string): void => io.stderr(visible(text) + "\n");
  const { targets, missing } = watchTargets(p, cwd);
  if (p.schemas.length > 0) for (const m of missing) err(`relgen generate: cannot watch ${m}: it does not exist, nor does its folder`);
  if (targets.length === 0) {
    err(`relgen generate: nothing to watch: ${p.schemas.length > 0 ? "none of the schemas given exists" : "there is no schema/ folder here"}; give schema files or folders that exist`);
    return Promise.resolve(1);
  }
  return new Promise((done) => {
    let last = first;
    let timer: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;
    let stopped = false;
    const rerun = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      const started = performance.now();
      let status = 1;
      try {
        status = await runWatched(p, io, cwd, checker);
      } finally {
        running = false;
        last = status;
        io.stdout(`relgen: regenerated in ${Math.round(performance.now() - started)} ms (${status === 0 ? "ok" : "failed"})\n`);
        if (again && !stopped) {
          again = false;
          void rerun();
        }
      }
    };
    const onChange = (): void => {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void rerun(), 30);
    };
    const watchers: FSWatcher[] = [];
    const shown: string[] = [];
    for (const target of [...targets, { path: TEMPLATES_DIR, recursive: true }] as WatchTarget[]) {
      try {
        const w = watch(target.path, { recursive: target.recursive }, (_event, name) => {
          if (!target.names || name === null || target.names.has(String(name))) onChange();
        });
        w.on("error", (e) => err(`relgen generate: stopped watching ${target.path}: ${e.message}`));
        watchers.push(w);
        shown.push(target.path === TEMPLATES_DIR ? "templates/" : (relative(cwd, target.path) || ".") + "/");
      } catch (e) {
        err(`relgen generate: cannot watch ${target.path}: ${(e as Error).message}`);
      }
    }
    io.stdout(visible(`relgen: watching ${shown.join(", ")} (Ctrl-C to stop)`) + "\n");
    signal?.addEventListener("abort", () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      done(last);
    });
  });
}
