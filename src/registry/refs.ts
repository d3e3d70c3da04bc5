/**
 * Which registry schema a `$ref` URL points at. The registry's schemas are
 * published at several addresses (GitHub Pages, raw files, the GitHub web
 * view); whichever the URL names, the file is read from the registry source
 * in use, so a folder registry stays offline.
 */
import { type Layout, type Role, type SchemaPath, isName, parseSchemaPath } from "./layout.js";

/** Where the registry's schemas are published, and how many ref (branch, tag, commit) segments precede the path. */
const PUBLISHED: readonly { readonly host: string; readonly prefix: readonly (string | RegExp)[]; readonly ref: boolean }[] = [
  { host: "canonical.github.io", prefix: ["charm-relation-interfaces"], ref: false },
  { host: "raw.githubusercontent.com", prefix: ["canonical", "charm-relation-interfaces"], ref: true },
  { host: "github.com", prefix: ["canonical", "charm-relation-interfaces", /^(blob|raw)$/], ref: true },
];

/** A segment of a git ref: a branch may hold `/`, so a ref is one or more of these. */
const REF_SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * The schema a `$ref` URL names, or null when it names none: a published
 * registry address or one under `ownBase` (a registry URL in use), followed by
 * `docs/json_schemas/<n>/v<N>/<role>.json`, `interfaces/<n>/v<N>/schemas/<role>.json`
 * or the versionless `interfaces/<n>/schemas/<role>.json`. A fragment is
 * ignored; a query, credentials or anything else gives null.
 */
export function refTarget(ref: string, ownBase: string | null = null): SchemaPath | null {
  let url: URL;
  try {
    url = new URL(ref.split("#", 1)[0] ?? "");
  } catch {
    return null;
  }
  if (url.search !== "" || url.username !== "" || url.password !== "") return null;
  const segments = url.pathname.split("/").slice(1);
  if (ownBase !== null) {
    const base = new URL(ownBase);
    const basePath = base.pathname.replace(/\/+$/, "").split("/").slice(1).filter((s) => s !== "");
    if (url.origin === base.origin && basePath.every((s, i) => segments[i] === s)) {
      const found = parseSchemaPath(segments.slice(basePath.length));
      if (found) return found;
    }
  }
  if (url.protocol !== "https:" || url.port !== "") return null;
  for (const place of PUBLISHED) {
    if (url.hostname !== place.host) continue;
    if (!place.prefix.every((p, i) => (typeof p === "string" ? segments[i] === p : p.test(segments[i] ?? "")))) continue;
    const rest = segments.slice(place.prefix.length);
    if (!place.ref) return parseSchemaPath(rest);
    // <ref...>/<layout path>: the layout path is the tail, the ref whatever precedes it.
    for (const length of [5, 4]) {
      const head = rest.slice(0, -length);
      if (head.length === 0 || !head.every((s) => REF_SEGMENT.test(s) && s !== "." && s !== "..")) continue;
      const found = parseSchemaPath(rest.slice(-length));
      if (found) return found;
    }
  }
  return null;
}

/** What resolving a ref needs from a registry source. */
export interface RefSource {
  /** The versions the registry has of `name`, ascending. */
  versions(name: string): Promise<readonly number[]>;
  /** The local file of one side in exactly `layout`, or (layout null) in the source's preferred layout; null when absent. */
  fileIn(layout: Layout | null, name: string, version: number, role: Role): Promise<string | null>;
}

/**
 * The local file for a schema a ref names. A versioned ref gets the file in
 * the layout it names, else the version's file in any layout. A versionless
 * one (the registry's own `$id`s: `interfaces/<n>/schemas/<role>.json`) gets
 * the newest version that has that side in the `interfaces/` layout, else the
 * newest version that has that side at all.
 */
export async function resolveRef(target: SchemaPath, source: RefSource): Promise<string | null> {
  const { name, version, role, layout } = target;
  if (!isName(name)) return null;
  if (version !== null) return (await source.fileIn(layout, name, version, role)) ?? (await source.fileIn(null, name, version, role));
  const newestFirst = [...(await source.versions(name))].sort((a, b) => b - a);
  for (const v of newestFirst) {
    const file = await source.fileIn("interfaces", name, v, role);
    if (file) return file;
  }
  for (const v of newestFirst) {
    const file = await source.fileIn(null, name, v, role);
    if (file) return file;
  }
  return null;
}
