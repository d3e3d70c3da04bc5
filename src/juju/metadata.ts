/**
 * A charm's metadata as Juju reads it: `metadata.yaml`, or the metadata part
 * of `charmcraft.yaml`, and the option defaults of `config.yaml`. A charm
 * directory is checked before anything runs: every problem names the file,
 * the line where there is one, and what is missing.
 */
import { accessSync, constants, existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isMap } from "yaml";
import type { ConfigValue } from "./tools/types.js";
import { loadYaml, where, type YamlSource } from "./yaml-source.js";

export type EndpointRole = "peer" | "provider" | "requirer";

export interface EndpointSpec {
  readonly name: string;
  readonly role: EndpointRole;
  readonly interface: string;
  /**
   * `limit:`: the most relations the endpoint may have at once (absent: no
   * limit, as `limit: 0` or none in metadata.yaml). Juju enforces it when a
   * relation is added; a peer endpoint has its one relation whatever it says.
   */
  readonly limit?: number;
}

export interface CharmMetadata {
  readonly name: string;
  readonly summary?: string;
  readonly endpoints: readonly EndpointSpec[];
  readonly extraBindings: readonly string[];
}

export class CharmError extends Error {
  override readonly name = "CharmError";
}

const SECTIONS: ReadonlyArray<[string, EndpointRole]> = [
  ["peers", "peer"],
  ["provides", "provider"],
  ["requires", "requirer"],
];
const ENDPOINT_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;

function load(text: string, file: string): YamlSource {
  return loadYaml(text, file, (message) => new CharmError(message));
}

/** Parses the text of `metadata.yaml` (or `charmcraft.yaml`) as Juju reads a charm's metadata. */
export function parseMetadata(text: string, file = "metadata.yaml"): CharmMetadata {
  const src = load(text, file);
  const top: unknown = src.doc.toJS();
  if (top === null || typeof top !== "object" || Array.isArray(top)) throw new CharmError(`${file}: must be a YAML map of the charm's metadata`);
  const meta = top as Record<string, unknown>;
  const name = meta["name"];
  if (typeof name !== "string" || name === "") throw new CharmError(`${where(src, ["name"])}: the charm has no "name"`);
  const endpoints: EndpointSpec[] = [];
  const seen = new Map<string, string>();
  for (const [section, role] of SECTIONS) {
    const block = meta[section];
    if (block === undefined || block === null) continue;
    if (typeof block !== "object" || Array.isArray(block)) throw new CharmError(`${where(src, [section])}: "${section}" must be a map of endpoints`);
    for (const [endpoint, spec] of Object.entries(block as Record<string, unknown>)) {
      const at = where(src, [section, endpoint]);
      if (!ENDPOINT_NAME.test(endpoint)) throw new CharmError(`${at}: invalid endpoint name ${JSON.stringify(endpoint)}`);
      if (endpoint.startsWith("juju-")) throw new CharmError(`${at}: endpoint ${JSON.stringify(endpoint)}: names starting with "juju-" are reserved by Juju`);
      const iface = typeof spec === "string" ? spec : spec !== null && typeof spec === "object" ? (spec as Record<string, unknown>)["interface"] : undefined;
      if (typeof iface !== "string" || iface === "") throw new CharmError(`${at}: endpoint ${JSON.stringify(endpoint)} in "${section}" has no "interface"`);
      const other = seen.get(endpoint);
      if (other) throw new CharmError(`${at}: endpoint ${JSON.stringify(endpoint)} is declared in both "${other}" and "${section}"`);
      seen.set(endpoint, section);
      const limit = spec !== null && typeof spec === "object" ? (spec as Record<string, unknown>)["limit"] : undefined;
      if (limit !== undefined && limit !== null && (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 0)) {
        throw new CharmError(`${where(src, [section, endpoint, "limit"])}: endpoint ${JSON.stringify(endpoint)}: "limit" must be a whole number of relations (0 or none: no limit), not ${JSON.stringify(limit)}`);
      }
      endpoints.push({ name: endpoint, role, interface: iface, ...(typeof limit === "number" && limit > 0 ? { limit } : {}) });
    }
  }
  const extra = meta["extra-bindings"];
  const extraBindings = extra !== null && typeof extra === "object" && !Array.isArray(extra) ? Object.keys(extra as object) : [];
  const summary = typeof meta["summary"] === "string" ? meta["summary"] : undefined;
  return { name, ...(summary !== undefined ? { summary } : {}), endpoints, extraBindings };
}

