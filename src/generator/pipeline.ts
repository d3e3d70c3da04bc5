/**
 * The generator pipeline: load -> validate -> normalize -> emit -> format ->
 * type-check. Everything happens in memory; `write.ts` puts the result on disk.
 * Problems in any schema stop the run before anything is emitted.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { GenerationError, SchemaError, SetupError, formatLocation, joinPointer } from "./errors.js";
import { inlineExternalRefs } from "./external-refs.js";
import { checkJsonSchema, checkMetaSchema, errorAt, loadSchemaFile, type LoadedSchema } from "./load.js";
import type { Identity } from "./identity.js";
import { linkSides } from "./link.js";
import { counterpartOf, type InterfaceModel, type InterfaceVersion } from "./model.js";
import { normalize } from "./normalize.js";
import { emitAccessors } from "./emit/accessors.js";
import { emitEndpoint } from "./emit/endpoint.js";
import { emitFlags } from "./emit/flags.js";
import { emitIndexes } from "./emit/index-file.js";
import type { EmitOptions, GeneratedFile } from "./emit/names.js";
import { emitTypes } from "./emit/types.js";
import type { TypeTexts } from "./emit/type-texts.js";
import { createAjv, emitValidators } from "./emit/validators.js";
import { formatFiles } from "./format.js";
import { GeneratedCodeChecker } from "./type-check.js";
import { PACKAGE_ROOT, RUNTIME_SOURCE_DIR } from "./paths.js";

export interface GenerateOptions {
  /** Schema files to generate from. */
  readonly schemas: readonly string[];
  /** Output root; each interface goes to `<out>/<interface>/v<N>/`. */
  readonly outDir: string;
  /** Base for the file names shown in headers and messages (default: the working directory). */
  readonly baseDir?: string;
  /** Runtime module prefix; default: a relative path to this package's runtime, or `relgen/runtime` outside it. */
  readonly runtime?: string;
  /** Skip the in-memory type-check (faster; used by nothing but benchmarks of the other stages). */
  readonly skipTypeCheck?: boolean;
  /**
   * The type-checker to use: one made by a caller that generates again and
   * again (a watch, a test) re-checks only what changed. By default each call
   * makes its own.
   */
  readonly checker?: GeneratedCodeChecker;
  /** The interface, version and side of schema files whose path does not say. */
  readonly identity?: Identity;
  /**
   * Local copies of the documents schemas refer to by URL (`$ref` to another
   * document, see `external-refs.ts`): URL without fragment -> schema file.
   * A URL not in it is an error at its `$ref`.
   */
  readonly externalRefs?: ReadonlyMap<string, string>;
  /**
   * Files read only to type the other side of a file asked for (the sides
   * `expandSchemaArgsWithSiblings` adds): one that is not a valid schema is
   * skipped with a warning, and the sides beside it read its bags untyped.
   */
  readonly counterparts?: ReadonlySet<string>;
}

/** What `buildVersions` reads besides the files (see `GenerateOptions`). */
export interface BuildOptions {
  readonly identity?: Identity;
  readonly externalRefs?: ReadonlyMap<string, string>;
  readonly counterparts?: ReadonlySet<string>;
}

/** Interface versions and the warnings about files that gave no side (empty, or a counterpart skipped). */
export interface BuiltVersions {
  readonly versions: readonly InterfaceVersion[];
  /** Whole lines: `<file>: warning: ...`. */
  readonly warnings: readonly string[];
}

export interface GenerateResult {
  readonly models: readonly InterfaceModel[];
  /** Files relative to outDir. */
  readonly files: readonly GeneratedFile[];
  /** Interface folders (relative to outDir) that this run owns. */
  readonly interfaces: readonly string[];
  readonly warnings: readonly string[];
}

function displayPath(file: string, baseDir: string): string {
  const rel = relative(baseDir, file);
  return (rel.startsWith("..") ? resolve(file) : rel).split(sep).join("/");
}

function defaultRuntime(outDir: string): string {
  const abs = resolve(outDir);
  if (!abs.startsWith(PACKAGE_ROOT + sep)) return "relgen/runtime";
  // Generated files sit two levels below outDir: <out>/<interface>/v<N>/.
  const rel = relative(resolve(abs, "iface", "vN"), RUNTIME_SOURCE_DIR).split(sep).join("/");
  return rel.startsWith(".") ? rel : "./" + rel;
}

