/** `relgen generate [--check] [--watch] [--out DIR] [--runtime SPEC] [SCHEMA...]` */
import { watch } from "node:fs";
import { resolve } from "node:path";
import { clearTemplateCache } from "../generator/emit/templating.js";
import { GenerationError, SchemaError, SetupError } from "../generator/errors.js";
import { discoverSchemas, expandSchemaArgs } from "../generator/discover.js";
import type { Role } from "../generator/model.js";
import { generate } from "../generator/pipeline.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { checkFiles, isClean, writeFiles } from "../generator/write.js";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface GenerateCommandOptions {
  /** Directory that relative paths (schema/, --out, SCHEMA...) are resolved from. Default: the working directory. */
  readonly cwd?: string;
  /** Stops `--watch` (the command then resolves with the status of the last run). */
  readonly signal?: AbortSignal;
}

export const GENERATE_USAGE = `usage: relgen generate [--check] [--watch] [--out DIR] [--runtime SPEC] [--interface NAME --version N --role ROLE] [SCHEMA...]

  SCHEMA        interface schema files or folders (default: every schema under schema/).
                A folder generates every side it holds, e.g. schema/mysql_client/v0/;
                a file generates its side, reading the other side's file beside it.
                Paths say what they hold: <interface>/v<N>/<provider|requirer|peers>.json,
                or the registry's interfaces/<interface>/v<N>/schemas/<role>.json.
  --interface NAME, --version N, --role provider|requirer|peers
                what a schema file at any other path holds (one file at a time)
  --out DIR     output root (default: generated)
  --check       generate in memory and fail, naming every stale file, if DIR differs
                (no type-check: DIR was checked when it was written)
  --watch       regenerate whenever a file under schema/ or templates/ changes
  --runtime S   module generated code imports the runtime from (default: this package's runtime)
`;

interface Parsed {
  check: boolean;
  watch: boolean;
  out: string;
  runtime?: string;
  schemas: string[];
  identity?: { name?: string; version?: string; role?: string };
}

function parse(argv: readonly string[]): Parsed | string {
  const parsed: Parsed = { check: false, watch: false, out: "generated", schemas: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string | undefined => (arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i]);
    if (arg === "--check") parsed.check = true;
    else if (arg === "--watch") parsed.watch = true;
    else if (arg === "--out" || arg.startsWith("--out=")) {
      const v = value();
      if (!v) return "--out needs a directory";
      parsed.out = v;
    } else if (arg === "--runtime" || arg.startsWith("--runtime=")) {
      const v = value();
      if (!v) return "--runtime needs a module specifier";
      parsed.runtime = v;
    } else if (["--interface", "--version", "--role"].some((o) => arg === o || arg.startsWith(`${o}=`))) {
      const name = arg.replace(/^--/, "").replace(/=.*$/, "") as "interface" | "version" | "role";
      const v = value();
      if (!v) return `--${name} needs a value`;
      parsed.identity = { ...parsed.identity, [name === "interface" ? "name" : name]: v };
    } else if (arg === "-h" || arg === "--help") return "";
    else if (arg.startsWith("-")) return `unknown option ${arg}`;
    else parsed.schemas.push(arg);
  }
  if (parsed.check && parsed.watch) return "--check and --watch do not go together";
  if (parsed.identity) {
    const { name, version, role } = parsed.identity;
    if (!name || version === undefined || !role) return "--interface, --version and --role go together";
    if (!/^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/.test(name)) return `--interface ${name}: lower-case letters, digits, - and _`;
    if (!/^\d+$/.test(version)) return `--version ${version}: a whole number (e.g. 0)`;
    if (!["provider", "requirer", "peers"].includes(role)) return `--role ${role}: provider, requirer or peers`;
    if (parsed.schemas.length !== 1) return "--interface, --version and --role describe one schema file: give exactly one";
  }
  return parsed;
}

