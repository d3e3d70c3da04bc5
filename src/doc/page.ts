/**
 * `relgen doc`'s page of one interface version, written from the same model
 * the code is generated from (`buildVersions`), so it cannot say otherwise:
 * its files and descriptions, each side's bags as tables of keys, the flags
 * with their rules in words, a handler example, and the generator's warnings.
 * Every text from a schema goes through `markdown.ts`. Deterministic: the
 * same schemas (read from the same base folder) give the same bytes.
 */
import { resolve } from "node:path";
import { counterpartOf, type BagModel, type InterfaceModel, type InterfaceVersion, type KeyModel } from "../generator/model.js";
import { buildVersions } from "../generator/pipeline.js";
import { ExampleSource } from "../generator/examples.js";
import { defaultEndpointName, handlerExample, readingExample } from "./handler.js";
import { code, codeBlock, codeList, prose, table, type Md } from "./markdown.js";
import { words } from "./rule-text.js";
import { typeText } from "./type-text.js";

export interface DocPage {
  readonly name: string;
  readonly version: number;
  /** `<interface>-v<N>.md` */
  readonly fileName: string;
  readonly markdown: string;
}

export interface PageOptions {
  /** The folder the sides' `source` paths are relative to (the `baseDir` they were built with). */
  readonly baseDir: string;
  /** Where examples are read from (shared by the pages of one run). */
  readonly examples?: ExampleSource;
}

const KEY_COLUMNS = ["Wire key", "TypeScript", "Type", "Required", "Encoding", "Secret", "Description", "Example"];
const ROLE_TITLE = { provider: "Provider", requirer: "Requirer", peers: "Peers" } as const;

function secretCell(side: InterfaceModel, bag: BagModel, key: KeyModel): Md {
  const uri = bag.scope === "secret" ? undefined : side.secretUris.find((s) => s.bag === bag.scope && s.wire === key.wire);
  if (uri) return `URI of a Juju secret holding ${codeList(uri.content.keys.map((k) => k.wire), true) || "no declared keys"}`;
  return key.secret ? "yes: never logged" : "";
}

function keyRow(side: InterfaceModel, bag: BagModel, key: KeyModel, file: string, examples: ExampleSource): Md[] {
  const example = examples.wire(file, key);
  return [
    code(key.wire, true),
    code(key.ts, true),
    typeText(key.schema, bag.defs, key.encoding),
    key.required ? "yes" : "no",
    key.encoding === "json" ? "JSON" : "raw",
    secretCell(side, bag, key),
    prose(key.description ?? key.title ?? ""),
    example === null ? "" : code(example, true),
  ];
}

function bagSection(side: InterfaceModel, bag: BagModel | null, scope: "unit" | "app", reader: string, file: string, examples: ExampleSource): string[] {
  const title = scope === "unit" ? "Unit bag" : "Application bag";
  const who = scope === "unit" ? `each ${side.role === "peers" ? "peer" : side.role} unit writes its own` : `the ${side.role === "peers" ? "application" : side.role} leader writes it`;
  const lines = [`### ${title} (\`${scope}\`)`, "", `Written by this side (${who}), read by ${reader}.`, ""];
  if (!bag) return [...lines, "The schema leaves this bag unspecified: it is read as open (any string keys, untyped).", ""];
  if (bag.description) lines.push(prose(bag.description), "");
  if (bag.keys.length === 0) return [...lines, "No keys.", ""];
  return [...lines, table(KEY_COLUMNS, bag.keys.map((k) => keyRow(side, bag, k, file, examples))), ""];
}

function secretSections(side: InterfaceModel, file: string, examples: ExampleSource): string[] {
  return side.secretUris.flatMap((s) => [
    `### Secret content: ${code(s.wire)} (\`${s.bag}\` bag)`,
    "",
    `The keys of the Juju secret whose URI this side publishes as ${code(s.wire)}${s.source === "convention" ? " (a secret URI by the registry's naming convention, not declared)" : ""}.`,
    "",
    ...(s.content.description ? [prose(s.content.description), ""] : []),
    s.content.keys.length === 0 ? "No declared keys." : table(KEY_COLUMNS, s.content.keys.map((k) => keyRow(side, s.content, k, file, examples))),
    "",
  ]);
}

function flagSection(side: InterfaceModel, counterpart: InterfaceModel | null): string[] {
  const reads = side.role === "peers" ? "what the peer units and the application publish" : counterpart ? `what the ${counterpart.role} side publishes` : "what the other side publishes (its schema is missing: open bags)";
  const lines = [
    "### Flags",
    "",
    `Computed in every hook from ${reads}. A flag is set on the endpoint when its rule holds on some relation; handlers name it as ${code(`${defaultEndpointName(side)}.<flag>`)} (the endpoint's name, then the flag).${side.declaredFlags ? "" : " This side declares no flags: these are the defaults."}`,
    "",
  ];
  for (const flag of side.flags) {
    lines.push(`- ${code(flag.name)}: ${words(flag.rule, { side, counterpart })}.`);
    if (flag.description) lines.push(`  ${prose(flag.description)}`);
  }
  return [...lines, ""];
}