/** Checks that every setter constant is a value its key's schema allows. */
function checkSetterValues(schema: LoadedSchema, model: InterfaceModel): SchemaError[] {
  const problems: SchemaError[] = [];
  for (const setter of model.setters) {
    const bag = setter.bag === "unit" ? model.unit : model.app;
    for (const { key, value } of setter.values) {
      const spec = bag?.keys.find((k) => k.wire === key);
      if (!spec) continue;
      const ajv = createAjv(false, [spec.schema]);
      const validate = ajv.compile({ ...(typeof spec.schema === "object" ? spec.schema : {}), $defs: bag!.defs });
      if (!validate(value)) {
        problems.push(errorAt(schema, joinPointer("/x-juju/setters", setter.name, "values", key), `constant is not allowed by the schema of ${JSON.stringify(key)}: ${validate.errors?.[0]?.message ?? "invalid"}`));
      }
    }
  }
  return problems;
}

/** A file holding nothing but white space: no schema for its side. */
function isBlank(file: string): boolean {
  try {
    return readFileSync(file, "utf8").trim() === "";
  } catch {
    return false; // loading it says why it cannot be read
  }
}

/**
 * Loads, validates, normalizes and links schemas into interface versions;
 * throws GenerationError listing every problem. `identity` names the
 * interface, version and side of files whose path does not say.
 */
export function buildVersions(schemaFiles: readonly string[], baseDir = process.cwd(), identity?: Identity, options: BuildOptions = {}): InterfaceVersion[] {
  return [...loadVersions(schemaFiles, baseDir, identity ? { ...options, identity } : options).versions];
}

/**
 * `buildVersions`, with the warnings about files that gave no side: an empty
 * file is no schema for its side (nothing is generated for it; the sides
 * beside it read that side untyped), and so is a file of `counterparts` with
 * problems (each reported as a warning instead).
 */
export function loadVersions(schemaFiles: readonly string[], baseDir = process.cwd(), options: BuildOptions = {}): BuiltVersions {
  const { identity } = options;
  const externalRefs = options.externalRefs ?? new Map<string, string>();
  const counterparts = new Set([...(options.counterparts ?? [])].map((f) => resolve(f)));
  const problems: SchemaError[] = [];
  const warnings: string[] = [];
  /** Files that give no side, by absolute path: why, as said of a file beside a side. */
  const unusable = new Map<string, string>();
  const models: InterfaceModel[] = [];
  const loadedBySource = new Map<string, LoadedSchema>();
  const skipCounterpart = (file: string, found: readonly SchemaError[]): void => {
    const more = found.length > 1 ? ` (and ${found.length - 1} more problem${found.length > 2 ? "s" : ""})` : "";
    warnings.push(`${formatLocation(found[0]!.location)}: warning: ${found[0]!.detail}${more}; it is read only as the counterpart of the schemas asked for, so it is skipped and they read its side untyped`);
    unusable.set(resolve(file), "is not a valid schema (see the warning about it)");
  };
  for (const file of [...new Set(schemaFiles)].sort()) {
    const shown = displayPath(file, baseDir);
    if (isBlank(file)) {
      warnings.push(`${shown}: warning: the file is empty: there is no schema for this side, and nothing is generated for it`);
      unusable.set(resolve(file), "is empty");
      continue;
    }
    const found: SchemaError[] = [];
    let model: InterfaceModel | null = null;
    let loaded: LoadedSchema | undefined;
    try {
      loaded = inlineExternalRefs(loadSchemaFile(file, shown), externalRefs, (p) => displayPath(p, baseDir));
      const metaProblems = checkMetaSchema(loaded);
      const json = checkJsonSchema(loaded);
      if (metaProblems.length + json.problems.length > 0) {
        found.push(...metaProblems, ...json.problems);
      } else {
        const { model: normalized, problems: normalizeProblems } = normalize(loaded, identity);
        found.push(...normalizeProblems);
        model = normalized && json.warnings.length > 0 ? { ...normalized, warnings: [...normalized.warnings, ...json.warnings] } : normalized;
        if (model) found.push(...checkSetterValues(loaded, model));
      }
    } catch (e) {
      if (e instanceof SchemaError) found.push(e);
      else if (e instanceof GenerationError) found.push(...e.problems);
      else throw e;
    }
    if (found.length > 0 && counterparts.has(resolve(file))) {
      skipCounterpart(file, found);
      continue;
    }
    problems.push(...found);
    if (model && loaded) {
      models.push(model);
      loadedBySource.set(model.source, loaded);
    }
  }
  let linked = linkSides(models, loadedBySource, unusable);
  // A counterpart whose own flags or names do not check out is skipped too, and the rest linked again.
  const brokenCounterparts = new Map<string, SchemaError[]>();
  for (const p of linked.problems) {
    const path = loadedBySource.get(p.location.file)?.path;
    if (path !== undefined && counterparts.has(resolve(path))) brokenCounterparts.set(path, [...(brokenCounterparts.get(path) ?? []), p]);
  }
  if (brokenCounterparts.size > 0) {
    for (const [path, found] of brokenCounterparts) skipCounterpart(path, found);
    const kept = models.filter((m) => !brokenCounterparts.has(loadedBySource.get(m.source)?.path ?? ""));
    linked = linkSides(kept, loadedBySource, unusable);
  }
  problems.push(...linked.problems);
  if (problems.length > 0) throw new GenerationError(problems);
  return { versions: [...linked.versions], warnings };
}

