/**
 * The charm's config options, read for the generator: `config.yaml`'s
 * `options`, or `charmcraft.yaml`'s `config: {options: ...}`. Each option has
 * a `type` (`string`, `int`, `float`, `boolean`, `secret`), an optional
 * `default` that must have that type (a `secret` option has none: Juju
 * refuses one), and an optional `description`. Any problem is one line naming
 * the file, its line and the option.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap } from "yaml";
import { loadYaml, where, type YamlSource } from "../../juju/yaml-source.js";
import type { ConfigOptionSpec, ConfigScalar, ConfigType } from "../../runtime/config.js";
import { SetupError } from "../errors.js";
import { isIdentifier, toCamelCase } from "../naming.js";

export const CONFIG_TYPES: readonly ConfigType[] = ["string", "int", "float", "boolean", "secret"];

/** One option with its description, for the generated module's documentation. */
export interface ConfigOptionModel extends ConfigOptionSpec {
  readonly description?: string;
}

export interface ConfigModel {
  /** The file as shown in headers and messages (`config.yaml`). */
  readonly source: string;
  /** Sorted by option name. */
  readonly options: readonly ConfigOptionModel[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function defaultFits(type: ConfigType, value: unknown): value is ConfigScalar {
  if (type === "string") return typeof value === "string";
  if (type === "int") return typeof value === "number" && Number.isSafeInteger(value);
  if (type === "float") return typeof value === "number" && Number.isFinite(value);
  if (type === "boolean") return typeof value === "boolean";
  return false;
}

/** The options of a config document; `inCharmcraft`: under `config:` of a charmcraft.yaml. */
export function parseConfigOptions(text: string, shown: string, inCharmcraft = false): ConfigModel {
  const fail = (m: string): Error => new SetupError(m);
  const src: YamlSource = loadYaml(text, shown, fail);
  const top: unknown = src.doc.toJS();
  const base: string[] = inCharmcraft ? ["config"] : [];
  const holder = inCharmcraft ? (isRecord(top) ? top["config"] : undefined) : top;
  if (holder === undefined || holder === null) return { source: shown, options: [] };
  if (!isRecord(holder) || (!inCharmcraft && !isMap(src.doc.contents))) throw fail(`${where(src, base)}: ${inCharmcraft ? '"config"' : "the file"} must be a map with "options"`);
  const options = holder["options"];
  if (options === undefined || options === null) return { source: shown, options: [] };
  const at = (...path: string[]): string => where(src, [...base, "options", ...path], { key: true });
  if (!isRecord(options)) throw fail(`${at()}: "options" must be a map of option name to {type, default, description}`);
  const out: ConfigOptionModel[] = [];
  const byTs = new Map<string, string>();
  for (const name of Object.keys(options).sort()) {
    const spec = options[name];
    if (!isRecord(spec)) throw fail(`${at(name)}: option ${JSON.stringify(name)} must be a map with "type" (and "default", "description")`);
    const type = spec["type"] ?? "string";
    if (typeof type !== "string" || !(CONFIG_TYPES as readonly string[]).includes(type)) {
      throw fail(`${at(name, "type")}: option ${JSON.stringify(name)}: type ${JSON.stringify(type)} is not one of ${CONFIG_TYPES.join(", ")}`);
    }
    const t = type as ConfigType;
    const def = spec["default"];
    if (def !== undefined && def !== null && !defaultFits(t, def)) {
      throw fail(`${at(name, "default")}: option ${JSON.stringify(name)}: the default is not ${t === "secret" ? "allowed for a secret option (give none)" : `a ${t}`}`);
    }
    const description = spec["description"];
    if (description !== undefined && description !== null && typeof description !== "string") throw fail(`${at(name, "description")}: option ${JSON.stringify(name)}: "description" must be text`);
    const ts = toCamelCase(name);
    if (!isIdentifier(ts)) throw fail(`${at(name)}: option ${JSON.stringify(name)} gives no TypeScript name (it needs a letter or digit)`);
    const clash = byTs.get(ts);
    if (clash !== undefined) throw fail(`${at(name)}: options ${JSON.stringify(clash)} and ${JSON.stringify(name)} both become ${ts} in TypeScript: rename one`);
    byTs.set(ts, name);
    out.push({
      name,
      ts,
      type: t,
      ...(def !== undefined && def !== null ? { default: def as ConfigScalar } : {}),
      ...(typeof description === "string" && description.trim() !== "" ? { description: description.trim() } : {}),
    });
  }
  return { source: shown, options: out };
}

/**
 * The project's config file: `config.yaml`, else `charmcraft.yaml` when it has
 * a `config` section; null when neither gives options to generate from.
 */
export function findProjectConfig(project: string): { file: string; shown: string; inCharmcraft: boolean } | null {
  const configYaml = join(project, "config.yaml");
  if (existsSync(configYaml)) return { file: configYaml, shown: "config.yaml", inCharmcraft: false };
  const charmcraft = join(project, "charmcraft.yaml");
  if (existsSync(charmcraft) && /^config\s*:/m.test(readFileSync(charmcraft, "utf8"))) return { file: charmcraft, shown: "charmcraft.yaml", inCharmcraft: true };
  return null;
}

/** Reads the project's config options (see `findProjectConfig`); null when it has no config file. */
export function loadProjectConfig(project: string): ConfigModel | null {
  const found = findProjectConfig(project);
  if (!found) return null;
  return parseConfigOptions(readFileSync(found.file, "utf8"), found.shown, found.inCharmcraft);
}
