/**
 * The read cache: what this unit last read of each relation (members and
 * bags), kept in the unit state so that a hook reads only what Juju says
 * changed. Why that is safe, with Juju's sources, is in
 * docs/read-cache.md; which bags a hook reads is `refreshPlan` here.
 *
 * What is kept, per endpoint and relation: the application at the other end,
 * the remote units, and each bag the endpoint reads (the remote units', the
 * other application's, this unit's and its application's):
 *
 *     "reads": { "v": 1, "leader": true, "endpoints": { "cluster": { "cluster:0": {
 *       "app": "mysql", "units": ["mysql/1"],
 *       "bags": { "mysql/1": { "v": { "cluster-address": "\"10.0.0.2\"" }, "s": { "cluster-password": { "d": "<sha256>", "p": true } } } },
 *       "local": { ... }, "localApp": { ... }, "verify": true } } } }
 *
 * - A key the schema marks secret is never kept: only the sha256 of its raw
 *   value (`d`), whether Python would call it present (`p`), and the keys the
 *   schema refused when the bag was read (`x`). A bag that holds one is served
 *   as a held bag (held-bag.ts) and read again when its value is wanted.
 * - A bag is kept only within the bounds of the digests of `seen` (flags.ts):
 *   at most `MAX_UNKNOWN_KEYS` keys its schema does not know, and at most
 *   `MAX_CACHED_BAG_BYTES` of keys and values. Past them it is `null`: not
 *   kept, read again in every hook that reads its relation.
 * - `verify`: this unit wrote its own bags of that relation in the hook that
 *   saved the cache; Juju commits them only after the hook exits, so the next
 *   hook reads them again rather than trusting that it did.
 *
 * `RELGEN_READ=all` (in the hook's environment, or the process's) reads
 * everything in every hook, as before the cache: for debugging, and for the
 * proof that the cache changes no outcome.
 */
import type { RawBag } from "./backend.js";
import { checkBag, isPresent } from "./bag.js";
import { digest } from "./digest.js";
import { MAX_UNKNOWN_KEYS } from "./flags.js";
import type { HookEnv } from "./hook-env.js";
import type { BagBinding } from "./port.js";

export const READ_CACHE_VERSION = 1;
/** The most bytes (keys and values, UTF-16 units) of one bag that the cache keeps. */
export const MAX_CACHED_BAG_BYTES = 16 * 1024;

/** One bag as the cache keeps it. */
export interface CachedBag {
  /** The values of every key that is not secret. */
  readonly v: Readonly<Record<string, string>>;
  /** Secret keys: the sha256 of the raw value, and Python-rule presence. */
  readonly s?: Readonly<Record<string, { readonly d: string; readonly p: boolean }>>;
  /** Keys the bag's schema refused when it was read (kept beside held keys only). */
  readonly x?: readonly string[];
}

/** One relation as the cache keeps it. */
export interface CachedRelation {
  readonly app: string;
  /** Remote units, sorted as strings. */
  readonly units: readonly string[];
  /** The remote units' bags and the other application's, by owner; null: too big to keep. Absent: not read (its schema declares nothing). */
  readonly bags: Readonly<Record<string, CachedBag | null>>;
  readonly local?: CachedBag | null;
  readonly localApp?: CachedBag | null;
  readonly verify?: boolean;
}

export interface ReadCache {
  readonly v: typeof READ_CACHE_VERSION;
  /** Leadership when the cache was saved: a change reads everything again (the own application's bag becomes readable or not). */
  readonly leader: boolean;
  readonly endpoints: Readonly<Record<string, Readonly<Record<string, CachedRelation>>>>;
}

/** `RELGEN_READ=all`: read everything in every hook. An action reads everything too (it saves nothing). */
export function readsEverything(env: NodeJS.ProcessEnv, processEnv: NodeJS.ProcessEnv = process.env): boolean {
  const mode = env["RELGEN_READ"] ?? processEnv["RELGEN_READ"];
  return mode === "all" || Boolean(env["JUJU_ACTION_NAME"]);
}