/** Every side of every interface version the schemas hold, linked (see `buildVersions`). */
export function buildModels(schemaFiles: readonly string[], baseDir = process.cwd(), identity?: Identity, options: BuildOptions = {}): InterfaceModel[] {
  return buildVersions(schemaFiles, baseDir, identity, options).flatMap((v) => v.sides);
}

/**
 * A runtime given as a package name (`relgen/runtime`) must resolve from the
 * output folder, or every generated import fails to type-check: say so once,
 * with what to do.
 */
function checkRuntimeResolvable(runtime: string, outDir: string, baseDir: string): void {
  if (runtime.startsWith(".") || isAbsolute(runtime)) return;
  let dir = resolve(outDir);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    createRequire(join(dir, "relgen-resolve.js")).resolve(runtime);
  } catch {
    const shown = displayPath(resolve(outDir), baseDir);
    throw new SetupError(`${runtime} is not resolvable from ${shown}: run npm install relgen in that project (or pass --runtime)`);
  }
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const baseDir = options.baseDir ?? process.cwd();
  const built = loadVersions(options.schemas, baseDir, {
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.externalRefs ? { externalRefs: options.externalRefs } : {}),
    ...(options.counterparts ? { counterparts: options.counterparts } : {}),
  });
  const versions = built.versions;
  const models = versions.flatMap((v) => v.sides);
  const emit: EmitOptions = { runtime: options.runtime ?? defaultRuntime(options.outDir) };
  if (!options.skipTypeCheck) checkRuntimeResolvable(emit.runtime, options.outDir, baseDir);
  const files: GeneratedFile[] = [];
  for (const version of versions) {
    // Every side's types first: an endpoint names the types of its counterpart's keys too.
    const texts = new Map<InterfaceModel, TypeTexts>();
    for (const model of version.sides) {
      const types = await emitTypes(model);
      files.push(types.file);
      texts.set(model, types.texts);
    }
    for (const model of version.sides) {
      const counterpart = counterpartOf(version, model);
      files.push(...emitValidators(model, emit));
      const accessors = emitAccessors(model, emit, texts.get(model)!);
      if (accessors) files.push(accessors);
      files.push(emitFlags(model, counterpart, emit), emitEndpoint(model, counterpart, emit, texts.get(model)!, counterpart ? texts.get(counterpart)! : null));
    }
  }
  files.push(...emitIndexes(models, files));
  const formatted = (await formatFiles(files)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!options.skipTypeCheck) {
    const problems = (options.checker ?? new GeneratedCodeChecker()).check(formatted, resolve(options.outDir));
    if (problems.length > 0) {
      throw new GenerationError(
        problems.map((p) => new SchemaError({ file: displayPath(p.file, baseDir), pointer: "", line: p.line }, `generated code does not type-check: ${p.message}`)),
      );
    }
  }
  return {
    models,
    files: formatted,
    interfaces: [...new Set(models.map((m) => m.name))].sort(),
    warnings: [...built.warnings, ...models.flatMap((m) => m.warnings.map((w) => `${m.source}: warning: ${w}`))],
  };
}
