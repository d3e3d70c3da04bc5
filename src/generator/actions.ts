/**
 * Typed actions: a charm's `actions.yaml` (or the `actions:` of its
 * `charmcraft.yaml`) becomes, in the generated folder,
 *
 * - `actions.ts`: one `<Name>Params` interface per action (descriptions as
 *   doc comments), `CharmActions` (parameters by action name) and `actions`,
 *   the definitions `defineCharm({ actions })` takes;
 * - `actions.validate.js` (+ `.d.ts`): ajv standalone validators of each
 *   action's parameters, filling in defaults as Juju does before the charm
 *   sees them.
 *
 * An action's schema is Juju's: `params` (JSON Schema properties),
 * `required`, `additionalProperties` (JSON Schema's default: allowed).
 * `relgen generate` writes them when the project folder has such a file, and
 * `--check` compares them (src/cli/generate.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { compile } from "json-schema-to-typescript";
import { parse } from "yaml";
import type { GeneratedFile } from "./emit/names.js";
import { standaloneModule } from "./emit/standalone.js";
import { createAjv } from "./emit/validators.js";
import { formatFiles } from "./format.js";
import { docText, lineComment, stringLiteral } from "./emit/templating.js";
import { SetupError } from "./errors.js";
import { toPascalCase } from "./naming.js";
import { PACKAGE_ROOT, RUNTIME_SOURCE_DIR } from "./paths.js";
import { mapSchema } from "./schema-walk.js";

type Json = Record<string, unknown>;

/** The generated files, relative to the output folder. */
export const ACTION_FILES = { types: "actions.ts", validate: "actions.validate.js", validateDts: "actions.validate.d.ts" } as const;

export interface ActionSpec {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema of the parameters object. */
  readonly schema: Json;
}

export interface ActionsSource {
  /** The file, as shown in headers (relative to the project). */
  readonly file: string;
  readonly actions: readonly ActionSpec[];
}

