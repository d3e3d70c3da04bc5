/**
 * `$ref`s to other documents. The registry's schemas are meant to be read on
 * their own, but a few refer to another interface's schema by URL
 * (database_backup's `storage-config` is the s3 provider's schema). relgen
 * never fetches anything itself: a caller (the CLI, through the registry)
 * maps each URL to a local file, and the loader inlines every referenced
 * document under `$defs` and rewrites the `$ref` to point there, before
 * validation, so every later stage sees one self-contained schema.
 *
 * - `externalRefsOf` lists what a set of files refers to (run it again on the
 *   files the URLs resolve to, until nothing new appears);
 * - `inlineExternalRefs` inlines them into a loaded schema (recursively, each
 *   document once, cycles included; a fragment is honoured; the referenced
 *   document's own `#/...` refs are rewritten so they still point inside it);
 * - `bundleSchema` gives that self-contained schema as text, to copy.
 *
 * A relative reference is resolved against the document's `$id` when that is
 * an absolute URL, and is kept as written otherwise; the URL a map is keyed by
 * never holds a fragment.
 */
import { readFileSync } from "node:fs";
import { GenerationError, SchemaError, escapePointerToken, joinPointer } from "./errors.js";
import { errorAt, loadSchemaFile, positionOf, type LoadedSchema } from "./load.js";
import { MAX_JSON_DEPTH, type Position } from "./json-source.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export interface ExternalRef {
  /** The file that holds the `$ref`, as given. */
  readonly file: string;
  /** JSON pointer of the `$ref` keyword. */
  readonly pointer: string;
  /** What it refers to, resolved against the document's `$id`, without the fragment. */
  readonly url: string;
}

/** Keywords whose values are data, not schemas: a `$ref` inside one is not a reference. */
const DATA_KEYWORDS = new Set(["examples", "default", "const", "enum"]);
/** Keywords whose values map names to schemas: every member is a schema, whatever its name. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

/** The document's `$id`, when it is an absolute URL (the base of its relative references). */
function absoluteId(doc: unknown): string | undefined {
  const id = isObject(doc) ? doc["$id"] : undefined;
  if (typeof id !== "string") return undefined;
  try {
    const url = new URL(id);
    url.hash = "";
    return url.href;
  } catch {
    return undefined;
  }
}

/** A reference's target without its fragment, and the fragment (`""` when none). */
function splitRef(ref: string, base: string | undefined): { url: string; fragment: string } {
  const hash = ref.indexOf("#");
  const target = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  if (base !== undefined) {
    try {
      const url = new URL(target, base);
      url.hash = "";
      return { url: url.href, fragment };
    } catch {
      // not resolvable against the base: kept as written
    }
  }
  return { url: target, fragment };
}

/**
 * Calls `found` for every `$ref` string of a schema (not inside data such as
 * `examples`), with its pointer. It goes no deeper than a schema may nest
 * (`MAX_JSON_DEPTH`): loading refuses such a file, naming where.
 */
function eachRef(node: unknown, pointer: string, found: (holder: Json, ref: string, pointer: string) => void, members = false, depth = 0): void {
  if (depth > MAX_JSON_DEPTH) return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => eachRef(item, joinPointer(pointer, i), found, false, depth + 1));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const at = joinPointer(pointer, key);
    if (members) eachRef(value, at, found, false, depth + 1);
    else if (key === "$ref" && typeof value === "string") found(node, value, at);
    else if (!DATA_KEYWORDS.has(key)) eachRef(value, at, found, SCHEMA_MAPS.has(key), depth + 1);
  }
}

/**
 * Every `$ref` of the files that refers to another document (its value does
 * not start with `#`), with the URL that names that document. Files that
 * cannot be read or parsed are skipped: loading them reports why.
 */
export function externalRefsOf(files: readonly string[]): ExternalRef[] {
  const out: ExternalRef[] = [];
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    const base = absoluteId(doc);
    eachRef(doc, "", (_holder, ref, pointer) => {
      if (ref.startsWith("#")) return;
      const { url } = splitRef(ref, base);
      if (url !== base) out.push({ file, pointer, url });
    });
  }
  return out;
}

