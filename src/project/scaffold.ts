/**
 * `relgen init`: a new TypeScript charm project that works at once. The
 * interface schemas it is given are copied into `schema/` (with the other
 * side's file when it sits beside them, so the charm reads it typed), the
 * bindings are generated into `generated/`, and the project gets its
 * metadata, a charm with one handler per endpoint, a harness test, a bundle
 * for the simulator, and the scripts to generate, build, test and run it.
 */
import { constants, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { identityFromPath, type Identity } from "../generator/identity.js";
import { counterpartRole, type InterfaceModel, type KeyModel, type Role } from "../generator/model.js";
import { PACKAGE_ROOT } from "../generator/paths.js";
import { fsReason } from "../generator/fs-text.js";
import { generate } from "../generator/pipeline.js";
import { writeFiles } from "../generator/write.js";
import * as files from "./scaffold-files.js";

export interface InitOptions {
  readonly dir: string;
  /** Interface schemas: files (their side) or version folders (with `role` when they hold both sides). */
  readonly interfaces: readonly string[];
  /** Endpoint names, in the order of `interfaces`; default: the interface name with `-` for `_`. */
  readonly endpoints?: readonly string[];
  /** The side this charm takes, for a folder that holds both. */
  readonly role?: Role;
  readonly name?: string;
  readonly summary?: string;
  /** The relgen dependency of the new project (an npm spec); default: how this relgen was installed, else ^version. */
  readonly relgen?: string;
  /** Write into a folder that is not empty. */
  readonly force?: boolean;
}

export class InitError extends Error {
  override readonly name = "InitError";
}

const CHARM_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ENDPOINT_NAME = /^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/;
const SIDES = ["provider", "requirer", "peers"] as const;

interface Chosen {
  readonly identity: Identity;
  readonly file: string;
  readonly counterpart: string | null;
}

function readJson(file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (e) {
    throw new InitError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  throw new InitError(`${file} is not a JSON Schema object`);
}

/** The identity of a schema file: from its path, else from its own x-juju. */
function identityOf(file: string): Identity {
  const fromPath = identityFromPath(file);
  if (fromPath) return fromPath;
  const x = readJson(file)["x-juju"] as { interface?: unknown; version?: unknown; role?: unknown } | undefined;
  if (x && typeof x.interface === "string" && typeof x.version === "number" && SIDES.includes(x.role as Role)) {
    return { name: x.interface, version: x.version, role: x.role as Role };
  }
  throw new InitError(
    `${file}: cannot tell which interface, version and side it is: put it at <interface>/v<N>/<provider|requirer|peers>.json ` +
      `(or the registry's interfaces/<interface>/v<N>/schemas/<role>.json), or declare x-juju.interface, version and role in it`,
  );
}

function choose(path: string, role: Role | undefined): Chosen {
  const abs = resolve(path);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new InitError(`--interface ${path}: no such file or folder`);
  let file = abs;
  if (stat.isDirectory()) {
    const folder = existsSync(join(abs, "schemas")) ? join(abs, "schemas") : abs;
    const present = SIDES.filter((s) => existsSync(join(folder, `${s}.json`)));
    if (present.length === 0) throw new InitError(`--interface ${path}: the folder holds no provider.json, requirer.json or peers.json`);
    const pick = role ?? (present.length === 1 ? present[0] : present.includes("peers") ? "peers" : undefined);
    if (!pick) throw new InitError(`--interface ${path} holds both sides (${present.join(", ")}): pass --role provider or --role requirer, the side this charm takes`);
    if (!present.includes(pick)) throw new InitError(`--interface ${path} has no ${pick}.json (it holds ${present.join(", ")})`);
    file = join(folder, `${pick}.json`);
  }
  const identity = identityOf(file);
  const other = join(dirname(file), `${counterpartRole(identity.role)}.json`);
  const counterpart = identity.role !== "peers" && existsSync(other) ? other : null;
  return { identity, file, counterpart };
}

/** How this relgen was installed by the project around `dir`, as a spec the new project can use. */
function relgenSpec(dir: string, version: string): string {
  for (let at = dirname(resolve(dir)); ; at = dirname(at)) {
    const pkgFile = join(at, "package.json");
    if (existsSync(pkgFile)) {
      try {
        const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as Record<string, Record<string, string> | undefined>;
        const spec = pkg.dependencies?.relgen ?? pkg.devDependencies?.relgen;
        if (spec?.startsWith("file:")) {
          const target = spec.slice(5);
          return `file:${isAbsolute(target) ? target : resolve(at, target)}`;
        }
        if (spec) return spec;
      } catch {
        // not a package.json we can read: keep looking
      }
    }
    if (dirname(at) === at) return `^${version}`;
  }
}

/** Decoded example values for every required key of a bag, by TypeScript name; null when one has none. */
function examples(schemaFile: string, keys: readonly KeyModel[]): Record<string, unknown> | null {
  const required = keys.filter((k) => k.required);
  if (required.length === 0) return null;
  const doc = readJson(schemaFile);
  const out: Record<string, unknown> = {};
  for (const key of required) {
    let node: unknown = doc;
    for (const part of key.pointer.split("/").slice(1)) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    const list = (node as { examples?: unknown } | undefined)?.examples;
    if (!Array.isArray(list) || list.length === 0) return null;
    let value: unknown = list[0];
    if (key.encoding === "json") {
      if (typeof value !== "string") return null;
      try {
        value = JSON.parse(value);
      } catch {
        return null;
      }
    }
    out[key.ts] = value;
  }
  return out;
}

export interface InitResult {
  readonly dir: string;
  readonly name: string;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
}

/** What is at the target: nothing, an empty folder, or a folder with entries (refused without `force`). */
function targetState(dir: string, given: string, force: boolean): "absent" | "empty" | "full" {
  let stat;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENAMETOOLONG") throw new InitError(`${given}: the name is longer than the file system allows (255 bytes a name): give a shorter folder name`);
    if (code === "ENOTDIR") throw new InitError(`${given}: part of the path is a file, not a folder: give the name of a new folder`);
    throw new InitError(`${given}: ${fsReason(e)}`);
  }
  if (!stat) return "absent";
  if (!stat.isDirectory()) throw new InitError(`${given} is a file, not a folder: give the name of a new folder (relgen init makes it)`);
  if (readdirSync(dir).length === 0) return "empty";
  if (!force) throw new InitError(`${given} is not empty: relgen init makes a new project (pass --force to add its files to this folder; it replaces none)`);
  return "full";
}

/**
 * A temporary folder beside the target (beside the first folder on the way to
 * it that does not exist yet), where the project is written whole before it
 * takes its place; `project` is where the project goes inside it.
 */
function makeStage(dir: string, given: string): { root: string; project: string; top: string | null } {
  let top: string | null = null;
  for (let at = dir; !existsSync(at) && dirname(at) !== at; at = dirname(at)) top = at;
  const base = dirname(top ?? dir);
  const root = join(base, `.relgen-init-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    mkdirSync(root);
  } catch (e) {
    throw new InitError(`cannot write the project into ${given}: ${fsReason(e)} (in ${base}); nothing was written`);
  }
  return { root, project: join(root, relative(base, dir)), top };
}

/**
 * Adds the staged project's files to a folder that has entries: a file that
 * exists there already is left as it is and returned; a failure takes back
 * what was added.
 */
function mergeInto(stage: string, dir: string): string[] {
  const existing: string[] = [];
  const added: string[] = [];
  const made: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(stage, rel)).sort()) {
      const path = rel === "" ? name : `${rel}/${name}`;
      if (statSync(join(stage, path)).isDirectory()) {
        const to = join(dir, path);
        const there = lstatSync(to, { throwIfNoEntry: false });
        if (!there) {
          mkdirSync(to);
          made.push(to);
        } else if (!statSync(to).isDirectory()) {
          existing.push(path);
          continue;
        }
        walk(path);
      } else {
        try {
          copyFileSync(join(stage, path), join(dir, path), constants.COPYFILE_EXCL);
          added.push(join(dir, path));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
          existing.push(path);
        }
      }
    }
  };
  try {
    walk("");
  } catch (e) {
    for (const file of added.reverse()) rmSync(file, { force: true });
    for (const folder of made.reverse()) rmdirSync(folder);
    throw e;
  }
  return existing;
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const dir = resolve(options.dir);
  const state = targetState(dir, options.dir, options.force ?? false);
  const name = options.name ?? basename(dir);
  if (!CHARM_NAME.test(name)) throw new InitError(`"${name}" is not a charm name: lowercase letters, digits and single hyphens, starting with a letter (pass --name)`);
  if (options.interfaces.length === 0) throw new InitError("give at least one --interface: a schema file, or an interface version's folder");
  if (options.endpoints && options.endpoints.length > options.interfaces.length) throw new InitError("more --endpoint names than --interface schemas");

  const chosen = options.interfaces.map((p) => choose(p, options.role));
  const endpointNames = chosen.map((c, i) => options.endpoints?.[i] ?? c.identity.name.replace(/_/g, "-"));
  for (const n of endpointNames) if (!ENDPOINT_NAME.test(n)) throw new InitError(`"${n}" is not an endpoint name (pass --endpoint NAME)`);
  const dup = endpointNames.find((n, i) => endpointNames.indexOf(n) !== i);
  if (dup) throw new InitError(`two endpoints would be named "${dup}": pass --endpoint for each --interface`);

  // Everything is written into a temporary folder beside the target, which then takes its place:
  // an init that fails at any step leaves nothing behind.
  const stage = makeStage(dir, options.dir);
  try {
    const { list, warnings } = await writeProject(stage.project, dir, name, chosen, endpointNames, options);
    let kept: string[] = [];
    if (stage.top) renameSync(join(stage.root, basename(stage.top)), stage.top);
    else if (!(state === "empty" && !lstatSync(dir).isSymbolicLink() && tryRename(stage.project, dir))) kept = mergeInto(stage.project, dir);
    const keptNote = kept.map((f) => `${join(options.dir, f)} exists: left as it is (relgen init replaces no file; compare it with what init writes there)`);
    return { dir, name, files: list.filter((f) => !kept.some((k) => f === k || f.startsWith(`${k}/`))), warnings: [...warnings, ...keptNote] };
  } catch (e) {
    if (e instanceof InitError || !isSystemError(e)) throw e;
    throw new InitError(`cannot write the project into ${options.dir}: ${fsReason(e)}; nothing was written`);
  } finally {
    rmSync(stage.root, { recursive: true, force: true });
  }
}

function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

/** Renames a folder onto an empty one (which rename(2) replaces); false when it cannot, e.g. something appeared in it. */
function tryRename(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Writes the whole project into `at` (the staging folder); `dir` is where it will live. Returns its files, relative. */
async function writeProject(
  at: string,
  dir: string,
  name: string,
  chosen: readonly Chosen[],
  endpointNames: readonly string[],
  options: InitOptions,
): Promise<{ list: string[]; warnings: readonly string[] }> {
  mkdirSync(at, { recursive: true });
  // schema/<interface>/v<N>/<role>.json, and the other side beside it.
  const copied: string[] = [];
  const copy = (from: string, identity: Identity, role: Role): string => {
    const to = join(at, "schema", identity.name, `v${identity.version}`, `${role}.json`);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(to);
    return to;
  };
  const placed = chosen.map((c) => ({
    file: copy(c.file, c.identity, c.identity.role),
    counterpart: c.counterpart ? copy(c.counterpart, c.identity, counterpartRole(c.identity.role)) : null,
  }));

  const result = await generate({ schemas: [...new Set(copied)], outDir: join(at, "generated"), baseDir: at, runtime: "relgen/runtime", skipTypeCheck: true });
  writeFiles(join(at, "generated"), result.interfaces, result.files);
  const modelOf = (file: string): InterfaceModel => result.models.find((m) => resolve(at, m.source) === file)!;
  const endpoints: files.ScaffoldEndpoint[] = chosen.map((_, i) => {
    const side = modelOf(placed[i]!.file);
    return {
      name: endpointNames[i]!,
      side,
      counterpart: placed[i]!.counterpart ? modelOf(placed[i]!.counterpart!) : null,
      examples: { unit: examples(placed[i]!.file, side.unit?.keys ?? []), app: examples(placed[i]!.file, side.app?.keys ?? []) },
    };
  });

  const own = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
  const input: files.ScaffoldInput = {
    name,
    summary: options.summary ?? `${name}, a charm written with relgen`,
    endpoints,
    versions: {
      relgen: options.relgen ?? relgenSpec(dir, own.version),
      typescript: own.devDependencies["typescript"] ?? "^5.9.0",
      vitest: own.devDependencies["vitest"] ?? "^4.0.0",
      typesNode: own.devDependencies["@types/node"] ?? "^20.0.0",
    },
  };
  const written: [string, string][] = [
    ["package.json", files.packageJson(input)],
    ["tsconfig.json", files.tsconfigJson()],
    ["metadata.yaml", files.metadataYaml(input)],
    ["src/charm.ts", files.charmTs(input)],
    ["src/hook.ts", files.hookTs()],
    ["test/charm.test.ts", files.charmTest(input)],
    ["bundle.yaml", files.bundleYaml(input)],
    [".gitignore", files.gitignore()],
    ["README.md", files.readme(input)],
  ];
  for (const [path, text] of written) {
    mkdirSync(dirname(join(at, path)), { recursive: true });
    writeFileSync(join(at, path), text);
  }
  const list = [...written.map(([p]) => p), ...copied.map((f) => relative(at, f).split(sep).join("/")), ...result.files.map((f) => `generated/${f.path}`)].sort();
  return { list, warnings: result.warnings };
}