async function runOnce(p: Parsed, io: Io, cwd: string): Promise<number> {
  const identity = p.identity ? { name: p.identity.name!, version: Number(p.identity.version), role: p.identity.role as Role } : undefined;
  const given = p.schemas.map((f) => resolve(cwd, f));
  const schemas = identity ? given : given.length > 0 ? expandSchemaArgs(given) : discoverSchemas(resolve(cwd, "schema"));
  if (schemas.length === 0) {
    io.stderr("relgen generate: no schemas given and none found under schema/\n");
    return 1;
  }
  const outDir = resolve(cwd, p.out);
  try {
    // --check compares with what is on disk, which was type-checked when it was written: it skips the type-check.
    const result = await generate({ schemas, outDir, baseDir: cwd, skipTypeCheck: p.check, ...(p.runtime ? { runtime: p.runtime } : {}), ...(identity ? { identity } : {}) });
    for (const w of result.warnings) io.stderr(w + "\n");
    if (p.check) {
      const check = checkFiles(outDir, result.interfaces, result.files);
      if (isClean(check)) {
        io.stdout(`relgen: ${result.files.length} generated files are up to date\n`);
        return 0;
      }
      for (const f of check.changed) io.stderr(`stale: ${p.out}/${f} differs from what the schema generates\n`);
      for (const f of check.missing) io.stderr(`stale: ${p.out}/${f} is missing\n`);
      for (const f of check.extra) io.stderr(`stale: ${p.out}/${f} is not generated by any schema\n`);
      io.stderr("relgen: run `npm run generate` and commit the result\n");
      return 1;
    }
    const { kept } = writeFiles(outDir, result.interfaces, result.files);
    for (const f of kept) io.stderr(`warning: ${p.out}/${f} was not generated by relgen (no "generated … by relgen" header): left in place\n`);
    io.stdout(`relgen: wrote ${result.files.length} files for ${result.interfaces.join(", ")} into ${p.out}/\n`);
    return 0;
  } catch (e) {
    if (e instanceof GenerationError) {
      for (const problem of e.problems) io.stderr(`error: ${problem.message}\n`);
      io.stderr(`relgen: ${e.problems.length} problem(s); ${p.out}/ was left unchanged\n`);
      return 1;
    }
    if (e instanceof SetupError) {
      io.stderr(`relgen generate: ${e.message}\n`);
      return 1;
    }
    if (e instanceof SchemaError) {
      io.stderr(`error: ${e.message}\nrelgen: ${p.out}/ was left unchanged\n`);
      return 1;
    }
    throw e;
  }
}

export async function generateCommand(argv: readonly string[], io: Io, options: GenerateCommandOptions = {}): Promise<number> {
  const p = parse(argv);
  if (typeof p === "string") {
    if (p) io.stderr(`relgen generate: ${p}\n`);
    (p ? io.stderr : io.stdout)(GENERATE_USAGE);
    return p ? 2 : 0;
  }
  const cwd = options.cwd ?? process.cwd();
  const status = await runOnce(p, io, cwd);
  if (!p.watch) return status;
  return watchLoop(p, io, cwd, status, options.signal);
}

function watchLoop(p: Parsed, io: Io, cwd: string, first: number, signal: AbortSignal | undefined): Promise<number> {
  return new Promise((done) => {
    let last = first;
    let timer: NodeJS.Timeout | null = null;
    let running = false;
    let again = false;
    const rerun = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearTemplateCache();
      const started = performance.now();
      const status = await runOnce(p, io, cwd);
      last = status;
      io.stdout(`relgen: regenerated in ${Math.round(performance.now() - started)} ms (${status === 0 ? "ok" : "failed"})\n`);
      running = false;
      if (again) {
        again = false;
        void rerun();
      }
    };
    const onChange = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void rerun(), 30);
    };
    const watchers = [resolve(cwd, "schema"), TEMPLATES_DIR].map((dir) => watch(dir, { recursive: true }, onChange));
    io.stdout("relgen: watching schema/ and templates/ (Ctrl-C to stop)\n");
    signal?.addEventListener("abort", () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      done(last);
    });
  });
}
