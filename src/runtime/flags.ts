/**
 * Flags are derived state. Every hook, for every endpoint, the generated flag
 * computer gives the interface flags (`<ep>.connected`, ...) from the
 * snapshot, and the runtime keeps the automatic ones:
 *
 * - `endpoint.<ep>.joined`: at least one remote unit is joined;
 * - `endpoint.<ep>.changed` and `endpoint.<ep>.changed.<key>`: set when a joined
 *   unit's, or the other application's, decoded value of `<key>` differs from the
 *   last one seen (first sight included); never cleared by the runtime — the
 *   consumer clears what it consumed. Keys are tracked one by one (a flag and a
 *   digest each) when the other side's schema knows them, and at most
 *   `MAX_UNKNOWN_KEYS` other key names per endpoint; the rest of a bag is one
 *   digest, which sets only `endpoint.<ep>.changed` and is reported, so a peer
 *   that publishes thousands of junk keys cannot grow the unit's state;
 * - `endpoint.<ep>.departed`: set in a departed hook; cleared by a later hook in
 *   which units are still joined;
 * - `endpoint.<ep>.broken`: set in the broken hook of the endpoint, cleared after.
 *
 * The charm's own flags are left alone.
 */
import type { Hash } from "node:crypto";
import { createDigest, digest } from "./digest.js";
import { decodeJson, encodeJson } from "./codec.js";
import type { HookEnv } from "./hook-env.js";
import type { RawBag } from "./backend.js";
import { heldFact } from "./held-bag.js";
import type { RelationSnapshot } from "./port.js";

export type Seen = Record<string, Record<string, Record<string, string>>>;

/** md5 of the decoded value as Python's json.dumps(v, sort_keys=True) writes it (what charms.reactive hashes). */
export function valueDigest(raw: string): string {
  let text: string;
  try {
    text = encodeJson(decodeJson(raw));
  } catch {
    text = encodeJson(raw);
  }
  return digest("md5", text); // one-shot: no Hash object per value
}

/** Key names per endpoint that the other side's schema does not know but are still tracked one by one. */
export const MAX_UNKNOWN_KEYS = 16;

/** The digest (in `seen`) of the keys of a bag that are not tracked one by one; no wire key is empty. */
export const UNTRACKED = "";

/** The keys the other side's schema knows, per bag; null for a bag without a schema (all keys unknown). */
export interface KnownKeys {
  readonly unit: ReadonlySet<string> | null;
  readonly app: ReadonlySet<string> | null;
}

export interface EndpointFlagUpdate {
  /** Flags of this endpoint that must be set after this hook. */
  readonly set: readonly string[];
  /** Flags of this endpoint that must be clear after this hook. */
  readonly clear: readonly string[];
  /** The digests of what the other side holds now (replaces the endpoint's part of `seen`). */
  readonly seen: Seen;
  /** Every (relation, unit or application, key) whose decoded value changed in this hook. */
  readonly changes: readonly { readonly relationId: string; readonly owner: string; readonly key: string }[];
  /** Bags whose untracked keys changed: (relation, owner, number of untracked keys), to report. */
  readonly untracked: readonly { readonly relationId: string; readonly owner: string; readonly keys: number }[];
}

/**
 * The endpoint's flags after this hook: the interface flags (set when they
 * hold on some relation), and the automatic ones. `changed.<key>` compares
 * every remote unit's and the other application's decoded values with the
 * digests seen before.
 */
