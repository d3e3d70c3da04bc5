/**
 * Which interface, version and side a schema file describes. The registry
 * lays its schemas out as `…/<interface>/v<N>/<role>.json` (and, in its older
 * layout, `…/interfaces/<interface>/v<N>/schemas/<role>.json`); any other path
 * needs the identity given explicitly (`--interface --version --role`).
 */
import { basename, dirname } from "node:path";
import type { Role } from "./model.js";

export interface Identity {
  /** The interface name, kept as written (`mysql_client` stays `mysql_client`). */
  readonly name: string;
  readonly version: number;
  readonly role: Role;
}

const ROLES: readonly string[] = ["provider", "requirer", "peers"];
const NAME = /^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/;

/** The identity a path gives, or null when it fits neither registry layout. */
export function identityFromPath(path: string): Identity | null {
  const parts = path.split(/[\\/]+/).filter((p) => p !== "");
  const role = basename(parts.at(-1) ?? "", ".json");
  if (!ROLES.includes(role) || !(parts.at(-1) ?? "").endsWith(".json")) return null;
  // …/interfaces/<name>/v<N>/schemas/<role>.json
  let version = /^v(\d+)$/.exec(parts.at(-3) ?? "");
  let name = parts.at(-4);
  if (!(parts.at(-2) === "schemas" && version && name && NAME.test(name))) {
    // …/<name>/v<N>/<role>.json
    version = /^v(\d+)$/.exec(parts.at(-2) ?? "");
    name = parts.at(-3);
  }
  if (!version || !name || !NAME.test(name)) return null;
  return { name, version: Number(version[1]), role: role as Role };
}

/** Where the other sides of the same interface version are: the schema's own folder. */
export function versionFolder(path: string): string {
  return dirname(path);
}

export const IDENTITY_HELP = "the path must end in <interface>/v<N>/<provider|requirer|peers>.json (or interfaces/<interface>/v<N>/schemas/<role>.json), or pass --interface NAME --version N --role provider|requirer|peers";