function configValue(type: unknown, value: unknown): ConfigValue {
  if (value === undefined || value === null) return null;
  if (type === "int" && typeof value === "number") return Math.trunc(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** Defaults of `config.yaml` (`options: <name>: {type, default}`); options without a default are null. */
export function parseConfigDefaults(text: string, file = "config.yaml"): Record<string, ConfigValue> {
  const src = load(text, file);
  const top: unknown = src.doc.toJS();
  if (top === null || top === undefined) return {};
  if (!isMap(src.doc.contents)) throw new CharmError(`${file}: must be a YAML map with "options"`);
  const options = (top as Record<string, unknown>)["options"];
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) throw new CharmError(`${where(src, ["options"])}: "options" must be a map`);
  const out: Record<string, ConfigValue> = {};
  for (const [name, spec] of Object.entries(options as Record<string, unknown>)) {
    const s = spec !== null && typeof spec === "object" ? (spec as Record<string, unknown>) : {};
    out[name] = configValue(s["type"], s["default"]);
  }
  return out;
}

export interface CharmDir {
  readonly dir: string;
  readonly metadata: CharmMetadata;
  readonly configDefaults: Record<string, ConfigValue>;
  /** The file Juju would run for every hook (`dispatch`), or null when the charm has `hooks/` only. */
  readonly dispatch: string | null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks a charm directory: it exists, has its metadata
 * (`metadata.yaml`, or `charmcraft.yaml` with the metadata in it) and
 * something Juju can run (an executable `dispatch`, or `hooks/`).
 */
export function readCharmDir(dir: string): CharmDir {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new CharmError(`charm directory ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new CharmError(`charm path ${dir} is not a directory`);
  const metaPath = join(dir, "metadata.yaml");
  const craftPath = join(dir, "charmcraft.yaml");
  let metadata: CharmMetadata;
  if (existsSync(metaPath)) metadata = parseMetadata(readFileSync(metaPath, "utf8"), metaPath);
  else if (existsSync(craftPath)) metadata = parseMetadata(readFileSync(craftPath, "utf8"), craftPath);
  else throw new CharmError(`charm directory ${dir} has no metadata.yaml (nor a charmcraft.yaml holding the charm's metadata)`);

  const dispatch = join(dir, "dispatch");
  const link = lstatSync(dispatch, { throwIfNoEntry: false });
  const target = statSync(dispatch, { throwIfNoEntry: false });
  let handler: string | null = null;
  if (link && !target) throw new CharmError(`${dispatch} is a symbolic link to nothing`);
  if (target) {
    if (!target.isFile()) throw new CharmError(`${dispatch} is not a file`);
    if (!isExecutable(dispatch)) throw new CharmError(`${dispatch} is not executable (chmod +x it)`);
    handler = dispatch;
  } else if (!statSync(join(dir, "hooks"), { throwIfNoEntry: false })?.isDirectory()) {
    throw new CharmError(`charm directory ${dir} has neither an executable dispatch nor a hooks/ directory: Juju would have nothing to run`);
  }
  const configPath = join(dir, "config.yaml");
  const configDefaults = existsSync(configPath) ? parseConfigDefaults(readFileSync(configPath, "utf8"), configPath) : {};
  return { dir, metadata, configDefaults, dispatch: handler };
}
