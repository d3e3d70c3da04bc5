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
import type { Role } from "../generator/model.js";
import { PACKAGE_ROOT } from "../generator/paths.js";
import { fsReason, isSystemError } from "../generator/fs-text.js";
import { generate } from "../generator/pipeline.js";
import { writeFiles } from "../generator/write.js";
import { openRegistry, type Registry } from "../registry/index.js";
import { chooseInterface, lazyRegistry, type Chosen } from "./choose.js";
import { describeEndpoints, endpointName, placeSchemas } from "./interfaces.js";
import * as files from "./scaffold-files.js";
import { configModule, parseConfigOptions } from "../generator/config/index.js";
import { configYaml } from "./config-yaml.js";

export interface InitOptions {
  readonly dir: string;
  /** Interfaces: schema files (their side), version folders, or registry names (`NAME`, `NAME@vN`, `NAME/vN`). */
  readonly interfaces: readonly string[];
  /** Endpoint names, in the order of `interfaces`; default: the interface name with `-` for `_`. */
  readonly endpoints?: readonly string[];
  /** The side this charm takes, where a folder or a registry version holds both: one for all, or one per interface. */
  readonly role?: Role | readonly Role[];
  /** The interface registry for names (opened only when a name needs it); default: openRegistry() (RELGEN_REGISTRY, else the public registry). */
  readonly registry?: () => Registry;
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
const SIDES = ["provider", "requirer", "peers"] as const;

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

export interface InitResult {
  readonly dir: string;
  readonly name: string;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** What was chosen from the registry, a line each. */
  readonly notes: readonly string[];
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

  const registry = options.registry ?? lazyRegistry(() => openRegistry(undefined));
  const chosen: Chosen[] = [];
  for (const [i, given] of options.interfaces.entries()) chosen.push(await chooseInterface(given, roleOf(options.role, i), registry));
  const endpointNames = chosen.map((c, i) => {
    const { name, ok } = endpointName(c, options.endpoints?.[i]);
    if (!ok) throw new InitError(`"${name}" is not an endpoint name (pass --endpoint NAME)`);
    return name;
  });
  const dup = endpointNames.find((n, i) => endpointNames.indexOf(n) !== i);
  if (dup) throw new InitError(`two endpoints would be named "${dup}": pass --endpoint for each --interface`);

  // Everything is written into a temporary folder beside the target, which then takes its place:
  // an init that fails at any step leaves nothing behind.
  const stage = makeStage(dir, options.dir);
  try {
    const { list, warnings } = await writeProject(stage.project, dir, name, chosen, endpointNames, options, registry);
    let kept: string[] = [];
    if (stage.top) renameSync(join(stage.root, basename(stage.top)), stage.top);
    else if (!(state === "empty" && !lstatSync(dir).isSymbolicLink() && tryRename(stage.project, dir))) kept = mergeInto(stage.project, dir);
    const keptNote = kept.map((f) => `${join(options.dir, f)} exists: left as it is (relgen init replaces no file; compare it with what init writes there)`);
    const notes = chosen.flatMap((c) => (c.note ? [c.note] : []));
    return { dir, name, files: list.filter((f) => !kept.some((k) => f === k || f.startsWith(`${k}/`))), warnings: [...warnings, ...keptNote], notes };
  } catch (e) {
    if (e instanceof InitError || !isSystemError(e)) throw e;
    throw new InitError(`cannot write the project into ${options.dir}: ${fsReason(e)}; nothing was written`);
  } finally {
    rmSync(stage.root, { recursive: true, force: true });
  }
}

/** The role given for the i-th interface: the one for all, or its own. */
function roleOf(role: Role | readonly Role[] | undefined, i: number): Role | undefined {
  if (role === undefined || typeof role === "string") return role as Role | undefined;
  return (role as readonly Role[])[i];
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
  registry: () => Registry,
): Promise<{ list: string[]; warnings: readonly string[] }> {
  mkdirSync(at, { recursive: true });
  const { placed, warnings: placing } = await placeSchemas(at, chosen, registry);
  const copied = placed.flatMap((p) => (p.counterpart ? [p.file, p.counterpart] : [p.file]));
  const result = await generate({ schemas: [...new Set(copied)], outDir: join(at, "generated"), baseDir: at, runtime: "relgen/runtime", skipTypeCheck: true });
  writeFiles(join(at, "generated"), result.interfaces, result.files);
  const endpoints = describeEndpoints(result, at, placed, endpointNames);

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
  // The options the handlers publish from (see config-options.ts), and their typed module.
  const configOptions = files.configOptionsOf(endpoints);
  if (configOptions.length > 0) {
    // The module from config.yaml as written, as relgen generate will read it.
    const text = configYaml(configOptions);
    written.push(["config.yaml", text]);
    written.push(["generated/config.ts", (await configModule(parseConfigOptions(text, "config.yaml"), "relgen/runtime", join(at, "generated"), true)).content]);
  }
  for (const [path, text] of written) {
    mkdirSync(dirname(join(at, path)), { recursive: true });
    writeFileSync(join(at, path), text);
  }
  const list = [...written.map(([p]) => p), ...copied.map((f) => relative(at, f).split(sep).join("/")), ...result.files.map((f) => `generated/${f.path}`)].sort();
  return { list, warnings: [...placing, ...result.warnings] };
}
