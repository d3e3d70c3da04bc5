/**
 * Which schema files an `--interface` argument means, for `init`, `add`,
 * `generate` and `doc` alike: a path (a side's file, or a version folder),
 * or a name in the interface registry (`NAME`, `NAME@vN`, `NAME/vN`), whose
 * newest version is the default. A path that exists wins over a name; the
 * registry is opened only when a name needs it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { externalRefsOf } from "../generator/external-refs.js";
import { identityFromPath, type Identity } from "../generator/identity.js";
import { counterpartRole, type Role } from "../generator/model.js";
import type { Registry } from "../registry/index.js";

export class ChooseError extends Error {
  override readonly name = "ChooseError";
}

/** The side a charm takes in one interface version, and where its schemas are. */
export interface Chosen {
  readonly identity: Identity;
  /** The side's schema file (in place: the user's path, the registry folder, or the registry cache). */
  readonly file: string;
  /** The other side's file beside it (null for peers, or when there is none). */
  readonly counterpart: string | null;
  /** What was chosen and from where, for the user (set when the registry was asked). */
  readonly note: string | null;
}

const SIDES: readonly Role[] = ["provider", "requirer", "peers"];
const NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

/** `NAME`, `NAME@vN`, `NAME@N` or `NAME/vN` as a registry name and version; null when the text is none of these. */
export function parseInterfaceName(text: string): { name: string; version: number | null } | null {
  const m = /^([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)(?:@v?(\d{1,6})|\/v(\d{1,6}))?$/.exec(text);
  if (!m) return null;
  const version = m[2] ?? m[3];
  return { name: m[1]!, version: version === undefined ? null : Number(version) };
}

/** Levenshtein distance, for suggesting names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * The names nearest to `name` (at most `count`): those within a third of its
 * length in edits (`_` and `-` count as the same), and those that hold it or
 * that it holds, nearest first.
 */
export function nearestNames(name: string, names: Iterable<string>, count = 3): string[] {
  const plain = (s: string): string => s.replace(/-/g, "_");
  const scored: [number, string][] = [];
  for (const candidate of names) {
    const d = distance(plain(name), plain(candidate));
    const contains = plain(candidate).includes(plain(name)) || plain(name).includes(plain(candidate));
    if (d <= Math.max(2, Math.floor(name.length / 3)) || (contains && Math.min(name.length, candidate.length) >= 3)) scored.push([d, candidate]);
  }
  return scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)).slice(0, count).map(([, n]) => n);
}

