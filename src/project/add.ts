/**
 * `relgen add`: one more endpoint in an existing charm project. The interface
 * enters the project as it does in `relgen init` (interfaces.ts): its schemas
 * go to `schema/`, every schema of the project is generated again into
 * `generated/`, and the endpoint is added to the metadata through the YAML
 * document, keeping the file's comments and order. Everything is computed
 * first (the schemas in a staging folder, the generation in memory, the new
 * metadata text); only then is the project written, so a refused add leaves
 * the project as it was. The handler to paste into the charm is returned.
 */
import { createRequire } from "node:module";
import { constants, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join, relative, resolve, sep } from "node:path";
import { discoverSchemas } from "../generator/discover.js";
import type { Identity } from "../generator/identity.js";
import type { Role } from "../generator/model.js";
import { generate } from "../generator/pipeline.js";
import { writeFiles } from "../generator/write.js";
import { writeAtomically } from "../generator/fs-text.js";
import { openRegistry, type Registry } from "../registry/index.js";
import { chooseInterface, lazyRegistry } from "./choose.js";
import { describeEndpoints, endpointName, placeSchemas } from "./interfaces.js";
import { addEndpoint, MetadataEditError, type EndpointKind } from "./metadata-edit.js";
import { findProjectConfig, projectConfigModule, writeConfigModule, type ConfigOptionModel } from "../generator/config/index.js";
import { configYaml, mergeConfigYaml } from "./config-yaml.js";
import { configOptionsOf, endpointSnippet, endpointVariable } from "./scaffold-files.js";

export interface AddOptions {
  /** The charm project (holds metadata.yaml or charmcraft.yaml). */
  readonly dir: string;
  /** A schema file, a version folder, or a registry name (`NAME`, `NAME@vN`, `NAME/vN`). */
  readonly interface: string;
  /** The side the charm takes, where the version holds both. */
  readonly role?: Role;
  /** The endpoint's name; default: the interface name with `-` for `_`. */
  readonly endpoint?: string;
  /** The interface registry (opened only when a name needs it); default: openRegistry(). */
  readonly registry?: () => Registry;
}

