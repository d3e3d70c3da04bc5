/**
 * A Juju bundle (`bundle.yaml`) read and checked as a whole before anything
 * is deployed: every charm directory is read, every option and relation is
 * checked against the charms' metadata, and the first problem is reported
 * as `bundle.yaml:LINE: ...`. A bundle that passes deploys without a model
 * error, so a bad bundle never leaves a half-deployed model behind.
 *
 * Only what the simulator can act on is read: applications (`charm:` a local
 * directory, `num_units:`, `options:`) and `relations:`. Keys of real bundles
 * that do not matter here (machines, placement, constraints...) are ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { checkRelationLimits, matchEndpoints, parseEndpointRef } from "./endpoints.js";
import { CharmError, readCharmDir, type CharmDir } from "./metadata.js";
import { applicationNameProblem, ModelError } from "./model.js";
import { DEFAULT_MAX_UNITS } from "./records.js";
import type { ConfigValue } from "./tools/types.js";
import { lineOf, loadYaml, where, type YamlSource } from "./yaml-source.js";

export interface BundleApplication {
  readonly name: string;
  /** The charm directory as read (its path resolved against the bundle's directory). */
  readonly charm: CharmDir;
  readonly units: number;
  /** Config over the charm's defaults. */
  readonly options: Record<string, ConfigValue>;
}

export interface BundleRelation {
  /** Both endpoints named, as they were matched: `["webapp:database", "mysql:database"]`. */
  readonly endpoints: readonly [string, string];
  readonly interface: string;
  /** The line of the relation in the bundle. */
  readonly line: number;
}

export interface Bundle {
  readonly file: string;
  /** In the bundle's order. */
  readonly applications: readonly BundleApplication[];
  readonly relations: readonly BundleRelation[];
  /** Problems that do not stop the deploy (unknown keys), as `file:line: ...`. */
  readonly warnings: readonly string[];
}

export class BundleError extends Error {
  override readonly name = "BundleError";
}

/** Juju's default `num_units` for an application of a machine charm. */
export const DEFAULT_UNITS = 1;

/** Top-level keys of Juju bundles that the simulator has no use for. */
const IGNORED_TOP = new Set(["series", "base", "default-base", "machines", "description", "name", "saas", "bundle", "type", "tags", "variables"]);
/** Application keys of Juju bundles that the simulator has no use for. */
const IGNORED_APP = new Set([
  "channel", "revision", "series", "base", "to", "placement", "constraints", "expose", "exposed-endpoints", "resources",
  "storage", "devices", "bindings", "annotations", "offers", "plan", "trust",
]);
const USED_APP = new Set(["charm", "num_units", "scale", "options"]);

export interface BundleOptions {
  /** The most units the bundle may deploy in all (default `DEFAULT_MAX_UNITS`, as a model's `maxUnits`). */
  readonly maxUnits?: number;
}

/** Reads and checks the bundle file `file` (charm paths are relative to its directory). */
export function readBundle(file: string, options: BundleOptions = {}): Bundle {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BundleError(code === "ENOENT" ? `bundle file ${file} does not exist` : `cannot read bundle file ${file}: ${(e as Error).message}`);
  }
  return parseBundle(text, file, dirname(resolve(file)), options);
}

const fail = (message: string): Error => new BundleError(message);
const isPlainMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Checks the text of a bundle named `file`; charm paths are resolved against
 * `baseDir` and read. Throws `BundleError` naming `file:line` at the first problem.
 */
export function parseBundle(text: string, file: string, baseDir: string, options: BundleOptions = {}): Bundle {
  const src = loadYaml(text, file, fail);
  const top: unknown = src.doc.toJS();
  if (!isPlainMap(top)) throw fail(`${file}: a bundle must be a YAML map with "applications:" (and usually "relations:")`);
  const warnings: string[] = [];
  if ("applications" in top && "services" in top) {
    throw fail(`${where(src, ["services"], { key: true })}: "services:" is the legacy name of "applications:"; keep only one of them`);
  }
  const appsKey = "services" in top ? "services" : "applications";
  for (const key of Object.keys(top)) {
    if (key !== appsKey && key !== "relations" && !IGNORED_TOP.has(key)) {
      warnings.push(`${where(src, [key], { key: true })}: unknown top-level key "${key}" ignored (a bundle has "applications:" and "relations:")`);
    }
  }
  const apps = top[appsKey];
  if (apps === undefined) throw fail(`${file}: the bundle has no "applications:" section (a map of application name to its charm, num_units and options)`);
  if (!isPlainMap(apps) || Object.keys(apps).length === 0) {
    throw fail(`${where(src, [appsKey], { key: true })}: "${appsKey}" must be a map of application name to its charm, num_units and options`);
  }
  const applications = Object.entries(apps).map(([name, spec]) => application(src, baseDir, [appsKey, name], spec, warnings));
  // Bounded work: the units of every application count against one maximum, checked before any is deployed.
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS;
  let total = 0;
  for (const app of applications) {
    total += app.units;
    if (total <= maxUnits) continue;
    const unitsKey = "scale" in (apps[app.name] as Record<string, unknown>) ? "scale" : "num_units";
    const others = total - app.units;
    throw fail(
      `${where(src, [appsKey, app.name, unitsKey])}: application ${app.name}: ${unitsKey} ${written(src, [appsKey, app.name, unitsKey], app.units)} ` +
        `${others > 0 ? `brings the bundle to ${total} units, ` : "is "}over the maximum of ${maxUnits} units a model may have (--max-units)`,
    );
  }
  const relations = parseRelations(src, top["relations"], applications);
  return { file, applications, relations, warnings };
}

