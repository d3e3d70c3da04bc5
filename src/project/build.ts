/**
 * `relgen build`: a charm project becomes a charm directory that Juju (or
 * relgen's simulator) can run: `metadata.yaml`, `config.yaml` and
 * `actions.yaml` when present, a `dispatch` that finds Node, and the hook
 * program bundled into one file. The charm is type-checked first, so a
 * misspelt key never ships. With `pack`, the directory is also zipped into a
 * `.charm` archive laid out as charmcraft lays one out.
 */
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { CharmError, parseMetadata, type CharmMetadata } from "../juju/metadata.js";
import { fsReason, shownPath } from "../generator/fs-text.js";
import { stringify } from "yaml";
import { readZipEntry, zip, type ZipEntry } from "./zip.js";
import { CODE_CACHE_FILE, HOOK_BUNDLE_CJS, HOOK_BUNDLE_ESM, HOOK_PROGRAM, loaderSource, versionGuard } from "./hook-loader.js";

export interface BuildOptions {
  /** The charm project: holds metadata.yaml (or charmcraft.yaml) and the hook program's entry. */
  readonly project: string;
  /** The hook program's entry point; default `src/hook.ts`. */
  readonly entry?: string;
  /** Output charm directory; default `build/<charm name>` in the project. */
  readonly out?: string;
  /** tsconfig.json to type-check with; default the project's own, if any. */
  readonly tsconfig?: string;
  /** Also write `<out>/../<name>.charm`. */
  readonly pack?: boolean;
  /** Rebuild even when every input is as the last build read it. */
  readonly force?: boolean;
  /** Skip the type-check (only for sources a compiler checked already). */
  readonly skipTypeCheck?: boolean;
  /** Ubuntu bases written to manifest.yaml, e.g. ["22.04", "24.04"]. */
  readonly bases?: readonly string[];
}

export interface BuildResult {
  readonly name: string;
  readonly dir: string;
  readonly archive?: string;
  /** False when the charm directory was up to date and left as it was. */
  readonly built: boolean;
}

export class BuildError extends Error {
  override readonly name = "BuildError";
}

/** Files copied from the project into the charm, when present. */
const CHARM_FILES = ["metadata.yaml", "charmcraft.yaml", "config.yaml", "actions.yaml"];
/**
 * The marker of a charm directory that relgen build made, and its record:
 * `{ "relgen": "build", "files": [what it wrote], "inputs": { "<path>": "sha256:<hex>" } }`,
 * the inputs being every file the build read, by path relative to the project
 * (`/` separators), with the SHA-256 of its content. A build writes into a
 * folder only when it holds this file (or is empty or new), and then replaces
 * only the files listed in it; it builds nothing when every input it lists
 * still has its hash and the project has no charm file it does not list.
 */
export const BUILD_MARKER = ".relgen-build.json";
/** What a build writes besides the copied CHARM_FILES; also what an older marker (a bare list of inputs) stands for. */
const BUILT_FILES = [HOOK_PROGRAM, HOOK_BUNDLE_CJS, HOOK_BUNDLE_ESM, CODE_CACHE_FILE, "dispatch"];
/** Node versions the bundled hook program runs on. */
export const MIN_NODE = 20;

/**
 * The dispatch script: Juju runs it for every event. It finds a Node of
 * version MIN_NODE or newer on PATH or where snaps and packages put it, and
 * says what to do when there is none.
 */
export function dispatchScript(): string {
  return `#!/bin/sh
# Juju runs this for every event; built by relgen build. The hook program is
# ${HOOK_PROGRAM} beside it, and needs Node.js ${MIN_NODE} or newer on the machine.
JUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-hooks/$(basename "$0")}"
export JUJU_DISPATCH_PATH
dir="\${JUJU_CHARM_DIR:-$(dirname "$0")}"
# RELGEN_NODE names the node to use instead (space-separated candidates).
for node in \${RELGEN_NODE:-node /snap/bin/node /usr/local/bin/node /usr/bin/node}; do
  if command -v "$node" >/dev/null 2>&1; then exec "$node" "$dir/${HOOK_PROGRAM}"; fi
done
echo "$(basename "$dir"): no Node.js on this machine (looked for \${RELGEN_NODE:-node on PATH, /snap/bin/node, /usr/local/bin/node, /usr/bin/node}). Install Node.js ${MIN_NODE} or newer (sudo snap install node --classic --channel=${MIN_NODE}), then: juju resolve \${JUJU_UNIT_NAME:-<unit>}" >&2
exit 1
`;
}