const ACTION_NAME = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The project's actions: `actions.yaml`, else `charmcraft.yaml`'s `actions:`; null when it has none. */
export function readActionsSource(projectDir: string): ActionsSource | null {
  for (const [name, key] of [["actions.yaml", null], ["charmcraft.yaml", "actions"]] as const) {
    const path = join(projectDir, name);
    if (!existsSync(path)) continue;
    let doc: unknown;
    try {
      doc = parse(readFileSync(path, "utf8"), { maxAliasCount: 100 });
    } catch (e) {
      throw new SetupError(`${name}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    const actions = key === null ? doc : isObject(doc) ? doc[key] : undefined;
    if (actions === undefined || actions === null) {
      if (key === null) return { file: name, actions: [] };
      continue;
    }
    if (!isObject(actions)) throw new SetupError(`${name}: ${key ? `${key}: ` : ""}must be a map of action names to their definitions`);
    return { file: name, actions: Object.keys(actions).sort().map((n) => actionSpec(name, n, actions[n])) };
  }
  return null;
}

function actionSpec(file: string, name: string, def: unknown): ActionSpec {
  if (!ACTION_NAME.test(name)) throw new SetupError(`${file}: action ${JSON.stringify(name)}: an action name is lowercase letters, digits and hyphens, starting with a letter`);
  const d = def === null || def === undefined ? {} : def;
  if (!isObject(d)) throw new SetupError(`${file}: action ${name}: must be a map (description, params, required, additionalProperties)`);
  const params = d["params"] ?? {};
  if (!isObject(params)) throw new SetupError(`${file}: action ${name}: params must be a map of parameter names to JSON Schemas`);
  const required = d["required"] ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === "string" && Object.prototype.hasOwnProperty.call(params, r))) {
    throw new SetupError(`${file}: action ${name}: required must list parameters of params`);
  }
  const schema: Json = { type: "object", properties: params, required };
  if (d["additionalProperties"] !== undefined) schema["additionalProperties"] = d["additionalProperties"];
  return { name, description: typeof d["description"] === "string" ? d["description"] : "", schema };
}

/** The runtime module the generated actions import types from. */
export function actionsRuntime(outDir: string, runtime?: string): string {
  if (runtime) return runtime.startsWith(".") || runtime.startsWith("/") ? `${runtime.replace(/\/$/, "")}/index.js` : runtime;
  const abs = resolve(outDir);
  if (!abs.startsWith(PACKAGE_ROOT + sep)) return "relgen/runtime";
  const rel = relative(abs, RUNTIME_SOURCE_DIR).split(sep).join("/");
  return `${rel.startsWith(".") ? rel : "./" + rel}/index.js`;
}

/** Doc text is escaped by json-schema-to-typescript's caller: `*\/` would end the comment. */
function safeDocs(schema: unknown): unknown {
  return mapSchema(schema, (node) => {
    for (const k of ["description", "title"]) if (typeof node[k] === "string") node[k] = (node[k] as string).replace(/\*\//g, "*\\/");
    for (const k of ["examples", "$id", "$schema"]) delete node[k];
    return node;
  });
}

const typeName = (action: string): string => `${toPascalCase(action)}Params`;
const validatorName = (action: string): string => `validate${toPascalCase(action)}`;

export async function emitActions(source: ActionsSource, runtimeModule: string): Promise<GeneratedFile[]> {
  const header = `// generated from ${lineComment(source.file)} by relgen; do not edit.\n`;
  const seen = new Map<string, string>();
  for (const a of source.actions) {
    const clash = seen.get(typeName(a.name));
    if (clash) throw new SetupError(`${source.file}: actions ${clash} and ${a.name} would have the same type name ${typeName(a.name)}`);
    seen.set(typeName(a.name), a.name);
  }
  // Types
  const interfaces: string[] = [];
  for (const a of source.actions) {
    const root = safeDocs({ ...a.schema, title: typeName(a.name), description: a.description || `Parameters of the ${a.name} action.` }) as Json;
    const compiled = await compile(root as Parameters<typeof compile>[0], typeName(a.name), {
      bannerComment: "",
      additionalProperties: a.schema["additionalProperties"] !== false,
      strictIndexSignatures: true,
      declareExternallyReferenced: true,
      format: false,
      cwd: "/nonexistent-relgen-cwd",
      $refOptions: { resolve: { external: false, file: false, http: false } } as never,
    });
    interfaces.push(compiled.trim());
  }
  const entries = source.actions.map((a) => `  ${stringLiteral(a.name)}: ${typeName(a.name)};`).join("\n");
  const defs = source.actions
    .map((a) => `  ${stringLiteral(a.name)}: {\n${a.description ? `    description: ${stringLiteral(a.description)},\n` : ""}    validate: ${validatorName(a.name)},\n  },`)
    .join("\n");
  const imports = source.actions.length > 0 ? `import { ${source.actions.map((a) => validatorName(a.name)).join(", ")} } from "./actions.validate.js";\n` : "";
  const types =
    header +
    `//\n// The charm's actions: each one's parameters, typed, and their validators, for\n// \`defineCharm({ endpoints, actions })\` and \`charm.action(name, handler)\`.\n\n` +
    `import type { ActionDefinitions } from ${stringLiteral(runtimeModule)};\n${imports}\n` +
    interfaces.join("\n\n") +
    `\n\n/** Each action's parameters, by action name. */\nexport interface CharmActions {\n${entries}\n}\n\n` +
    `/** The definitions \`defineCharm({ actions })\` takes. */\nexport const actions: ActionDefinitions<CharmActions> = {\n${defs}\n};\n`;

  // Validators
  const ajv = createAjv(true, source.actions.map((a) => a.schema), true);
  const exportsMap: Record<string, string> = {};
  for (const a of source.actions) {
    ajv.addSchema(a.schema, a.name);
    exportsMap[validatorName(a.name)] = a.name;
  }
  const formatsModule = runtimeModule.endsWith("/index.js") ? runtimeModule.replace(/index\.js$/, "formats.js") : runtimeModule === "relgen/runtime" ? "relgen/runtime/formats" : runtimeModule;
  const code = standaloneModule(ajv, exportsMap, formatsModule, source.file);
  const js = `${header}//\n// ajv standalone validators of the actions' parameters (defaults filled in).\n${code}\n`;
  const dts =
    `${header}\nimport type { Validator } from ${stringLiteral(runtimeModule)};\n` +
    (source.actions.length > 0 ? `import type { ${source.actions.map((a) => typeName(a.name)).join(", ")} } from "./actions.js";\n` : "") +
    "\n" +
    source.actions.map((a) => `/** Validates the parameters of ${docText(a.name)}, filling in their defaults. */\nexport declare const ${validatorName(a.name)}: Validator<${typeName(a.name)}>;\n`).join("\n");
  return formatFiles([
    { path: ACTION_FILES.types, content: types },
    { path: ACTION_FILES.validate, content: js },
    { path: ACTION_FILES.validateDts, content: dts },
  ]);
}

/** The files that differ from (or are missing in) `outDir`. */
export function staleActionFiles(outDir: string, files: readonly GeneratedFile[]): string[] {
  return files.filter((f) => {
    const path = join(outDir, f.path);
    return !existsSync(path) || readFileSync(path, "utf8") !== f.content;
  }).map((f) => f.path);
}
