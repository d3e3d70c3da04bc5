/**
 * Every name an emitter needs for one interface model, in one place, so that
 * emitters agree on file names, type names and import specifiers.
 */
import { allBags, type BagModel, type InterfaceModel } from "../model.js";

export interface GeneratedFile {
  /** Path relative to the output root, `/` separators, e.g. `mysql-innodb-cluster/v0/peers.types.ts`. */
  readonly path: string;
  readonly content: string;
}

export interface EmitOptions {
  /**
   * Module specifier prefix of the runtime, as seen from the generated version
   * folder (e.g. `../../../src/runtime` inside this package, or `relgen/runtime`).
   */
  readonly runtime: string;
}

export function versionDir(model: InterfaceModel): string {
  return `${model.name}/v${model.version}`;
}

export function filesOf(model: InterfaceModel) {
  const base = `${versionDir(model)}/${model.role}`;
  return {
    types: `${base}.types.ts`,
    validate: `${base}.validate.js`,
    validateDts: `${base}.validate.d.ts`,
    accessors: `${base}.accessors.ts`,
    flags: `${base}.flags.ts`,
    endpoint: `${base}.endpoint.ts`,
  };
}

/** The specifier by which one generated file imports a sibling. */
export function sibling(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return "./" + name.replace(/\.ts$/, ".js");
}

export function header(model: InterfaceModel): string {
  return `generated from ${model.source} by relgen; do not edit.`;
}

/**
 * The module generated code imports the runtime from: the package's one
 * public entry (`relgen/runtime`), or, given a path, that folder's index.
 */
export function runtimeImports(options: EmitOptions) {
  const rt = options.runtime.replace(/\/$/, "");
  const relative = rt.startsWith(".") || rt.startsWith("/");
  const entry = relative ? `${rt}/index.js` : rt;
  // Validators need only the format checks: their own module, without the hook
  // machinery (child processes, crypto), so that loading a validator is quick.
  const formats = relative ? `${rt}/formats.js` : rt === "relgen/runtime" ? "relgen/runtime/formats" : rt;
  return { runtime: entry, formats };
}

export function bagNames(_model: InterfaceModel, bag: BagModel) {
  const t = bag.typeName;
  const stem = t.charAt(0).toLowerCase() + t.slice(1);
  return {
    typeName: t,
    specName: `${stem}Spec`,
    keyType: `${t}Key`,
    byWireKeyType: `${t}ByWireKey`,
    viewType: `${t}View`,
    publishType: `${t}Publish`,
    secretsType: `${t}Secrets`,
    readFn: `read${t}`,
    validateFn: `validate${t}`,
    encodeFn: `encode${t}`,
    validatorName: `validate${t}Decoded`,
    partialValidatorName: `validate${t}Partial`,
    bindingName: `${stem}Binding`,
  };
}

export function flagNames(model: InterfaceModel) {
  const t = model.typeName;
  return {
    flagType: `${t}Flag`,
    flagListName: `${model.factoryName}Flags`,
    flagNamesType: `${t}FlagNames`,
    flagStateType: `${t}FlagState`,
    flagNamesFn: `${model.factoryName}FlagNames`,
    computeFn: `compute${t}Flags`,
  };
}

/** A key's description for a doc comment: the schema's words plus its wire name and encoding. */
export function keyDoc(key: { wire: string; encoding: string; description?: string; title?: string; secret: boolean }): string {
  const text = key.description ?? key.title ?? "";
  const wire = `Wire key \`${key.wire}\`, ${key.encoding === "json" ? "JSON-encoded" : "raw string"}${key.secret ? ", secret" : ""}.`;
  return text ? `${text}\n\n${wire}` : wire;
}

/**
 * The types `is<Flag>(relation)` narrows to (emit/endpoint.ts): the relation,
 * `<Side><Flag>Relation`, and its remote units and application bag.
 */
export function narrowedTypes(model: InterfaceModel, flag: string) {
  const stem = `${model.typeName}${flag.charAt(0).toUpperCase()}${flag.slice(1)}`;
  return { relation: `${stem}Relation`, remoteUnit: `${stem}RemoteUnit`, remoteApp: `${stem}RemoteApp` };
}

/** Every exported name the emitters derive from the model's type name (definitions must avoid them). */
export function reservedTypeNames(model: InterfaceModel): Set<string> {
  const t = model.typeName;
  const names = new Set<string>([`${t}Data`, `${t}Endpoint`, `${t}RemoteUnit`, `${t}Relation`, `${t}RemoteApp`, `${t}ChangedKey`]);
  for (const bag of allBags(model)) for (const n of Object.values(bagNames(model, bag))) names.add(n);
  for (const n of Object.values(flagNames(model))) names.add(n);
  for (const f of model.flags) for (const n of Object.values(narrowedTypes(model, f.name))) names.add(n);
  return names;
}