function setterSection(side: InterfaceModel): string[] {
  if (side.setters.length === 0) return [];
  const lines = ["### Setters", ""];
  for (const s of side.setters) {
    const params = s.params.map((p) => `${p.name}: ${p.key}`).join(", ");
    lines.push(`- ${code(`${s.name}(${params})`)}, ${s.bag} bag${s.relations === "all" ? ", every relation" : ""}: ${prose(s.description)}`);
  }
  return [...lines, ""];
}

function readingSection(side: InterfaceModel, counterpart: InterfaceModel | null): string[] {
  const reading = readingExample(side, counterpart);
  if (reading === null) {
    const why = counterpart ? `the ${counterpart.role === side.role ? "peers'" : `${counterpart.role} side's`} schema declares no keys` : "the other side's schema is not here";
    return [`Reading: ${why}, so its bags are read untyped (${code("relation.app.raw")}, ${code("unit.raw")}).`, ""];
  }
  return ["A handler that reads the other side, added to that module:", "", codeBlock("ts", reading), ""];
}

function sideSection(version: InterfaceVersion, side: InterfaceModel, options: Required<PageOptions>): string[] {
  const counterpart = counterpartOf(version, side);
  const file = resolve(options.baseDir, side.source);
  const reader = side.role === "peers" ? "the other peer units" : counterpart ? `the ${counterpart.role} side` : "the other side";
  return [
    `## ${ROLE_TITLE[side.role]}${side.title ? `: ${prose(side.title)}` : ""}`,
    "",
    `From ${code(side.source)}. Endpoint factory ${code(side.factoryName)}, types ${code(side.typeName)}.`,
    "",
    ...(side.description ? [prose(side.description), ""] : []),
    ...bagSection(side, side.unit, "unit", reader, file, options.examples),
    ...bagSection(side, side.app, "app", reader, file, options.examples),
    ...secretSections(side, file, options.examples),
    ...flagSection(side, counterpart),
    ...setterSection(side),
    "### Handler example",
    "",
    `The ${code("src/charm.ts")} that ${code(`relgen init`)} writes for a charm with a ${code(defaultEndpointName(side))} endpoint of this side:`,
    "",
    codeBlock("ts", handlerExample(side, counterpart, file, options.examples)),
    "",
    ...readingSection(side, counterpart),
  ];
}

/** The Markdown page of one interface version (see the module comment). */
export function interfacePage(version: InterfaceVersion, options: PageOptions): string {
  const full: Required<PageOptions> = { baseDir: options.baseDir, examples: options.examples ?? new ExampleSource() };
  const warnings = version.sides.flatMap((s) => s.warnings.map((w) => `- ${code(s.source)}: ${prose(w)}`));
  const lines = [
    `# ${prose(version.name)} v${version.version}`,
    "",
    `Interface ${code(version.name)}, version ${version.version}. Generated by ${code("relgen doc")} from the schemas; do not edit.`,
    "",
    "Schemas:",
    "",
    ...version.sides.map((s) => `- ${code(s.source)} (${s.role})`),
    "",
    `Sides: ${version.sides.map((s) => s.role).join(", ")}.${version.sides.length === 1 && version.sides[0]!.role !== "peers" ? " The other side's schema is not here: this side reads its bags untyped." : ""}`,
    "",
    ...version.sides.flatMap((s) => sideSection(version, s, full)),
    "## Warnings",
    "",
    ...(warnings.length > 0 ? warnings : ["The generator gave no warnings."]),
    "",
  ];
  return lines.join("\n");
}

/** The file name of a version's page: `<interface>-v<N>.md` (an interface name is a plain word: checked by the generator). */
export function pageFileName(version: { readonly name: string; readonly version: number }): string {
  return `${version.name.replace(/[^A-Za-z0-9_.-]/g, "_")}-v${version.version}.md`;
}

/**
 * The pages of every interface version the schema files hold (read with
 * their display paths relative to `baseDir`), sorted by interface and
 * version. Throws the pipeline's GenerationError when a schema is wrong.
 */
export function docPages(schemaFiles: readonly string[], baseDir: string, externalRefs?: ReadonlyMap<string, string>): DocPage[] {
  const examples = new ExampleSource();
  return buildVersions(schemaFiles, baseDir, undefined, externalRefs && externalRefs.size > 0 ? { externalRefs } : {}).map((v) => ({
    name: v.name,
    version: v.version,
    fileName: pageFileName(v),
    markdown: interfacePage(v, { baseDir, examples }),
  }));
}
