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
import type { BagBinding } from "./port.js";
import type { RawBag } from "./backend.js";
import { decodeJson, encodeJson, pyTruthy } from "./codec.js";
import type { Issue } from "./issues.js";
import { heldFact, isHeld, loadBag, loadedBag } from "./held-bag.js";

export interface KeySpec {
  /** Key on the wire. */
  readonly wire: string;
  /** TypeScript property name. */
  readonly ts: string;
  readonly encoding: "json" | "raw";
  /** Never logged or shown. */
  readonly secret?: boolean;
  /** The schema requires it. */
  readonly required?: boolean;
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

/** A validator of the decoded data `T`, as ajv's standalone code is: a type guard keeping the errors of its last call. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: StandaloneValidator["errors"];
}

/** The view of a bag whose schema is unknown (the other side's schema is missing): raw strings by wire key. */
export interface OpenBagView {
  /** The raw strings by wire key: with no schema, nothing is decoded. */
  readonly received: Readonly<Record<string, string>>;
  readonly raw: RawBag;
  /** Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy). */
  has(key: string): boolean;
  /** A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON. */
  decoded(key: string): unknown;
  /** Always empty: with no schema, nothing is invalid. */
  readonly issues: readonly Issue[];
}

/** The view of a bag in which the interface puts nothing: it is not read, and it is always empty. */
export interface EmptyBagView {
  readonly received: Readonly<Record<string, never>>;
  readonly raw: RawBag;
  has(key: never): boolean;
  decoded(key: never): unknown;
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
  const fact = bag ? heldFact(bag, key) : undefined;
  if (fact) return fact.present;
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
export function readBag<T, K extends keyof T & string = keyof T & string, X extends object = object>(
  raw: RawBag,
  spec: BagSpec,
  validate: StandaloneValidator,
  /** Members added to the view (a unit's name...), made in one object with it. */
  extra?: X,
): BagView<T, K> & X {
  if (isHeld(raw) && loadedBag(raw) === null) return heldView<T, K, X>(raw, spec, validate, extra);
  const { decoded, issues } = checkBag(raw, spec, validate);
  const invalid = new Set(issues.map((i) => i.key));
  const received: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const byTs = new Map<string, KeySpec>();
  for (const key of spec.keys) {
    byTs.set(key.ts, key);
    if (decoded.has(key.wire) && !invalid.has(key.wire)) received[key.ts] = decoded.get(key.wire);
  }
  const frozen = Object.freeze(issues);
  return viewOf<T, K, X>(raw, received, byTs, () => frozen, extra);
}

/** A view's members, once for both kinds of view: `issues` comes from `issuesOf` (a held bag reads itself again for them). */
function viewOf<T, K extends keyof T & string, X extends object>(
  raw: RawBag,
  received: Record<string, unknown>,
  byTs: ReadonlyMap<string, KeySpec>,
  issuesOf: () => readonly Issue[],
  extra: X | undefined,
): BagView<T, K> & X {
  const wireOf = (k: string): string => byTs.get(k)?.wire ?? k;
  return {
    received: Object.freeze(received) as Readonly<Partial<T>>,
    raw,
    has: (k: K) => isPresent(raw, wireOf(k)),
    decoded: (k: K) => decodeJson(rawValue(raw, wireOf(k))),
    get issues() {
      return issuesOf();
    },
    ...(extra as X),
  };
}

/**
 * The view of a bag that holds its secret keys back (held-bag.ts): the other
 * keys are decoded at once, each held key only when it is read (which reads
 * the bag again); validity comes from when the bag was cached, and the issues
 * from the bag read again.
 */
function heldView<T, K extends keyof T & string, X extends object>(raw: RawBag, spec: BagSpec, validate: StandaloneValidator, extra: X | undefined): BagView<T, K> & X {
  const invalid = invalidKeys(raw, spec, validate);
  let fresh: ReturnType<typeof checkBag> | null = null;
  const loaded = (): ReturnType<typeof checkBag> => (fresh ??= checkBag(loadBag(raw), spec, validate));
  const received: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const byTs = new Map<string, KeySpec>();
  for (const key of spec.keys) {
    byTs.set(key.ts, key);
    if (invalid.has(key.wire) || !hasOwn(raw, key.wire)) continue;
    if (heldFact(raw, key.wire)) {
      Object.defineProperty(received, key.ts, {
        enumerable: true,
        get: () => {
          const check = loaded();
          return check.issues.some((i) => i.key === key.wire) ? undefined : check.decoded.get(key.wire);
        },
      });
      continue;
    }
    const value = raw[key.wire]!;
    if (value !== "") received[key.ts] = key.encoding === "raw" ? value : decodeJson(value);
  }
  return viewOf<T, K, X>(raw, received, byTs, () => Object.freeze(loaded().issues), extra);
}

/** Records the keys a bag's schema refused when it was read: what `isValid` and the views of a held bag use instead of reading it again. */
export function seedInvalidKeys(raw: RawBag, spec: BagSpec, keys: Iterable<string>): void {
  let bySpec = invalidCache.get(raw);
  if (!bySpec) invalidCache.set(raw, (bySpec = new WeakMap()));
  bySpec.set(spec, new Set(keys));
}

/**
 * Encodes decoded values (by TypeScript name) to wire strings: JSON keys the way
 * Python's `json.dumps(v, sort_keys=True)` does, raw keys verbatim. `undefined`
 * entries are skipped; `null` on a JSON key publishes `null`, which peers read as missing.
 * Does not validate: see `encodeForWrite`.
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

/** A value the charm tried to publish is not one the schema allows. Names the key, never the value. */
export class PublishError extends Error {
  override readonly name = "PublishError";
  constructor(
    /** What was writing, e.g. `database.publishApp`. */
    readonly what: string,
    /** The wire key at fault (`""` for the values as a whole). */
    readonly key: string,
    message: string,
  ) {
    super(`${what}: ${key === "" ? "" : `${JSON.stringify(key)} `}${message}`);
  }
}

/**
 * Checks and encodes values a charm publishes into a bag of known schema
 * (TypeScript names in, wire keys out). Refuses, naming the key: a key the
 * bag does not have, a raw key given a non-string, a value the schema does not
 * allow, and `null` for a required key whose schema does not allow null
 * (`null` on an optional JSON key publishes `null`, which readers take as
 * unset; `""` on an optional raw key deletes it). Nothing is dropped silently.
 */
export function encodeForWrite(
  spec: BagSpec,
  validatePartial: StandaloneValidator,
  given: object,
  what: string,
): Record<string, string> {
  if (given === null || typeof given !== "object" || Array.isArray(given)) throw new PublishError(what, "", "takes an object of values");
  // A generated publish type (an interface) by TypeScript name: read as the record it is.
  const values = given as Readonly<Record<string, unknown>>;
  const byTs = new Map(spec.keys.map((k) => [k.ts, k]));
  const doc: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(values)) {
    const key = byTs.get(name);
    if (!key) {
      const wire = spec.keys.find((k) => k.wire === name);
      const hint = wire ? ` (write it as ${JSON.stringify(wire.ts)})` : ` (the bag's keys: ${spec.keys.map((k) => k.ts).join(", ") || "none"})`;
      throw new PublishError(what, name, `is not a key of this bag${hint}`);
    }
    const value = values[name];
    if (value === undefined) continue;
    if (key.encoding === "raw" && typeof value !== "string") throw new PublishError(what, key.wire, "is a raw key and takes a string");
    if (value === null || (key.encoding === "raw" && value === "")) {
      if (key.required) doc[key.wire] = value; // let the schema say whether the required key may be null
      continue;
    }
    doc[key.wire] = value;
  }
  let ok: boolean;
  try {
    ok = validatePartial(doc);
  } catch {
    throw new PublishError(what, "", "could not be validated (value too deeply nested?)");
  }
  if (!ok) {
    const err = validatePartial.errors?.[0];
    const pointer = err?.instancePath ?? "";
    const first = pointer.split("/")[1];
    const key = first === undefined ? "" : unescapeToken(first);
    const rest = pointer.split("/").slice(2).map(unescapeToken).join("/");
    const message = err ? describe(err.keyword, err.params as Record<string, unknown>, err.message) : "is not allowed by the schema";
    throw new PublishError(what, key, `${rest ? `at /${rest} ` : ""}${message}`);
  }
  return encodeBag(spec, values);
}

/** Values for a bag whose schema is unknown (open): any keys, string values (`""` deletes). */
export function encodeOpen(values: Readonly<Record<string, unknown>>, what: string): Record<string, string> {
  if (values === null || typeof values !== "object" || Array.isArray(values)) throw new PublishError(what, "", "takes an object of string values");
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(values)) {
    const value = values[key];
    if (value === undefined) continue;
    if (typeof value !== "string") throw new PublishError(what, key, "takes a string (the other side's schema is unknown, so values go on the wire as given)");
    if (key === "") throw new PublishError(what, key, "is not a usable key");
    out[key] = value;
  }
  return out;
}

