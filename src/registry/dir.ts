/**
 * A registry in a folder: a checkout of charm-relation-interfaces (either
 * layout or both), or a folder that is itself `<name>/v<N>/<role>.json`, or,
 * when the folder holds none of these, a folder of such folders (merged in
 * name order, the first to hold a side giving it). The
 * folder is read once, on first use; what it holds is what the registry
 * holds (its index.json, if any, adds nothing that has no file). Entries that
 * fit no layout are ignored. Paths returned are under the folder as given
 * (symbolic links are followed to read, never resolved in what is returned).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { RegistryError, quoted, CLONE_COMMAND } from "./errors.js";
import { FOLDER_LAYOUTS, LAYOUTS_HELP, type Layout, ROLES, type Role, isName, isRole, isVersion, roleOf, versionOf } from "./layout.js";
import { type RefSource, refTarget, resolveRef } from "./refs.js";
import type { Registry } from "./types.js";

/** One side of one version: its file in each layout the folder has it in. */
type Files = Map<Layout, string>;

interface Scan {
  /** `name` -> version -> role -> files. */
  readonly byName: Map<string, Map<number, Map<Role, Files>>>;
}

export class DirRegistry implements Registry, RefSource {
  readonly kind = "dir" as const;
  private scan: Promise<Scan> | null = null;

  /** `location` as the user wrote it; `root` the same folder, absolute. */
  constructor(
    readonly location: string,
    private readonly root: string,
  ) {}

  async index(): Promise<ReadonlyMap<string, readonly number[]>> {
    const { byName } = await this.read();
    const out = new Map<string, readonly number[]>();
    for (const name of [...byName.keys()].sort()) out.set(name, [...byName.get(name)!.keys()].sort((a, b) => a - b));
    return out;
  }

  async roles(name: string, version: number): Promise<readonly Role[]> {
    const sides = (await this.read()).byName.get(name)?.get(version);
    return sides ? ROLES.filter((r) => sides.has(r)) : [];
  }

  async schemaFile(name: string, version: number, role: Role): Promise<string | null> {
    return this.fileIn(null, name, version, role);
  }

  async refFile(url: string): Promise<string | null> {
    const target = refTarget(url);
    return target ? resolveRef(target, this) : null;
  }

  async versions(name: string): Promise<readonly number[]> {
    return (await this.index()).get(name) ?? [];
  }

  async fileIn(layout: Layout | null, name: string, version: number, role: Role): Promise<string | null> {
    if (!isName(name) || !isVersion(version) || !isRole(role)) return null;
    const files = (await this.read()).byName.get(name)?.get(version)?.get(role);
    if (!files) return null;
    if (layout !== null) return files.get(layout) ?? null;
    // Preferred: the generated schemas (docs/json_schemas, or a folder of them), then the older ones.
    for (const { layout: l } of FOLDER_LAYOUTS) {
      const file = files.get(l);
      if (file) return file;
    }
    return null;
  }

  private read(): Promise<Scan> {
    this.scan ??= scanFolder(this.location, this.root).catch((e: unknown) => {
      this.scan = null;
      throw e;
    });
    return this.scan;
  }
}

/** What a user is told when a folder is not a registry. */
export function notARegistry(location: string, what: string): RegistryError {
  return new RegistryError(
    `registry folder ${quoted(location)} ${what}: expected ${LAYOUTS_HELP} under it; pass a checkout (${CLONE_COMMAND}) with --registry DIR or RELGEN_REGISTRY=DIR`,
  );
}

async function scanFolder(location: string, root: string): Promise<Scan> {
  const byName = new Map<string, Map<number, Map<Role, Files>>>();
  let found = await scanInto(byName, root);
  if (found === 0) {
    // A folder of registries (a checkout beside a collection of one's own, say): each
    // folder in it, in name order; a side that an earlier one holds is taken from there.
    for (const sub of (await names(root)).filter((n) => !n.startsWith("."))) {
      if (await isDir(join(root, sub))) found += await scanInto(byName, join(root, sub));
    }
  }
  if (found === 0) {
    if (!(await isDir(root))) throw notARegistry(location, "does not exist");
    throw notARegistry(location, "holds no interface schema");
  }
  return { byName };
}

/** Adds the sides that `root` holds in any layout to `byName`, except those it has from an earlier folder; returns how many it found. */
async function scanInto(byName: Map<string, Map<number, Map<Role, Files>>>, root: string): Promise<number> {
  const earlier = new Set<Map<Layout, string>>();
  for (const versions of byName.values()) for (const roles of versions.values()) for (const files of roles.values()) earlier.add(files);
  let found = 0;
  for (const { layout, prefix, inner } of FOLDER_LAYOUTS) {
    const base = join(root, ...prefix);
    for (const name of await names(base)) {
      if (!isName(name)) continue;
      for (const folder of await names(join(base, name))) {
        const version = versionOf(folder);
        if (version === null) continue;
        const dir = join(base, name, folder, ...inner);
        for (const file of await names(dir)) {
          const role = roleOf(file);
          if (!role || !(await isFile(join(dir, file)))) continue;
          found++;
          const versions = byName.get(name) ?? new Map<number, Map<Role, Files>>();
          const roles = versions.get(version) ?? new Map<Role, Files>();
          const files = roles.get(role) ?? new Map<Layout, string>();
          if (earlier.has(files)) continue;
          files.set(layout, join(dir, file));
          roles.set(role, files);
          versions.set(version, roles);
          byName.set(name, versions);
        }
      }
    }
  }
  return found;
}

/** The entries of a folder, or none when it is not one (or cannot be read). */
async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
