/**
 * The generator pipeline: load -> validate -> normalize -> emit -> format ->
 * type-check. Everything happens in memory; `write.ts` puts the result on disk.
 * Problems in any schema stop the run before anything is emitted.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { GenerationError, SchemaError, SetupError, joinPointer } from "./errors.js";
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
import { createAjv, emitValidators } from "./emit/validators.js";
import { formatFiles, typeCheck } from "./format.js";
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
  /** The interface, version and side of schema files whose path does not say. */
  readonly identity?: Identity;
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

/**
 * Loads, validates, normalizes and links schemas into interface versions;
 * throws GenerationError listing every problem. `identity` names the
 * interface, version and side of files whose path does not say.
 */
export function buildVersions(schemaFiles: readonly string[], baseDir = process.cwd(), identity?: Identity): InterfaceVersion[] {
  const problems: SchemaError[] = [];
  const models: InterfaceModel[] = [];
  const loadedBySource = new Map<string, LoadedSchema>();
  for (const file of [...new Set(schemaFiles)].sort()) {
    try {
      const loaded = loadSchemaFile(file, displayPath(file, baseDir));
      const metaProblems = checkMetaSchema(loaded);
      const json = checkJsonSchema(loaded);
      if (metaProblems.length + json.problems.length > 0) {
        problems.push(...metaProblems, ...json.problems);
        continue;
      }
      const { model: normalized, problems: found } = normalize(loaded, identity);
      problems.push(...found);
      const model = normalized && json.warnings.length > 0 ? { ...normalized, warnings: [...normalized.warnings, ...json.warnings] } : normalized;
      if (model) {
        problems.push(...checkSetterValues(loaded, model));
        models.push(model);
        loadedBySource.set(model.source, loaded);
      }
    } catch (e) {
      if (e instanceof SchemaError) problems.push(e);
      else if (e instanceof GenerationError) problems.push(...e.problems);
      else throw e;
    }
  }
  const { versions, problems: linkProblems } = linkSides(models, loadedBySource);
  problems.push(...linkProblems);
  if (problems.length > 0) throw new GenerationError(problems);
  return [...versions];
}

/** Every side of every interface version the schemas hold, linked (see `buildVersions`). */
export function buildModels(schemaFiles: readonly string[], baseDir = process.cwd(), identity?: Identity): InterfaceModel[] {
  return buildVersions(schemaFiles, baseDir, identity).flatMap((v) => v.sides);
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
  const versions = buildVersions(options.schemas, baseDir, options.identity);
  const models = versions.flatMap((v) => v.sides);
  const emit: EmitOptions = { runtime: options.runtime ?? defaultRuntime(options.outDir) };
  if (!options.skipTypeCheck) checkRuntimeResolvable(emit.runtime, options.outDir, baseDir);
  const files: GeneratedFile[] = [];
  for (const version of versions) {
    for (const model of version.sides) {
      const counterpart = counterpartOf(version, model);
      files.push(await emitTypes(model));
      files.push(...emitValidators(model, emit));
      const accessors = emitAccessors(model, emit);
      if (accessors) files.push(accessors);
      files.push(emitFlags(model, counterpart, emit), emitEndpoint(model, counterpart, emit));
    }
  }
  files.push(...emitIndexes(models, files));
  const formatted = formatFiles(files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!options.skipTypeCheck) {
    const problems = typeCheck(formatted, resolve(options.outDir));
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
    warnings: models.flatMap((m) => m.warnings.map((w) => `${m.source}: warning: ${w}`)),
  };
}