function readProjectMetadata(project: string): { metadata: CharmMetadata; file: string } {
  for (const name of ["metadata.yaml", "charmcraft.yaml"]) {
    const file = join(project, name);
    if (existsSync(file)) {
      try {
        return { metadata: parseMetadata(readFileSync(file, "utf8"), file), file };
      } catch (e) {
        if (e instanceof CharmError) throw new BuildError(e.message);
        throw e;
      }
    }
  }
  throw new BuildError(`${shownPath(project)} has no metadata.yaml (nor a charmcraft.yaml with the charm's metadata): it is not a charm project (relgen init makes one)`);
}

interface BuildRecord {
  /** Files the last build wrote into the folder (names inside it). */
  readonly files: string[];
  /**
   * The files it read, by path relative to the project, with the hash of their content; absent while a
   * build is under way, after one failed, and in an older relgen's record (a list of absolute paths).
   */
  readonly inputs?: Readonly<Record<string, string>>;
}

const HASH = /^sha256:[0-9a-f]{64}$/;

/** The marker's record; an older relgen wrote the inputs alone, an unreadable one stands for every file a build writes. */
function readRecord(dir: string): BuildRecord {
  const fallback = [...BUILT_FILES, ...CHARM_FILES];
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dir, BUILD_MARKER), "utf8"));
  } catch {
    return { files: fallback };
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  // An older relgen's record (a bare list of absolute inputs): its files are the fallback, and it has no hashes.
  if (strings(value)) return { files: fallback };
  const record = value as Partial<Record<"files" | "inputs", unknown>> | null;
  // Names with a separator or `..` are not what a build writes: never act on them.
  const files = strings(record?.files) ? record.files.filter((f) => f !== "" && !f.includes("/") && !f.includes("\\") && f !== "." && f !== "..") : fallback;
  const inputs = record?.inputs;
  const hashed =
    typeof inputs === "object" && inputs !== null && !Array.isArray(inputs) && Object.values(inputs).every((h) => typeof h === "string" && HASH.test(h));
  return hashed ? { files, inputs: inputs as Record<string, string> } : { files };
}

