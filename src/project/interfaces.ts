/**
 * How an interface enters a charm project, the one path of `relgen init` and
 * `relgen add`: its schemas are copied into `schema/<interface>/v<N>/` (the
 * side the charm takes, and the other side's beside it, so the charm reads
 * it typed; a `$ref` to another registry schema is inlined, so the project
 * generates offline), then the bindings are generated, and each endpoint is
 * described for the scaffold (its models and example values).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { bundleSchema, externalRefsOf } from "../generator/external-refs.js";
import { ExampleSource } from "../generator/examples.js";
import type { Identity } from "../generator/identity.js";
import { counterpartRole, type InterfaceModel, type Role } from "../generator/model.js";
import type { GenerateResult } from "../generator/pipeline.js";
import type { Registry } from "../registry/index.js";
import { registryRefs, type Chosen } from "./choose.js";
import { keySource, type KeySource } from "./config-options.js";
import { defaultEndpointName, type ScaffoldEndpoint } from "./scaffold-files.js";

const ENDPOINT_NAME = /^[a-z][a-z0-9]*([-_][a-z0-9]+)*$/;

/** An endpoint's name: the one given, else the interface's name with `-` for `_`; null when the name is not one Juju takes. */
export function endpointName(chosen: Chosen, given: string | undefined): { name: string; ok: boolean } {
  const name = given ?? defaultEndpointName(chosen.identity.name);
  return { name, ok: ENDPOINT_NAME.test(name) };
}

/** Where a chosen interface's files went in the project. */
export interface Placed {
  readonly chosen: Chosen;
  readonly file: string;
  readonly counterpart: string | null;
}

/** The project path of a side's schema: `schema/<interface>/v<N>/<role>.json`. */
export function schemaPath(project: string, identity: Identity, role: Role): string {
  return join(project, "schema", identity.name, `v${identity.version}`, `${role}.json`);
}

/**
 * Copies a schema into the project: byte for byte, or with the registry
 * schemas it refers to inlined. A file already there with the same text is
 * kept; one with other text is the user's and is kept too, and named.
 */
function copySchema(from: string, to: string, refs: ReadonlyMap<string, string>, kept: string[]): void {
  const text = externalRefsOf([from]).some((r) => refs.has(r.url)) ? bundleSchema(from, refs) : null;
  if (existsSync(to)) {
    const now = readFileSync(to, "utf8");
    if (now !== (text ?? readFileSync(from, "utf8"))) kept.push(to);
    return;
  }
  mkdirSync(dirname(to), { recursive: true });
  if (text === null) copyFileSync(from, to);
  else writeFileSync(to, text);
}

/**
 * Copies each chosen interface's schemas into `project/schema/`. Returns where
 * they went and the files left as they were because they differ (the user's).
 */
export async function placeSchemas(project: string, chosen: readonly Chosen[], registry: () => Registry): Promise<{ placed: Placed[]; kept: string[]; warnings: string[] }> {
  const sources = chosen.flatMap((c) => (c.counterpart ? [c.file, c.counterpart] : [c.file]));
  const refs = await registryRefs(sources, registry);
  const kept: string[] = [];
  const warnings: string[] = [];
  const placed = chosen.map((c) => {
    const file = schemaPath(project, c.identity, c.identity.role);
    copySchema(c.file, file, refs, kept);
    let counterpart: string | null = null;
    const unreadable = c.counterpart ? notJson(c.counterpart) : null;
    if (c.counterpart && unreadable) {
      // A registry quirk: the other side's file is empty or broken. The charm's side is still usable.
      const other = counterpartRole(c.identity.role);
      warnings.push(`${c.identity.name} v${c.identity.version}: the ${other} schema ${unreadable}: not copied; what the ${other} side publishes is read untyped (open bags)`);
    } else if (c.counterpart) {
      counterpart = schemaPath(project, c.identity, counterpartRole(c.identity.role));
      copySchema(c.counterpart, counterpart, refs, kept);
    }
    return { chosen: c, file, counterpart };
  });
  return { placed, kept, warnings };
}

/** Why a schema file cannot be read as JSON ("is empty", "is not valid JSON"), or null when it can. */
function notJson(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null; // not readable at all: copying it says why, naming it
  }
  if (text.trim() === "") return "is empty";
  try {
    JSON.parse(text);
    return null;
  } catch {
    return "is not valid JSON";
  }
}

/**
 * The scaffold's view of each placed interface under its endpoint name: the
 * side's model, the other side's, and example values. `baseDir` is what the
 * generation's sources are relative to.
 */
export function describeEndpoints(result: GenerateResult, baseDir: string, placed: readonly Placed[], names: readonly string[]): ScaffoldEndpoint[] {
  const modelOf = (file: string | null): InterfaceModel | null => (file ? (result.models.find((m) => resolve(baseDir, m.source) === file) ?? null) : null);
  const examples = new ExampleSource();
  return placed.map((p, i) => {
    const side = modelOf(p.file);
    if (!side) throw new Error(`no model was generated for ${p.file}`);
    const sources = (bag: InterfaceModel["unit"]): Record<string, KeySource> => {
      const out: Record<string, KeySource> = {};
      for (const key of bag?.keys ?? []) if (key.required) out[key.wire] = keySource(key, side.name, examples.decoded(p.file, key) ?? undefined);
      return out;
    };
    return {
      name: names[i]!,
      side,
      counterpart: modelOf(p.counterpart),
      examples: { unit: examples.required(p.file, side.unit?.keys ?? []), app: examples.required(p.file, side.app?.keys ?? []) },
      sources: { unit: sources(side.unit), app: sources(side.app) },
    };
  });
}
