/**
 * Reading and writing one databag through the key table of a generated
 * binding. The generated code holds the data (keys, encodings, the ajv
 * validator); the logic lives here once, tested once.
 *
 * Reading never throws, whatever a peer put in its bag: a value that is not
 * JSON, of the wrong type, or huge becomes an Issue, and the typed view leaves
 * it out, while presence (`has`) follows the Python charm's rule so flags agree
 * with Python peers.
 */
import type { RawBag } from "./backend.js";
import { decodeJson, encodeJson, pyTruthy } from "./codec.js";
import type { Issue } from "./issues.js";

export interface KeySpec {
  /** Key on the wire. */
  readonly wire: string;
  /** TypeScript property name. */
  readonly ts: string;
  readonly encoding: "json" | "raw";
  /** Never logged or shown. */
  readonly secret?: boolean;
}

export interface BagSpec {
  readonly keys: readonly KeySpec[];
}

/** The shape of an ajv standalone validation function. */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: readonly { readonly instancePath: string; readonly keyword: string; readonly message?: string; readonly params: object }[] | null;
}

/** A typed, read-only view of one databag. */
export interface BagView<T, K extends keyof T & string = keyof T & string> {
  /** Decoded values that are valid for the schema, by TypeScript name. Invalid or missing ones are absent. */
  readonly received: Readonly<Partial<T>>;
  /** The raw strings, by wire key (includes keys the schema does not know, such as `egress-subnets`). */
  readonly raw: RawBag;
  /** Presence by the Python rule: decode (raw fallback), then Python truthiness. Ignores validity. */
  has(key: K): boolean;
  /** The value exactly as the Python charm would see it: JSON-decoded, or the raw string when it is not JSON. */
  decoded(key: K): unknown;
  /** Validation issues, per key. Empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The raw string at `key`, or undefined; safe for keys such as `constructor`. */
export function rawValue(bag: RawBag | null | undefined, key: string): string | undefined {
  if (!bag || !hasOwn(bag, key)) return undefined;
  const v = bag[key];
  return typeof v === "string" ? v : undefined;
}

/** Python-rule presence of `key` in a raw bag (used by flag computers). */
export function isPresent(bag: RawBag | null | undefined, key: string): boolean {
  return pyTruthy(decodeJson(rawValue(bag, key)));
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Decodes every known key and validates the decoded bag. Never throws.
 * Returns the decoded values by wire key (only keys that decoded) and the issues.
 */
export function checkBag(
  raw: RawBag,
  spec: BagSpec,
  validate: StandaloneValidator,
): { decoded: Map<string, unknown>; issues: Issue[] } {
  const decoded = new Map<string, unknown>();
  const issues: Issue[] = [];
  const undecodable = new Set<string>();
  for (const key of spec.keys) {
    const value = rawValue(raw, key.wire);
    if (value === undefined || value === "") continue;
    if (key.encoding === "raw") {
      decoded.set(key.wire, value);
      continue;
    }
    const parsed = decodeJson(value);
    if (typeof parsed === "string" && parsed === value) {
      // decodeJson fell back to the raw string: it is not JSON.
      undecodable.add(key.wire);
      issues.push({ key: key.wire, pointer: "/" + escapeToken(key.wire), message: "is not valid JSON" });
    } else {
      decoded.set(key.wire, parsed);
    }
  }
  const doc: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of decoded) doc[k] = v;
  let ok = false;
  try {
    ok = validate(doc);
  } catch {
    issues.push({ key: "", pointer: "", message: "could not be validated (value too deeply nested?)" });
    return { decoded: new Map(), issues };
  }
  if (!ok) {
    for (const err of validate.errors ?? []) {
      const params = err.params as Record<string, unknown>;
      let pointer = err.instancePath;
      if (err.keyword === "required" && typeof params["missingProperty"] === "string") {
        pointer = pointer + "/" + escapeToken(params["missingProperty"]);
      }
      const first = pointer.split("/")[1];
      const key = first === undefined ? "" : unescapeToken(first);
      if (undecodable.has(key)) continue; // already reported as "is not valid JSON"
      issues.push({ key, pointer, message: describe(err.keyword, params, err.message) });
    }
  }
  return { decoded, issues };
}

function describe(keyword: string, params: Record<string, unknown>, message: string | undefined): string {
  if (keyword === "required") return "is required but missing";
  if (keyword === "format") return `must be a valid ${String(params["format"])}`;
  return message ?? `fails ${keyword}`;
}

/** Builds the typed view of a raw bag. Never throws. */
export function readBag<T, K extends keyof T & string = keyof T & string>(
  raw: RawBag,
  spec: BagSpec,
  validate: StandaloneValidator,
): BagView<T, K> {
  const { decoded, issues } = checkBag(raw, spec, validate);
  const invalid = new Set(issues.map((i) => i.key));
  const received: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const byTs = new Map<string, KeySpec>();
  for (const key of spec.keys) {
    byTs.set(key.ts, key);
    if (decoded.has(key.wire) && !invalid.has(key.wire)) received[key.ts] = decoded.get(key.wire);
  }
  const wireOf = (k: string): string => byTs.get(k)?.wire ?? k;
  return {
    received: Object.freeze(received) as Readonly<Partial<T>>,
    raw,
    has: (k) => isPresent(raw, wireOf(k)),
    decoded: (k) => decodeJson(rawValue(raw, wireOf(k))),
    issues: Object.freeze(issues),
  };
}

/**
 * Encodes decoded values (by TypeScript name) to wire strings: JSON keys the way
 * Python's `json.dumps(v, sort_keys=True)` does, raw keys verbatim. `undefined`
 * entries are skipped; `null` on a JSON key publishes `null`, which peers read as missing.
 */
export function encodeBag(spec: BagSpec, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of spec.keys) {
    if (!hasOwn(values, key.ts)) continue;
    const value = values[key.ts];
    if (value === undefined) continue;
    if (key.encoding === "raw") {
      if (typeof value !== "string") throw new TypeError(`${key.wire}: a raw key takes a string`);
      out[key.wire] = value;
    } else {
      out[key.wire] = encodeJson(value);
    }
  }
  return out;
}