export interface AddResult {
  readonly endpoint: string;
  readonly kind: EndpointKind;
  readonly identity: Identity;
  /** The metadata file that got the endpoint, relative to the project. */
  readonly metadata: string;
  /** Schema files copied into the project, relative to it. */
  readonly schemas: readonly string[];
  /** How many files generated/ holds now. */
  readonly generated: number;
  /** Whether the generated code was type-checked (relgen must be installed in the project). */
  readonly typeChecked: boolean;
  /** What to paste into src/charm.ts: the endpoint's declaration (before defineCharm, which must list it) and its handler. */
  readonly snippet: { readonly declaration: string; readonly handler: string };
  /** The endpoint's variable in the snippet. */
  readonly variable: string;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export class AddError extends Error {
  override readonly name = "AddError";
}

const KIND: Record<Role, EndpointKind> = { provider: "provides", requirer: "requires", peers: "peers" };

/** The project's metadata file: metadata.yaml, else charmcraft.yaml. */
function metadataFile(project: string, given: string): string {
  for (const name of ["metadata.yaml", "charmcraft.yaml"]) if (existsSync(join(project, name))) return join(project, name);
  throw new AddError(`${given} has no metadata.yaml (nor a charmcraft.yaml): relgen add works in a charm project (relgen init makes one)`);
}

/** Whether `relgen/runtime` resolves from the project (then the generated code is type-checked, as `relgen generate` does). */
function runtimeInstalled(project: string): boolean {
  try {
    createRequire(join(project, "relgen-resolve.js")).resolve("relgen/runtime");
    return true;
  } catch {
    return false;
  }
}

/** Links (or copies) the project's schema files into the staging folder, so the new ones are generated with them. */
function stageSchemas(from: string, to: string): void {
  if (!existsSync(from)) return;
  for (const file of discoverSchemas(from)) {
    const target = join(to, relative(from, file));
    mkdirSync(dirname(target), { recursive: true });
    try {
      linkSync(file, target);
    } catch {
      copyFileSync(file, target);
    }
  }
}

/** Whether the charm imports the generated config module already (then the snippet does not import it again). */
function importsConfig(project: string): boolean {
  const charm = join(project, "src", "charm.ts");
  return existsSync(charm) && readFileSync(charm, "utf8").includes('"../generated/config.js"');
}

export async function addInterface(options: AddOptions): Promise<AddResult> {
  const project = resolve(options.dir);
  if (!statSync(project, { throwIfNoEntry: false })?.isDirectory()) throw new AddError(`${options.dir} is not a folder: run relgen add in a charm project`);
  const metaFile = metadataFile(project, options.dir);
  const registry = options.registry ?? lazyRegistry(() => openRegistry(undefined));
  const chosen = await chooseInterface(options.interface, options.role, registry);
  const { name: endpoint, ok } = endpointName(chosen, options.endpoint);
  if (!ok) throw new AddError(`"${endpoint}" is not an endpoint name: lower-case letters, digits, - and _ (pass --endpoint NAME)`);
  const kind = KIND[chosen.identity.role];
  const shownMeta = relative(project, metaFile);
  let metadata: string;
  try {
    metadata = addEndpoint(readFileSync(metaFile, "utf8"), shownMeta, kind, endpoint, chosen.identity.name);
  } catch (e) {
    if (e instanceof MetadataEditError) throw new AddError(e.message);
    throw e;
  }

  const stage = join(project, `.relgen-add-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    stageSchemas(join(project, "schema"), join(stage, "schema"));
    const { placed, kept, warnings: placing } = await placeSchemas(stage, [chosen], registry);
    const typeChecked = runtimeInstalled(project);
    const result = await generate({ schemas: discoverSchemas(join(stage, "schema")), outDir: join(project, "generated"), baseDir: stage, runtime: "relgen/runtime", skipTypeCheck: !typeChecked });
    const [described] = describeEndpoints(result, stage, placed, [endpoint]);
    // The options the new handler publishes from, merged into config.yaml (computed now: a bad config.yaml refuses the add).
    const configUpdate = mergedConfig(project, configOptionsOf([described!]));

    // The add is decided: write the project. New schemas first, then generated/, then the metadata.
    const schemas: string[] = [];
    for (const file of placed.flatMap((p) => (p.counterpart ? [p.file, p.counterpart] : [p.file]))) {
      const rel = relative(stage, file);
      const to = join(project, rel);
      if (existsSync(to)) continue;
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(file, to, constants.COPYFILE_EXCL);
      schemas.push(rel.split(sep).join("/"));
    }
    const written = writeFiles(join(project, "generated"), result.interfaces, result.files);
    writeAtomically(metaFile, metadata);
    if (configUpdate.text !== null) {
      writeAtomically(join(project, "config.yaml"), configUpdate.text);
      const warning = writeConfigModule(join(project, "generated"), await projectConfigModule(project, "relgen/runtime", join(project, "generated"), !typeChecked));
      if (warning) configUpdate.warnings.push(`generated/${warning}`);
    }
    // The other interfaces' warnings were shown when they were added: only this one's.
    const mine = `schema/${chosen.identity.name}/v${chosen.identity.version}/`;
    const warnings = [
      ...placing,
      ...result.warnings.filter((w) => w.startsWith(mine)),
      ...kept.map((f) => `${relative(stage, f)} exists and differs from the interface's schema: yours was kept and generated (compare them)`),
      ...written.kept.map((f) => `generated/${f} was not generated by relgen: left in place`),
      ...configUpdate.warnings,
    ];
    return {
      endpoint,
      kind,
      identity: chosen.identity,
      metadata: shownMeta,
      schemas,
      generated: result.files.length,
      typeChecked,
      snippet: endpointSnippet(described!, importsConfig(project)),
      variable: endpointVariable(endpoint),
      notes: chosen.note ? [chosen.note] : [],
      warnings,
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * config.yaml with the options a new endpoint's handler publishes from (see
 * config-options.ts): its new text (null: nothing to write) and a warning per
 * option that was there already. A project whose options live in
 * charmcraft.yaml is told what to add instead.
 */
function mergedConfig(project: string, options: readonly ConfigOptionModel[]): { text: string | null; warnings: string[] } {
  if (options.length === 0) return { text: null, warnings: [] };
  const file = join(project, "config.yaml");
  if (!existsSync(file)) {
    const found = findProjectConfig(project);
    if (found) return { text: null, warnings: [`${found.shown} holds the config: add the option(s) ${options.map((o) => o.name).join(", ")} under config.options (relgen add edits config.yaml only)`] };
    return { text: configYaml(options), warnings: [] };
  }
  try {
    const merged = mergeConfigYaml(readFileSync(file, "utf8"), "config.yaml", options);
    return { text: merged.added.length > 0 ? merged.text : null, warnings: merged.warnings };
  } catch (e) {
    throw new AddError((e as Error).message);
  }
}
