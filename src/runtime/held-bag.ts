/**
 * A bag served from the read cache (read-cache.ts) whose secret keys were
 * kept as digests only: their values are not in the unit state, so the bag
 * holds them back. Reading one of them (`bag[key]`, a spread, a view's
 * `received.password`) reads the whole bag again, once per hook, with a
 * synchronous `relation-get`; until then the facts kept beside the digest
 * answer what the flag computers ask (present by the Python rule, valid by
 * the schema) without the value.
 *
 * The keys are ordinary enumerable properties: a held key is a getter, so
 * `Object.keys` lists it without reading it, and anything that reads values
 * (JSON.stringify, `{ ...bag }`) gets the real ones.
 */
import type { RawBag } from "./backend.js";

/** What the cache kept of a secret key: the sha256 of its raw value, and whether Python would call it present. */
export interface HeldFact {
  readonly digest: string;
  readonly present: boolean;
}

interface Held {
  readonly facts: ReadonlyMap<string, HeldFact>;
  readonly load: () => RawBag;
  loaded: RawBag | null;
}

const HELD = new WeakMap<object, Held>();

/**
 * Makes a bag from cached values and held secret keys. `load` reads the
 * whole bag now (synchronously) and `onLoad` hears of it (to learn the
 * secrets it holds, for scrubbing).
 */
export function heldBag(values: RawBag, facts: ReadonlyMap<string, HeldFact>, load: () => RawBag, onLoad: (bag: RawBag) => void): RawBag {
  const held: Held = {
    facts,
    loaded: null,
    load: () => {
      if (held.loaded === null) {
        held.loaded = Object.freeze({ ...load() });
        onLoad(held.loaded);
      }
      return held.loaded;
    },
  };
  const bag = Object.create(null) as Record<string, string>;
  const keys = [...Object.keys(values), ...facts.keys()].sort();
  for (const key of keys) {
    if (facts.has(key)) Object.defineProperty(bag, key, { enumerable: true, configurable: false, get: () => held.load()[key] });
    else bag[key] = values[key]!;
  }
  HELD.set(bag, held);
  return Object.freeze(bag);
}

/**
 * What the cache knows of a held key that was not read again in this hook;
 * undefined for any other key or bag (read its value as usual).
 */
export function heldFact(bag: object, key: string): HeldFact | undefined {
  const held = HELD.get(bag);
  return held && held.loaded === null ? held.facts.get(key) : undefined;
}

/** The bag as read again in this hook, when it is a held bag that was; null for a held bag not read yet; the bag itself otherwise. */
export function loadedBag(bag: RawBag): RawBag | null {
  const held = HELD.get(bag);
  return held ? held.loaded : bag;
}

/** Reads a held bag now (or returns any other bag as it is). */
export function loadBag(bag: RawBag): RawBag {
  return HELD.get(bag)?.load() ?? bag;
}

/** Whether the bag holds secret keys back (read again or not). */
export function isHeld(bag: object): boolean {
  return HELD.has(bag);
}

/** The values of a bag that are known without reading anything: a held bag's secret keys only once read again. */
export function knownValues(bag: RawBag): string[] {
  const held = HELD.get(bag);
  if (!held) return Object.values(bag);
  if (held.loaded) return Object.values(held.loaded);
  return Object.keys(bag)
    .filter((k) => !held.facts.has(k))
    .map((k) => bag[k]!);
}

/** The value of `key` when known without reading anything (undefined for an unread held key, or no such key). */
export function knownValue(bag: RawBag, key: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(bag, key)) return undefined;
  return heldFact(bag, key) ? undefined : bag[key];
}