export function endpointFlags(
  endpoint: string,
  interfaceFlags: Readonly<Record<string, boolean>>,
  relations: readonly RelationSnapshot[],
  env: HookEnv,
  previousSeen: Readonly<Seen>,
  known: KnownKeys = { unit: null, app: null },
  /** The bags read in this hook (`<relation id> <owner>`); the others are as they were, and keep their digests. Undefined: all were read. */
  fresh?: ReadonlySet<string>,
): EndpointFlagUpdate {
  const ep = endpoint;
  const set: string[] = [];
  const clear: string[] = [];
  for (const [name, value] of Object.entries(interfaceFlags)) (value ? set : clear).push(`${ep}.${name}`);

  const joined = relations.some((r) => r.units.length > 0);
  (joined ? set : clear).push(`endpoint.${ep}.joined`);
  const here = env.relation?.endpoint === ep ? env.relation.kind : undefined;
  if (here === "departed") set.push(`endpoint.${ep}.departed`);
  else if (joined) clear.push(`endpoint.${ep}.departed`);
  (here === "broken" ? set : clear).push(`endpoint.${ep}.broken`);

  const seen: Seen = Object.create(null) as Seen;
  const changes: { relationId: string; owner: string; key: string }[] = [];
  const untracked: { relationId: string; owner: string; keys: number }[] = [];
  let changed = false;
  const trackedUnknown = unknownKeysToTrack(relations, known, previousSeen);
  const observe = (relationId: string, owner: string, raw: RawBag, schemaKeys: ReadonlySet<string> | null): void => {
    const before = previousSeen[relationId]?.[owner] ?? {};
    if (fresh && !fresh.has(`${relationId} ${owner}`) && sameTracking(raw, before, schemaKeys, trackedUnknown)) {
      // Not read in this hook: the values are those its digests were made of.
      if (Object.keys(before).length > 0) (seen[relationId] ??= Object.create(null) as Record<string, Record<string, string>>)[owner] = before;
      return;
    }
    const now: Record<string, string> = Object.create(null) as Record<string, string>;
    let rest: Hash | undefined; // made on the first untracked key: most bags have none
    let restKeys = 0;
    for (const key of Object.keys(raw).sort()) {
      // A held secret key (read cache) keeps the digest it had: its value is the one read then.
      const held = heldFact(raw, key) && before[key];
      if (held) {
        now[key] = held;
        continue;
      }
      const value = raw[key]!;
      if (value === "" || key === UNTRACKED) continue;
      if (schemaKeys?.has(key) || trackedUnknown.has(key)) now[key] = valueDigest(value);
      else {
        (rest ??= createDigest("md5")).update(`${key.length}:${key}${value.length}:${value}`, "utf8");
        restKeys++;
      }
    }
    if (rest !== undefined) now[UNTRACKED] = rest.digest("hex");
    for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
      if (before[key] === now[key]) continue;
      changed = true;
      if (key === UNTRACKED) {
        if (restKeys > 0) untracked.push({ relationId, owner, keys: restKeys });
        continue;
      }
      set.push(`endpoint.${ep}.changed.${key}`);
      changes.push({ relationId, owner, key });
    }
    if (Object.keys(now).length > 0) (seen[relationId] ??= Object.create(null) as Record<string, Record<string, string>>)[owner] = now;
  };
  for (const relation of relations) {
    for (const unit of relation.units) observe(relation.id, unit.name, unit.raw, known.unit);
    observe(relation.id, relation.application, relation.app, known.app);
  }
  if (changed) set.push(`endpoint.${ep}.changed`);
  return { set, clear, seen, changes, untracked };
}

/** Whether a bag's keys outside its schema are tracked now as they were when `before` was made (then `before` still holds). */
function sameTracking(raw: RawBag, before: Readonly<Record<string, string>>, schemaKeys: ReadonlySet<string> | null, trackedUnknown: ReadonlySet<string>): boolean {
  for (const key of Object.keys(raw)) {
    if (key === UNTRACKED || schemaKeys?.has(key)) continue;
    if (trackedUnknown.has(key) !== (before[key] !== undefined)) return false;
  }
  return true;
}

/**
 * The key names outside the schema that are tracked one by one: those
 * tracked before first (so a flag never flips between tracked and not), then
 * new ones in sorted order, up to `MAX_UNKNOWN_KEYS`.
 */
function unknownKeysToTrack(relations: readonly RelationSnapshot[], known: KnownKeys, previousSeen: Readonly<Seen>): Set<string> {
  const isUnknown = (key: string, unit: boolean): boolean => key !== UNTRACKED && !(unit ? known.unit : known.app)?.has(key);
  const before = new Set<string>();
  const fresh = new Set<string>();
  for (const relation of relations) {
    const bags: [string, RawBag, boolean][] = [...relation.units.map((u): [string, RawBag, boolean] => [u.name, u.raw, true]), [relation.application, relation.app, false]];
    for (const [owner, raw, unit] of bags) {
      const prior = previousSeen[relation.id]?.[owner];
      for (const key of Object.keys(raw)) {
        if (!isUnknown(key, unit) || raw[key] === "") continue;
        (prior?.[key] !== undefined ? before : fresh).add(key);
      }
    }
  }
  const out = new Set([...before].sort().slice(0, MAX_UNKNOWN_KEYS));
  for (const key of [...fresh].sort()) {
    if (out.size >= MAX_UNKNOWN_KEYS) break;
    out.add(key);
  }
  return out;
}