const sha256 = (text: string): string => digest("sha256", text);

/** The digest the cache keeps of a secret value (compared with what a hook stages, to skip an unchanged write). */
export const secretDigest = sha256;

/**
 * What the cache keeps of a bag just read: values, with secret keys as
 * digests; null past the bounds, or when a secret key could not be held
 * (no schema to check it against, or no way to read it again in a hook).
 */
export function cacheBag(raw: RawBag, binding: BagBinding | null, secretKeys: ReadonlySet<string>, canHold: boolean): CachedBag | null {
  const known = new Set(binding?.spec.keys.map((k) => k.wire) ?? []);
  const v: Record<string, string> = {};
  const s: Record<string, { d: string; p: boolean }> = {};
  let unknown = 0;
  let bytes = 0;
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key]!;
    bytes += key.length + value.length;
    if (!known.has(key) && ++unknown > MAX_UNKNOWN_KEYS) return null;
    if (bytes > MAX_CACHED_BAG_BYTES) return null;
    if (secretKeys.has(key) && value !== "") s[key] = { d: sha256(value), p: isPresent(raw, key) };
    else v[key] = value;
  }
  if (Object.keys(s).length === 0) return { v };
  if (!binding || !canHold) return null;
  const x = [...new Set(checkBag(raw, binding.spec, binding.validate).issues.map((i) => i.key))].sort();
  return { v, s, ...(x.length > 0 ? { x } : {}) };
}

/** Which bags of the relations a hook reads again, from what Juju says the hook is about. */
export interface RefreshPlan {
  /** Read every relation of every endpoint (no cache, another version, a change of leadership, upgrade-charm, RELGEN_READ=all). */
  readonly everything: boolean;
  /** Read this unit's own bags of every relation (Juju may have rewritten their network keys). */
  readonly ownBags: boolean;
}

/** Hooks after which Juju may have written this unit's own bags itself (network keys) or the charm changed. */
const OWN_BAGS_HOOKS = new Set(["config-changed", "upgrade-charm", "post-series-upgrade"]);

export function refreshPlan(cache: ReadCache | undefined, leader: boolean, env: HookEnv, everything: boolean): RefreshPlan {
  const all = everything || cache === undefined || cache.leader !== leader || env.hookName === "upgrade-charm";
  return { everything: all, ownBags: all || OWN_BAGS_HOOKS.has(env.hookName) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === "string");

function parseBag(v: unknown): CachedBag | null | undefined {
  if (v === null) return null;
  if (!isRecord(v) || !isStrings(v["v"])) return undefined;
  const s = v["s"];
  if (s !== undefined && !(isRecord(s) && Object.values(s).every((f) => isRecord(f) && typeof f["d"] === "string" && typeof f["p"] === "boolean"))) return undefined;
  const x = v["x"];
  if (x !== undefined && !(Array.isArray(x) && x.every((k) => typeof k === "string"))) return undefined;
  return v as unknown as CachedBag;
}

/**
 * The cache in a state document, checked; undefined (read everything) when
 * absent, of another version, or malformed: the cache is only ever a copy of
 * what Juju holds, so a bad one is dropped, never an error.
 */
export function parseReadCache(doc: unknown): ReadCache | undefined {
  if (!isRecord(doc) || doc["v"] !== READ_CACHE_VERSION || typeof doc["leader"] !== "boolean" || !isRecord(doc["endpoints"])) return undefined;
  for (const relations of Object.values(doc["endpoints"])) {
    if (!isRecord(relations)) return undefined;
    for (const r of Object.values(relations)) {
      if (!isRecord(r) || typeof r["app"] !== "string" || !Array.isArray(r["units"]) || !r["units"].every((u) => typeof u === "string") || !isRecord(r["bags"])) return undefined;
      if (Object.values(r["bags"]).some((b) => parseBag(b) === undefined)) return undefined;
      for (const own of ["local", "localApp"]) if (r[own] !== undefined && parseBag(r[own]) === undefined) return undefined;
    }
  }
  return doc as unknown as ReadCache;
}
