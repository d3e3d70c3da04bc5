/**
 * The registry's path shapes, in one place. Canonical's charm-relation-interfaces
 * holds each side of each interface version in one of two layouts:
 *
 * - `docs/json_schemas/<name>/v<N>/<role>.json` (generated from pydantic models);
 * - `interfaces/<name>/v<N>/schemas/<role>.json` (older, hand-written).
 *
 * A folder of `<name>/v<N>/<role>.json` (the first layout without its prefix)
 * is a registry too, and the registry's own `$id`s use a versionless
 * `interfaces/<name>/schemas/<role>.json`. Every function here works on path
 * segments and accepts only names, versions and roles that are safe to put in
 * a path, so nothing a server or a `$ref` says reaches the file system
 * unchecked.
 */

export type Role = "provider" | "requirer" | "peers";

/** In the order roles are listed. */
export const ROLES: readonly Role[] = ["provider", "requirer", "peers"];

/** An interface name as the registry spells them (`k8s-service`, `fiveg_n3`). */
export const NAME = /^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/;

/** Longest name accepted (the registry's are under 40 characters). */
const MAX_NAME = 100;

/** Which shape a schema path has. `flat` is `<name>/v<N>/<role>.json`, the generated layout without its prefix. */
export type Layout = "docs" | "interfaces" | "flat";

/** Where one side of one interface version lives, relative to a registry root. */
export interface SchemaPath {
  readonly name: string;
  /** null for the versionless `interfaces/<name>/schemas/<role>.json`. */
  readonly version: number | null;
  readonly role: Role;
  readonly layout: Layout;
}

export function isName(name: unknown): name is string {
  return typeof name === "string" && name.length <= MAX_NAME && NAME.test(name);
}

export function isVersion(version: unknown): version is number {
  return typeof version === "number" && Number.isSafeInteger(version) && version >= 0;
}

export function isRole(role: unknown): role is Role {
  return typeof role === "string" && (ROLES as readonly string[]).includes(role);
}

/** The version of a `v<N>` folder name, or null. */
export function versionOf(segment: string): number | null {
  const m = /^v(0|[1-9][0-9]{0,8})$/.exec(segment);
  return m ? Number(m[1]) : null;
}

/** The role of a `<role>.json` file name, or null. */
export function roleOf(file: string): Role | null {
  if (!file.endsWith(".json")) return null;
  const role = file.slice(0, -".json".length);
  return isRole(role) ? role : null;
}

/** The path segments, relative to a registry checkout, of one side in one layout (throws on an unsafe identity). */
export function schemaSegments(layout: Layout, name: string, version: number, role: Role): string[] {
  if (!isName(name) || !isVersion(version) || !isRole(role)) throw new TypeError(`not a registry schema: ${JSON.stringify([name, version, role])}`);
  const file = `${role}.json`;
  switch (layout) {
    case "docs":
      return ["docs", "json_schemas", name, `v${version}`, file];
    case "interfaces":
      return ["interfaces", name, `v${version}`, "schemas", file];
    case "flat":
      return [name, `v${version}`, file];
  }
}

/** The same, joined with `/` (for a URL). */
export function schemaPath(layout: Layout, name: string, version: number, role: Role): string {
  return schemaSegments(layout, name, version, role).join("/");
}

/**
 * The layouts a registry URL is read in, best first: the generated schemas,
 * the older ones, then a URL that is itself a folder of `<name>/v<N>/<role>.json`.
 */
export const URL_LAYOUTS: readonly Layout[] = ["docs", "interfaces", "flat"];

/**
 * The schema that a whole relative path names, or null when it fits no shape:
 * `docs/json_schemas/<n>/v<N>/<role>.json`, `interfaces/<n>/v<N>/schemas/<role>.json`,
 * `interfaces/<n>/schemas/<role>.json` (versionless) or, when `flat` is allowed,
 * `<n>/v<N>/<role>.json`.
 */
export function parseSchemaPath(segments: readonly string[], options: { flat?: boolean } = {}): SchemaPath | null {
  const s = segments;
  const role = roleOf(s.at(-1) ?? "");
  if (!role) return null;
  if (s.length === 5 && s[0] === "docs" && s[1] === "json_schemas") return fit(s[2], s[3], role, "docs");
  if (s.length === 5 && s[0] === "interfaces" && s[3] === "schemas") return fit(s[1], s[2], role, "interfaces");
  if (s.length === 4 && s[0] === "interfaces" && s[2] === "schemas" && isName(s[1])) return { name: s[1], version: null, role, layout: "interfaces" };
  if (s.length === 3 && options.flat) return fit(s[0], s[1], role, "flat");
  return null;
}

function fit(name: string | undefined, folder: string | undefined, role: Role, layout: Layout): SchemaPath | null {
  const version = versionOf(folder ?? "");
  return isName(name) && version !== null ? { name, version, role, layout } : null;
}

/** Where a folder registry keeps its schemas: the prefix of each layout, relative to the folder. */
export const FOLDER_LAYOUTS: readonly { readonly layout: Layout; readonly prefix: readonly string[]; readonly inner: readonly string[] }[] = [
  // <prefix>/<name>/<v N>/<inner>/<role>.json
  { layout: "docs", prefix: ["docs", "json_schemas"], inner: [] },
  { layout: "flat", prefix: [], inner: [] },
  { layout: "interfaces", prefix: ["interfaces"], inner: ["schemas"] },
];

/** What a user is told a registry folder should hold. */
export const LAYOUTS_HELP = "docs/json_schemas/<interface>/v<N>/<role>.json, interfaces/<interface>/v<N>/schemas/<role>.json or <interface>/v<N>/<role>.json";