/** A `$defs` name for a referenced document: its last meaningful path segments (`s3-provider`). */
function defNameFor(url: string, taken: ReadonlySet<string>): string {
  const path = url.replace(/[?#].*$/, "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  const parts = path.split("/").map((p) => p.replace(/\.json$/i, "").replace(/[^A-Za-z0-9_-]+/g, "-")).filter((p) => p !== "" && p !== "-");
  const generic = new Set(["schemas", "interfaces", "json_schemas", "docs", "charm-relation-interfaces"]);
  const meaningful = parts.filter((p) => !generic.has(p));
  const stem = (meaningful.length > 0 ? meaningful : parts).slice(-2).join("-") || "external";
  let name = stem;
  for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
  return name;
}

/** What to say about a `$ref` to another document that nothing resolves. */
export const EXTERNAL_REF_HELP =
  "relgen follows a $ref within this file (\"#/...\") or to a schema of the interface registry (resolved through --registry): " +
  "generate with --registry, or copy the definition into this file's $defs and refer to it as \"#/$defs/<name>\"";

/**
 * The schema with every document it refers to inlined under `$defs`, its
 * `$ref`s rewritten to local ones (see the module comment). Positions of the
 * original file are kept; an inlined definition is placed at the `$ref` that
 * brought it in. `display` names a referenced file in messages. Throws a
 * SchemaError (a GenerationError for several) naming each `$ref` that cannot
 * be followed.
 */
export function inlineExternalRefs(
  schema: LoadedSchema,
  externalRefs: ReadonlyMap<string, string>,
  display: (path: string) => string = (path) => path,
): LoadedSchema {
  const problems: SchemaError[] = [];
  const doc = structuredClone(schema.document) as Json;
  const selfId = absoluteId(doc);
  const existing = isObject(doc["$defs"]) ? (doc["$defs"] as Json) : undefined;
  const taken = new Set(Object.keys(existing ?? {}));
  const nameOf = new Map<string, string>();
  const added: [string, unknown][] = [];
  const positions = new Map(schema.positions);
  const queue: { url: string; file: string; name: string; origin: { schema: Pick<LoadedSchema, "file" | "positions">; pointer: string } }[] = [];
  let external = false;

  /** Rewrites the `$ref`s of `root` (a document placed at `prefix`) in place. */
  const rewrite = (root: Json, prefix: string, within: Pick<LoadedSchema, "file" | "positions">, base: string | undefined, at: (p: string) => Position | undefined): void => {
    eachRef(root, "", (holder, ref, pointer) => {
      if (ref.startsWith("#")) {
        if (prefix !== "") holder["$ref"] = "#" + prefix + ref.slice(1);
        return;
      }
      external = true;
      const { url, fragment } = splitRef(ref, base);
      if (fragment !== "" && !fragment.startsWith("/")) {
        problems.push(errorAt(within, pointer, `$ref ${JSON.stringify(ref)}: relgen follows a fragment that is a JSON pointer ("#/..."), not the anchor ${JSON.stringify("#" + fragment)}`));
        return;
      }
      if (selfId !== undefined && url === selfId) {
        holder["$ref"] = "#" + fragment;
        return;
      }
      let name = nameOf.get(url);
      if (name === undefined) {
        const file = externalRefs.get(url);
        if (file === undefined) {
          problems.push(errorAt(within, pointer, `$ref ${JSON.stringify(ref)} refers to another document, which nothing resolved: ${EXTERNAL_REF_HELP}`));
          return;
        }
        name = defNameFor(url, taken);
        taken.add(name);
        nameOf.set(url, name);
        queue.push({ url, file, name, origin: { schema: within, pointer } });
        const pos = at(pointer);
        if (pos) positions.set(joinPointer("/$defs", name), pos);
      }
      holder["$ref"] = `#/$defs/${escapePointerToken(name)}${fragment}`;
    });
  };

  rewrite(doc, "", schema, selfId, (p) => positionOf(schema.positions, p));
  for (let next = queue.shift(); next; next = queue.shift()) {
    let loaded: LoadedSchema;
    try {
      loaded = loadSchemaFile(next.file, display(next.file));
    } catch (e) {
      if (!(e instanceof SchemaError || e instanceof GenerationError)) throw e;
      const first = e instanceof SchemaError ? e : e.problems[0]!;
      problems.push(errorAt(next.origin.schema, next.origin.pointer, `$ref to ${next.url}, read from ${display(next.file)}: ${first.message}`));
      continue;
    }
    const inlined = structuredClone(loaded.document) as Json;
    const base = absoluteId(inlined);
    delete inlined["$schema"];
    delete inlined["$id"];
    const origin = positionOf(next.origin.schema.positions, next.origin.pointer);
    // Positions of the original file only: what an inlined document brings in sits at the $ref that brought it.
    rewrite(inlined, joinPointer("/$defs", next.name), loaded, base, () => origin);
    added.push([next.name, inlined]);
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new GenerationError(problems);
  if (!external) return schema;
  if (added.length > 0) doc["$defs"] = { ...(existing ?? {}), ...Object.fromEntries(added) };
  return { ...schema, document: doc, positions };
}

/**
 * The schema in `file` as JSON text (two-space indent, a final newline), with
 * every document it refers to inlined (see `inlineExternalRefs`): a schema that
 * needs nothing else, to copy into a project and generate offline.
 */
export function bundleSchema(file: string, externalRefs: ReadonlyMap<string, string>): string {
  const bundled = inlineExternalRefs(loadSchemaFile(file), externalRefs);
  return JSON.stringify(bundled.document, null, 2) + "\n";
}