/** A number as written in the file (`1e400` reads as Infinity, `99999999999999999999` as 100000000000000000000); anything else as JSON. */
function written(src: YamlSource, path: readonly (string | number)[], value: unknown): string {
  const text = (src.doc.getIn(path, true) as { source?: unknown } | undefined)?.source;
  return typeof value === "number" && typeof text === "string" && text !== "" ? text : JSON.stringify(value);
}

function application(src: YamlSource, baseDir: string, path: [string, string], spec: unknown, warnings: string[]): BundleApplication {
  const name = path[1];
  const at = (sub: string[] = [], key = true): string => where(src, [...path, ...sub], { key });
  const badName = applicationNameProblem(name);
  if (badName) throw fail(`${at()}: ${badName}`);
  if (!isPlainMap(spec)) throw fail(`${at()}: application ${name} must be a map with at least "charm:" (a path to the charm directory)`);
  for (const key of Object.keys(spec)) {
    if (!USED_APP.has(key) && !IGNORED_APP.has(key)) {
      warnings.push(`${at([key])}: application ${name}: unknown key "${key}" ignored (the simulator reads charm, num_units and options)`);
    }
  }

  const charmPath = spec["charm"];
  if (typeof charmPath !== "string" || charmPath === "") {
    throw fail(`${at()}: application ${name} has no "charm:" (a path to the charm directory, relative to the bundle)`);
  }
  const dir = resolve(baseDir, charmPath);
  if (!existsSync(dir)) {
    const why = /^[./]/.test(charmPath)
      ? "charm paths are relative to the bundle file's directory"
      : `the simulator deploys local charm directories only, not charms from Charmhub: give a path such as ./charms/${charmPath}, relative to the bundle file`;
    throw fail(`${at(["charm"])}: application ${name}: charm directory ${charmPath} (${dir}) does not exist; ${why}`);
  }
  let charm: CharmDir;
  try {
    charm = readCharmDir(dir);
  } catch (e) {
    if (!(e instanceof CharmError)) throw e;
    throw fail(`${at(["charm"])}: application ${name}: ${e.message}`);
  }

  if ("num_units" in spec && "scale" in spec) throw fail(`${at(["scale"])}: application ${name}: give "num_units:" or "scale:", not both`);
  const unitsKey = "scale" in spec ? "scale" : "num_units";
  const units = spec[unitsKey] ?? DEFAULT_UNITS;
  if (typeof units !== "number" || !Number.isInteger(units) || units < 0) {
    throw fail(`${at([unitsKey], false)}: application ${name}: "${unitsKey}" must be a whole number of units (0 or more), not ${written(src, [...path, unitsKey], units)}`);
  }

  const options: Record<string, ConfigValue> = {};
  const given = spec["options"] ?? {};
  if (!isPlainMap(given)) throw fail(`${at(["options"])}: application ${name}: "options" must be a map of config option to value`);
  const known = Object.keys(charm.configDefaults);
  for (const [key, value] of Object.entries(given)) {
    if (!known.includes(key)) {
      const list = known.length ? `its options: ${known.join(", ")}` : "it has no config.yaml options";
      throw fail(`${at(["options", key])}: application ${name}: charm ${charm.metadata.name} has no option "${key}" (${list})`);
    }
    // An option left empty (`key:`) keeps the charm's default.
    if (value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw fail(`${at(["options", key], false)}: application ${name}: option "${key}" must be a string, number or boolean`);
    }
    options[key] = value;
  }
  return { name, charm, units, options };
}

function parseRelations(src: YamlSource, relations: unknown, applications: readonly BundleApplication[]): BundleRelation[] {
  if (relations === undefined || relations === null) return [];
  if (!Array.isArray(relations)) {
    throw fail(`${where(src, ["relations"], { key: true })}: "relations" must be a list of endpoint pairs, e.g. - ["webapp:database", "mysql:database"]`);
  }
  const byName = new Map(applications.map((a) => [a.name, a]));
  const names = applications.map((a) => a.name).join(", ");
  const seen = new Map<string, number>();
  return relations.map((pair, i): BundleRelation => {
    const line = lineOf(src, ["relations", i]) ?? 0;
    const at = `${src.file}:${line}`;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((e) => typeof e === "string" && e !== "")) {
      throw fail(`${at}: a relation must be a pair of endpoints, e.g. ["webapp:database", "mysql:database"] (or ["webapp", "mysql"] when only one pair of endpoints fits)`);
    }
    const [a, b] = pair as [string, string];
    for (const ref of [a, b]) {
      const { app } = parseEndpointRef(ref);
      if (!byName.has(app)) throw fail(`${at}: cannot relate ${a} and ${b}: no application "${app}" in the bundle (its applications: ${names})`);
    }
    let ends;
    try {
      ends = matchEndpoints(a, b, (app) => byName.get(app)?.charm.metadata.endpoints);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      throw fail(`${at}: ${e.message}`);
    }
    const endpoints = ends.map((e) => `${e.app}:${e.name}`) as [string, string];
    const key = [...endpoints].sort().join(" ");
    const earlier = seen.get(key);
    if (earlier !== undefined) throw fail(`${at}: ${endpoints.join(" and ")} are already related on line ${earlier}; remove one of the two`);
    try {
      // The relations of earlier lines count against each endpoint's `limit:`.
      checkRelationLimits(a, b, ends, (end) => {
        const mine = `${end.app}:${end.name}`;
        return [...seen].filter(([k]) => k.split(" ").includes(mine)).map(([k, l]) => `${k.split(" ").find((e) => e !== mine)} on line ${l}`);
      });
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      throw fail(`${at}: ${e.message}`);
    }
    seen.set(key, line);
    return { endpoints, interface: ends[0].interface, line };
  });
}