const anyObject: StandaloneValidator = (data) => typeof data === "object" && data !== null && !Array.isArray(data);

/**
 * The binding of a bag that a known schema leaves unspecified: the interface
 * puts nothing there. It has no keys, so the runtime does not read it and a
 * typed publish into it is refused.
 */
export const EMPTY_BAG: BagBinding = Object.freeze({ spec: Object.freeze({ keys: Object.freeze([]) }), validate: anyObject, validatePartial: anyObject });

/** A read-only view of a bag whose schema is unknown: raw strings, Python-rule presence, no issues. */
export function readOpenBag(raw: RawBag): BagView<Readonly<Record<string, string>>, string> {
  const received = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(raw)) received[key] = raw[key]!;
  return {
    received: Object.freeze(received),
    raw,
    has: (k) => isPresent(raw, k),
    decoded: (k) => decodeJson(rawValue(raw, k)),
    issues: Object.freeze([]),
  };
}

const invalidCache = new WeakMap<object, WeakMap<BagSpec, ReadonlySet<string>>>();

/** Wire keys of a raw bag that have a validation issue (cached per bag object and spec). */
function invalidKeys(raw: RawBag, spec: BagSpec, validate: StandaloneValidator): ReadonlySet<string> {
  let bySpec = invalidCache.get(raw);
  if (!bySpec) invalidCache.set(raw, (bySpec = new WeakMap()));
  let keys = bySpec.get(spec);
  if (!keys) {
    keys = new Set(checkBag(raw, spec, validate).issues.map((i) => i.key));
    bySpec.set(spec, keys);
  }
  return keys;
}

/**
 * "Set and valid" (the rule clause `valid`): the key has a value on the wire
 * (not absent, not `""`) and its decoded value has no validation issue. A
 * value the schema allows counts even when Python would call it falsy (an
 * empty list, `false`, `0`): what matters is that the other side said it.
 */
export function isValid(raw: RawBag | null | undefined, key: string, binding: Pick<BagBinding, "spec" | "validate">): boolean {
  const { spec, validate } = binding;
  // A held key has a value (Juju keeps no empty one): valid unless its schema refused it when the bag was read.
  if (raw && heldFact(raw, key)) return !invalidKeys(raw, spec, validate).has(key);
  const value = rawValue(raw, key);
  if (value === undefined || value === "") return false;
  return !invalidKeys(raw!, spec, validate).has(key);
}