function writeRecord(dir: string, record: BuildRecord): void {
  const inputs = record.inputs ? { inputs: Object.fromEntries(Object.entries(record.inputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {};
  writeFileSync(join(dir, BUILD_MARKER), JSON.stringify({ relgen: "build", files: [...new Set(record.files)].sort(), ...inputs }, null, 2) + "\n");
}

/** `file` as the record names it: relative to the project, with `/` separators (`../` when it lies outside, as a linked relgen does). */
function recordPath(project: string, file: string): string {
  return relative(project, file).split(sep).join("/");
}

/** The SHA-256 of a file's content, as the record writes it; null when it cannot be read. */
function hashFile(file: string): string | null {
  try {
    return `sha256:${createHash("sha256").update(readFileSync(file)).digest("hex")}`;
  } catch {
    return null;
  }
}

/** The record's inputs: every file read that can be hashed, by its path relative to the project. */
function hashInputs(project: string, files: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of files) {
    const hash = hashFile(file);
    if (hash !== null) out[recordPath(project, file)] = hash;
  }
  return out;
}

/**
 * Whether the charm in `dir` is what a build of `project` would write now: its
 * record lists inputs, each of them, found from the project (so a copied
 * project compares its own files), still has the content it had, and every
 * file the build reads besides the bundle's (`alsoRead`: the charm files and
 * the tsconfig the project has) is among them. Content, not
 * times: an edit that keeps the mtime, or a clock that went back, is seen.
 */
function upToDate(dir: string, project: string, alsoRead: readonly string[]): boolean {
  if (!existsSync(join(dir, BUILD_MARKER)) || !existsSync(join(dir, HOOK_PROGRAM))) return false;
  const { inputs } = readRecord(dir);
  if (!inputs) return false;
  if (!alsoRead.every((f) => Object.hasOwn(inputs, recordPath(project, f)))) return false;
  for (const [path, hash] of Object.entries(inputs)) {
    if (isAbsolute(path) || hashFile(resolve(project, path)) !== hash) return false;
  }
  return true;
}

/** The real path of `path`, which need not exist: its nearest existing ancestor's real path, then the rest. */
function realPathOf(path: string): string {
  const rest: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      if (dirname(at) === at) return resolve(path);
      rest.unshift(basename(at));
    }
  }
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * What the build may replace in `out`: the files its marker lists. Refuses a
 * path that holds the project, a file, and a folder that is not empty and
 * that relgen build did not make; a new or empty folder is taken as it is.
 */
function claimOutput(out: string, project: string): string[] {
  if (within(realpathSync(project), realPathOf(out))) {
    throw new BuildError(`--out ${shownPath(out)} holds the project itself: a build replaces what is in its folder, so give it a folder of its own (pass --out build/<name>, the default)`);
  }
  let stat;
  try {
    stat = statSync(out, { throwIfNoEntry: false });
  } catch (e) {
    throw new BuildError(`--out ${shownPath(out)}: ${fsReason(e)} (pass --out with a new folder)`);
  }
  if (!stat) return [];
  if (!stat.isDirectory()) throw new BuildError(`--out ${shownPath(out)} is a file, not a charm directory: relgen build writes only into a folder it made (pass --out with a new folder)`);
  if (lstatSync(join(out, BUILD_MARKER), { throwIfNoEntry: false })?.isFile()) return readRecord(out).files;
  if (readdirSync(out).length === 0) return [];
  throw new BuildError(`--out ${shownPath(out)} is not empty and relgen build did not make it (it has no ${BUILD_MARKER}): pass --out with a new or empty folder`);
}

/** An archive may be replaced only when relgen build packed it. */
function claimArchive(archive: string): void {
  const stat = lstatSync(archive, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    const manifest = readZipEntry(readFileSync(archive), "manifest.yaml");
    if (manifest?.toString("utf8").includes("\ncharmcraft-version: relgen-build\n")) return;
  }
  throw new BuildError(`${shownPath(archive)} exists and relgen build did not pack it: move it away, or pass --out so that the archive goes elsewhere`);
}

/** An error of the file system as one short clause. */

export async function buildCharm(options: BuildOptions): Promise<BuildResult> {
  const project = resolve(options.project);
  const { metadata } = readProjectMetadata(project);
  const entry = resolve(project, options.entry ?? join("src", "hook.ts"));
  if (!existsSync(entry)) throw new BuildError(`the hook program's entry ${shownPath(entry)} does not exist (pass --entry FILE)`);
  const out = resolve(project, options.out ?? join("build", metadata.name));
  const previous = claimOutput(out, project);
  const copied = CHARM_FILES.filter((f) => existsSync(join(project, f)));
  const written = [...BUILT_FILES, ...copied];
  for (const name of written) {
    if (!previous.includes(name) && lstatSync(join(out, name), { throwIfNoEntry: false })) {
      throw new BuildError(`${shownPath(join(out, name))} was not written by relgen build: move it away (a build replaces only its own files)`);
    }
  }
  const archive = options.pack ? join(dirname(out), `${metadata.name}.charm`) : undefined;
  if (archive) claimArchive(archive);

  // Read besides what the bundle reads: the charm files, and the tsconfig of the type-check.
  const tsconfig = options.tsconfig ? resolve(options.tsconfig) : join(project, "tsconfig.json");
  const alsoRead = [...copied.map((f) => join(project, f)), ...(existsSync(tsconfig) ? [tsconfig] : [])];
  const fresh = !options.force && upToDate(out, project, alsoRead) && (!archive || existsSync(archive));
  if (!fresh) {
    if (!options.skipTypeCheck) {
      const { typeCheckEntry } = await import("./typecheck.js");
      const problems = typeCheckEntry(entry, options.tsconfig ? resolve(options.tsconfig) : undefined);
      if (problems.length > 0) {
        throw new BuildError(`the charm does not type-check, nothing was built:\n${problems.map((p) => `  ${p}`).join("\n")}`);
      }
    }
    try {
      mkdirSync(out, { recursive: true });
      // The marker first, naming everything this build may leave: one cut short is still relgen's to replace.
      writeRecord(out, { files: [...previous, ...written] });
      for (const name of previous) rmSync(join(out, name), { force: true });
      const inputs = await bundleHook(entry, join(out, HOOK_PROGRAM), project);
      for (const name of copied) copyFileSync(join(project, name), join(out, name));
      writeFileSync(join(out, "dispatch"), dispatchScript(), { mode: 0o755 });
      chmodSync(join(out, "dispatch"), 0o755);
      writeRecord(out, { files: written.filter((f) => existsSync(join(out, f))), inputs: hashInputs(project, [...inputs, ...alsoRead]) });
      if (archive) writeFileSync(archive, packCharm(out, metadata, options.bases ?? ["22.04", "24.04"]));
    } catch (e) {
      if (e instanceof BuildError) throw e;
      throw new BuildError(`could not write the charm into ${shownPath(out)}: ${fsReason(e)}`);
    }
  }
  return { name: metadata.name, dir: out, ...(archive ? { archive } : {}), built: !fresh };
}

/**
 * Bundles a hook program: `program` (hook.cjs) is the loader Juju runs, and
 * the bundle goes beside it, CommonJS (`hook.bundle.cjs`), or an ES module
 * (`hook.bundle.mjs`) when the program awaits at its top level (see
 * hook-loader.ts). Returns the files it read (absolute), for the up-to-date check.
 */
export async function bundleHook(entry: string, program: string, project = dirname(entry)): Promise<string[]> {
  const { build } = await import("esbuild");
  const dir = dirname(program);
  const bundle = (format: "cjs" | "esm") =>
    build({
      entryPoints: [entry],
      outfile: join(dir, format === "cjs" ? HOOK_BUNDLE_CJS : HOOK_BUNDLE_ESM),
      bundle: true,
      platform: "node",
      format,
      target: `node${MIN_NODE}`,
      legalComments: "none",
      logLevel: "silent",
      metafile: true,
      banner: { js: `// Bundled by relgen build; do not edit.\n${versionGuard(MIN_NODE)}` },
    });
  const failed = (e: { errors?: { text: string; location?: { file: string; line: number } | null }[] }): never => {
    const errors = (e.errors ?? []).map((x) => `  ${x.location ? `${x.location.file}:${x.location.line}: ` : ""}${x.text}`);
    throw new BuildError(`bundling ${relative(project, entry)} failed:\n${errors.join("\n") || String(e)}`);
  };
  type Errors = { errors?: { text: string }[] };
  let format: "cjs" | "esm" = "cjs";
  const result = await bundle("cjs").catch(async (e: Errors) => {
    if (!(e.errors ?? []).some((x) => /top-level await/i.test(x.text))) return failed(e);
    format = "esm";
    return bundle("esm").catch(failed);
  });
  rmSync(join(dir, format === "cjs" ? HOOK_BUNDLE_ESM : HOOK_BUNDLE_CJS), { force: true });
  rmSync(join(dir, CODE_CACHE_FILE), { force: true });
  writeFileSync(program, loaderSource(MIN_NODE, format));
  return Object.keys(result.metafile.inputs).map((f) => resolve(f));
}

/**
 * The `.charm` archive: what charmcraft puts in one for a charm of this
 * shape (manifest.yaml, the metadata files, dispatch, the code), so that
 * `juju deploy ./<name>.charm` takes it.
 */
export function packCharm(dir: string, metadata: CharmMetadata, bases: readonly string[]): Buffer {
  const manifest = stringify({
    analysis: { attributes: [{ name: "language", result: "javascript" }, { name: "framework", result: "relgen" }] },
    bases: bases.map((channel) => ({ architectures: ["amd64", "arm64"], channel, name: "ubuntu" })),
    "charmcraft-started-at": new Date(Number(process.env.SOURCE_DATE_EPOCH ?? 0) * 1000 || Date.now()).toISOString(),
    "charmcraft-version": "relgen-build",
  });
  const entries: ZipEntry[] = [{ name: "manifest.yaml", data: Buffer.from(manifest), mode: 0o644 }];
  for (const file of [...CHARM_FILES, "dispatch", HOOK_PROGRAM, HOOK_BUNDLE_CJS, HOOK_BUNDLE_ESM]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    entries.push({ name: file, data: readFileSync(path), mode: file === "dispatch" ? 0o755 : 0o644 });
  }
  if (!entries.some((e) => e.name === "metadata.yaml" || e.name === "charmcraft.yaml")) throw new BuildError(`${metadata.name}: no metadata to pack`);
  return zip(entries);
}