function readObject(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The identity of a schema file: from its path, else from its own x-juju. */
function identityOf(file: string, given: string): Identity {
  const fromPath = identityFromPath(file);
  if (fromPath) return fromPath;
  const x = readObject(file)?.["x-juju"] as { interface?: unknown; version?: unknown; role?: unknown } | undefined;
  if (x && typeof x.interface === "string" && typeof x.version === "number" && SIDES.includes(x.role as Role)) {
    return { name: x.interface, version: x.version, role: x.role as Role };
  }
  throw new ChooseError(
    `--interface ${given}: cannot tell which interface, version and side it is: put it at <interface>/v<N>/<provider|requirer|peers>.json ` +
      `(or the registry's interfaces/<interface>/v<N>/schemas/<role>.json), or declare x-juju.interface, version and role in it`,
  );
}

/** Which side to take, of the sides present: the one asked for, the only one, or peers. */
function pickRole(present: readonly Role[], role: Role | undefined, what: string): Role {
  const pick = role ?? (present.length === 1 ? present[0] : present.includes("peers") ? "peers" : undefined);
  if (!pick) throw new ChooseError(`${what} holds both sides (${present.join(", ")}): pass --role provider or --role requirer, the side this charm takes`);
  if (!present.includes(pick)) throw new ChooseError(`${what} has no ${pick} side (it holds ${present.join(", ") || "no schema"})`);
  return pick;
}

function fromPath(path: string, role: Role | undefined, given: string): Chosen {
  const abs = resolve(path);
  let file = abs;
  if (statSync(abs).isDirectory()) {
    const folder = existsSync(join(abs, "schemas")) ? join(abs, "schemas") : abs;
    const present = SIDES.filter((s) => existsSync(join(folder, `${s}.json`)));
    if (present.length === 0) throw new ChooseError(`--interface ${given}: the folder holds no provider.json, requirer.json or peers.json`);
    file = join(folder, `${pickRole(present, role, `--interface ${given}`)}.json`);
  }
  const identity = identityOf(file, given);
  const other = join(dirname(file), `${counterpartRole(identity.role)}.json`);
  return { identity, file, counterpart: identity.role !== "peers" && existsSync(other) ? other : null, note: null };
}

/** A version of a registry interface: which one was taken, and why. */
interface RegistryVersion {
  readonly name: string;
  readonly version: number;
  /** The sides it has schemas for. */
  readonly present: readonly Role[];
  /** "the newest of v0, v1", "its only version", "as asked". */
  readonly why: string;
}

/** The version a name asks for (the newest that has a schema, unless told), refused with the nearest names when the registry has no such interface. */
async function registryVersion(registry: Registry, name: string, version: number | null, given: string): Promise<RegistryVersion> {
  const versions = await registry.versions(name);
  if (versions.length === 0) {
    const index = await registry.index();
    const near = nearestNames(name, index.keys());
    throw new ChooseError(
      `--interface ${given}: no interface ${name} in the registry at ${registry.location}` +
        (near.length > 0 ? `; did you mean ${near.join(", ")}?` : index.size > 0 ? `; it holds ${index.size} interfaces` : "") +
        " (or give a schema file or folder)",
    );
  }
  const listed = versions.map((v) => `v${v}`).join(", ");
  if (version !== null) {
    if (!versions.includes(version)) throw new ChooseError(`--interface ${given}: ${name} has no v${version} in the registry (it has ${listed})`);
    const present = await registry.roles(name, version);
    if (present.length === 0) throw new ChooseError(`--interface ${given}: ${name} v${version} has no JSON schema in the registry at ${registry.location}`);
    return { name, version, present, why: "as asked" };
  }
  // The newest version that has a schema at all (the registry lists some that have none).
  for (const v of [...versions].sort((x, y) => y - x)) {
    const present = await registry.roles(name, v);
    if (present.length > 0) return { name, version: v, present, why: versions.length > 1 ? `the newest of ${listed}` : "its only version" };
  }
  throw new ChooseError(`--interface ${given}: ${name} (${listed}) has no JSON schema in the registry at ${registry.location}`);
}

async function fromRegistry(registry: Registry, name: string, version: number | null, role: Role | undefined, given: string): Promise<Chosen> {
  const found = await registryVersion(registry, name, version, given);
  const pick = pickRole(found.present, role, `${name} v${found.version}`);
  const file = await sideFile(registry, found, pick, given);
  const other = counterpartRole(pick);
  const counterpart = pick !== "peers" && found.present.includes(other) ? await registry.schemaFile(name, found.version, other) : null;
  return {
    identity: { name, version: found.version, role: pick },
    file,
    counterpart,
    note: `${name}: v${found.version} (${found.why}), the ${pick} side, from ${registry.location}`,
  };
}

async function sideFile(registry: Registry, found: RegistryVersion, role: Role, given: string): Promise<string> {
  const file = await registry.schemaFile(found.name, found.version, role);
  if (!file) throw new ChooseError(`--interface ${given}: the registry at ${registry.location} lists ${found.name} v${found.version} ${role} but has no file for it`);
  return file;
}

/**
 * Every side of the interface version a registry name means (for `generate`
 * and `doc`, which take a version whole): its files, and the choice, for the
 * user. Null when `given` is not a registry name.
 */
export async function chooseVersion(given: string, registry: () => Registry): Promise<{ files: string[]; note: string } | null> {
  const named = parseInterfaceName(given);
  if (!named) return null;
  const found = await registryVersion(registry(), named.name, named.version, given);
  const files: string[] = [];
  for (const role of found.present) files.push(await sideFile(registry(), found, role, given));
  return { files, note: `${found.name}: v${found.version} (${found.why}), ${found.present.join(" and ")}, from ${registry().location}` };
}

/** A side of a registry interface by name (`NAME`, `NAME@vN`, `NAME/vN`), never a path. */
export async function chooseFromRegistry(given: string, role: Role | undefined, registry: () => Registry): Promise<Chosen> {
  const named = parseInterfaceName(given);
  if (!named) throw new ChooseError(`--interface ${given}: not an interface name (lower-case letters, digits, - and _, e.g. ingress or ingress@v2)`);
  return fromRegistry(registry(), named.name, named.version, role, given);
}

/** What registry files are shown relative to: the folder above the interface's, so headers read `<interface>/v<N>/…` on every machine. */
export function registryBase(file: string): string {
  const up = basename(dirname(file)) === "schemas" ? 4 : 3;
  let dir = file;
  for (let i = 0; i < up; i++) dir = dirname(dir);
  return dir;
}

/** Opens the registry on first use, once. */
export function lazyRegistry(open: () => Registry): () => Registry {
  let registry: Registry | undefined;
  return () => (registry ??= open());
}

/**
 * What one `--interface` argument means. A path that exists is read as one;
 * otherwise a registry name is looked up; anything else is refused, saying
 * both ways to give an interface.
 */
export async function chooseInterface(given: string, role: Role | undefined, registry: () => Registry): Promise<Chosen> {
  if (statSync(resolve(given), { throwIfNoEntry: false })) return fromPath(given, role, given);
  const named = parseInterfaceName(given);
  if (named) return fromRegistry(registry(), named.name, named.version, role, given);
  if (NAME.test(given.split(/[@/]/)[0] ?? "") && /[@/]/.test(given) && !given.includes(".json")) {
    throw new ChooseError(`--interface ${given}: give a version as NAME@vN or NAME/vN (e.g. ingress@v2)`);
  }
  throw new ChooseError(`--interface ${given}: no such file or folder, and not an interface name (lower-case letters, digits, - and _, e.g. ingress or ingress@v2)`);
}

/**
 * Every registry schema that `files` refer to by URL, followed to the end:
 * URL -> the local file the registry holds for it. A URL that is not a
 * registry schema is left out (generating names it, with the file and pointer).
 */
export async function registryRefs(files: readonly string[], registry: () => Registry): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  let todo = [...files];
  while (todo.length > 0) {
    const next: string[] = [];
    for (const ref of externalRefsOf(todo)) {
      if (seen.has(ref.url)) continue;
      seen.add(ref.url);
      const file = await registry().refFile(ref.url);
      if (file) {
        found.set(ref.url, file);
        next.push(file);
      }
    }
    todo = next;
  }
  return found;
}
