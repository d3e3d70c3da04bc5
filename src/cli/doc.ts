/** `relgen doc [--out FILE|DIR] [SCHEMA...]`: a Markdown page per interface version. */
import { isSystemError } from "../generator/fs-text.js";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { GenerationError, SchemaError, SetupError } from "../generator/errors.js";
import { discoverSchemas, expandSchemaArgs } from "../generator/discover.js";
import { docPages, type DocPage } from "../doc/page.js";
import { ChooseError, chooseVersion, lazyRegistry, parseInterfaceName, registryBase, registryRefs } from "../project/choose.js";
import { DEFAULT_REGISTRY_URL, openRegistry, RegistryError, type Registry } from "../registry/index.js";
import { visible } from "../runtime/text.js";
import { parseOptions, type Io } from "./command-line.js";

export const DOC_USAGE = `usage: relgen doc [--out FILE|DIR] [--interface NAME ...] [--registry R] [SCHEMA...]

  SCHEMA        interface schema files or folders (default: every schema under schema/).
                A folder documents every interface version it holds; a file documents
                its interface version, with the other sides found beside it.
  --interface NAME
                an interface of the registry by name: NAME (its newest version), NAME@vN
                or NAME/vN; repeat for more
  --registry R  a checkout of the interface registry (a folder) or its URL (default:
                $RELGEN_REGISTRY, else ${DEFAULT_REGISTRY_URL})
  --out FILE    write the pages into one file (a path ending in .md)
  --out DIR     write one <interface>-v<N>.md per interface version into DIR
                (any other path; created when missing)
                Without --out, the pages go to stdout.

A page holds each side's bags (every key: wire name, TypeScript name, type, required,
encoding, secret, description, example), its flags and their rules in words, the
handler relgen init scaffolds for it, and the generator's warnings.
`;

/** What `relgen doc` was asked to document: the schema arguments as given. */
export interface DocArgs {
  readonly schemas: readonly string[];
  /** Registry interfaces by name. */
  readonly interfaces?: readonly string[];
}

export interface DocCommandOptions {
  /** Directory that relative paths (schema/, --out, SCHEMA...) are resolved from, and page paths shown relative to. Default: the working directory. */
  readonly cwd?: string;
}

interface Parsed extends DocArgs {
  readonly out?: string;
  readonly registry?: string;
}

function parse(argv: readonly string[]): Parsed | string {
  const read = parseOptions(
    argv,
    { out: { type: "string" }, interface: { type: "string", multiple: true }, registry: { type: "string" } },
    { out: "a file or a folder", interface: "a name", registry: "a folder or a URL" },
  );
  if ("help" in read) return "";
  if ("error" in read) return read.error;
  const { out, registry } = read.values;
  const interfaces = read.values.interface ?? [];
  if (out === "") return "--out needs a file or a folder";
  if (registry === "") return "--registry needs a folder or a URL";
  const bad = interfaces.find((v) => !parseInterfaceName(v));
  if (bad !== undefined) return bad === "" ? "--interface needs a name" : `--interface ${bad}: an interface name (lower-case letters, digits, - and _), e.g. ingress or ingress@v2`;
  return { schemas: read.positionals, interfaces, ...(out !== undefined ? { out } : {}), ...(registry !== undefined ? { registry } : {}) };
}

/** The schema files of the interfaces named, from the registry, with the choice made for each (for the user). */
async function namedSchemaFiles(names: readonly string[], registry: () => Registry, note: (line: string) => void): Promise<string[]> {
  const files: string[] = [];
  for (const name of names) {
    const version = (await chooseVersion(name, registry))!;
    note(version.note);
    files.push(...version.files);
  }
  return files;
}

/**
 * The schema files the arguments name: every schema under each folder; each
 * file with the other sides beside it; with none, every schema under
 * `schema/`. A path that does not exist is a SetupError naming it.
 */
export function docSchemaFiles(args: DocArgs, cwd: string): string[] {
  if (args.schemas.length === 0 && (args.interfaces ?? []).length > 0) return [];
  if (args.schemas.length === 0) {
    const found = discoverSchemas(resolve(cwd, "schema"));
    if (found.length === 0) throw new SetupError(`no schemas given and none found under ${relative(cwd, resolve(cwd, "schema")) || "schema"}/`);
    return found;
  }
  for (const arg of args.schemas) {
    if (!statSync(resolve(cwd, arg), { throwIfNoEntry: false })) throw new SetupError(`${arg}: no such file or folder`);
  }
  const files = expandSchemaArgs(args.schemas.map((a) => resolve(cwd, a)));
  if (files.length === 0) throw new SetupError(`no schema (.json) files in ${args.schemas.join(", ")}`);
  return files;
}

/** Pages joined into one document (stdout or one file). */
export function joinPages(pages: readonly DocPage[]): string {
  return pages.map((p) => p.markdown).join("\n---\n\n");
}

/** Writes the pages where `--out` says; returns what to tell the user. */
function writePages(pages: readonly DocPage[], out: string, cwd: string): string {
  const target = resolve(cwd, out);
  const isDir = statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? !out.toLowerCase().endsWith(".md");
  if (!isDir) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, joinPages(pages));
    return `relgen: wrote ${pages.length} page(s) into ${out}`;
  }
  mkdirSync(target, { recursive: true });
  for (const page of pages) writeFileSync(join(target, page.fileName), page.markdown);
  return `relgen: wrote ${pages.map((p) => p.fileName).join(", ")} into ${out}`;
}

export async function docCommand(argv: readonly string[], io: Io, options: DocCommandOptions = {}): Promise<number> {
  const p = parse(argv);
  if (typeof p === "string") {
    if (p) io.stderr(`relgen doc: ${p}\n`);
    (p ? io.stderr : io.stdout)(DOC_USAGE);
    return p ? 2 : 0;
  }
  const cwd = options.cwd ?? process.cwd();
  const err = (text: string): void => io.stderr(visible(text) + "\n");
  const registry = lazyRegistry(() => openRegistry(p.registry, { onNote: (line) => err(`relgen: ${line}`) }));
  try {
    const named = await namedSchemaFiles(p.interfaces ?? [], registry, (line) => err(`relgen: ${line}`));
    const files = [...docSchemaFiles(p, cwd), ...named];
    // Registry files are shown as <interface>/v<N>/…, the same on every machine.
    const baseDir = p.schemas.length === 0 && named.length > 0 ? registryBase(named[0]!) : cwd;
    const pages = docPages(files, baseDir, await registryRefs(files, registry));
    if (p.out === undefined) io.stdout(joinPages(pages));
    else io.stdout(visible(writePages(pages, p.out, cwd)) + "\n");
    return 0;
  } catch (e) {
    if (e instanceof GenerationError) {
      for (const problem of e.problems) err(`error: ${problem.message}`);
      err(`relgen doc: ${e.problems.length} problem(s); no page written`);
      return 1;
    }
    if (e instanceof SetupError || e instanceof ChooseError || e instanceof RegistryError) err(`relgen doc: ${e.message}`);
    else if (e instanceof SchemaError) err(`error: ${e.message}`);
    else if (isSystemError(e)) err(`relgen doc: ${e.message}`);
    else throw e;
    return 1;
  }
}
