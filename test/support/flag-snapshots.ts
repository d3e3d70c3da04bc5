/**
 * Random relation snapshots for flag tests, and, per bag the flag rules
 * read, candidate raw values: some the key's schema allows, some it refuses,
 * and edge values every key gets (empty, falsy once decoded, not JSON).
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { BagBinding } from "../../src/runtime/index.js";
import { valid, type RelationSnapshot } from "./rule-interpreter.js";

/** Values every key gets besides its own: empty, falsy when decoded, not JSON, odd. */
export const EDGE = ["", "null", "false", "0", "[]", "{}", '""', "true", "1", '"x"', "{not json", "[1,", "NaN", " "];

/** Per wire key: values its schema allows (`ok`) and values it refuses (`bad`). */
export type Pools = Readonly<Record<string, { readonly ok: readonly string[]; readonly bad: readonly string[] }>>;

export function bagArb(pools: Pools): fc.Arbitrary<Record<string, string>> {
  const value = (p: Pools[string]) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...p.ok), weight: 3 },
      { arbitrary: fc.constantFrom(...(p.bad.length > 0 ? p.bad : EDGE)), weight: 1 },
      { arbitrary: fc.constantFrom(...EDGE), weight: 1 },
    );
  // Each key is missing a quarter of the time.
  const model = Object.fromEntries(Object.entries(pools).map(([k, p]) => [k, fc.option(value(p), { nil: undefined, freq: 4 })]));
  return fc.record(model).map((bag) => Object.fromEntries(Object.entries(bag).filter(([, v]) => v !== undefined)) as Record<string, string>);
}

/** 0-4 units (sometimes all with the same bag, so that `allUnits` holds often enough); a null, empty, missing or filled app bag. */
export function snapshotArb(unitPools: Pools, appPools: Pools): fc.Arbitrary<RelationSnapshot> {
  const unit = bagArb(unitPools);
  const units = fc.oneof(
    fc.array(unit, { maxLength: 4 }),
    fc.tuple(unit, fc.integer({ min: 1, max: 4 })).map(([bag, n]) => Array.from({ length: n }, () => bag)),
  );
  const app = fc.oneof(
    { arbitrary: fc.constantFrom(null, {}, undefined), weight: 1 },
    { arbitrary: bagArb(appPools), weight: 4 },
  );
  return fc.record({ units: units.map((bags) => bags.map((raw) => ({ raw }))), app });
}

/** Checks that the `ok` values of each key are valid for its bag's schema and the `bad` ones are not. */
export function checkPools(pools: Pools, binding: BagBinding): void {
  for (const [key, { ok, bad }] of Object.entries(pools)) {
    for (const v of ok) expect(valid({ [key]: v }, key, binding), `${key}=${v} is valid`).toBe(true);
    for (const v of bad) expect(valid({ [key]: v }, key, binding), `${key}=${v} is invalid`).toBe(false);
  }
}

// --- The golden widget and the shipped interfaces --------------------------

export const WIDGET_REQUIRER_UNIT: Pools = {
  address: { ok: ["10.0.0.1", "192.168.7.20"], bad: ["300.1.1.1", "host-a", '"10.0.0.1"'] },
  ready: { ok: ["true", "false"], bad: ['"yes"', "2"] },
};
export const WIDGET_REQUIRER_APP: Pools = {
  name: { ok: ["web", "client x"], bad: [] },
  tier: { ok: ['"gold"', '"silver"'], bad: ['"bronze"', "gold"] },
  replicas: { ok: ["1", "5"], bad: ["0", "-1", '"2"'] },
};
export const WIDGET_PROVIDER_UNIT: Pools = {
  hostname: { ok: ["db-1", "db.example.com"], bad: ["bad host!", "a..b"] },
  port: { ok: ["80", "65535"], bad: ["0", "70000", '"80"'] },
};
export const WIDGET_PROVIDER_APP: Pools = {
  mode: { ok: ['"active"', '"standby"'], bad: ['"off"', "active"] },
  endpoints: { ok: ['[{"host": "db", "port": 3306}]'], bad: ["[]", '[{"host": "db"}]', '{"host": "db", "port": 1}'] },
  token: { ok: ['"t0k3n"', "null"], bad: ["5", "[]"] },
};
export const PEERS_UNIT: Pools = {
  "cluster-address": { ok: ['"10.5.0.21"'], bad: ['""', "10.5.0.21"] },
  "cluster-user": { ok: ['"clusteruser"'], bad: ["false"] },
  "cluster-password": { ok: ['"s3cret"'], bad: ["{}"] },
  "unit-clustered": { ok: ["true", "false"], bad: ['"yes"'] },
  "unit-configure-ready": { ok: ["true"], bad: ["0"] },
};
export const CLIENT_REQUIRER_APP: Pools = {
  database: { ok: ["webapp"], bad: [] },
  "requested-secrets": { ok: ['["username", "password"]', "[]"], bad: ['[""]', '["a", "a"]', '"x"'] },
  "extra-user-roles": { ok: ["admin"], bad: [] },
};
export const CLIENT_PROVIDER_APP: Pools = {
  database: { ok: ["webapp"], bad: [] },
  username: { ok: ["relation-7"], bad: [] },
  password: { ok: ["pw"], bad: [] },
  endpoints: { ok: ["10.5.0.10:3306", "a:1,b:2"], bad: ["10.5.0.10", "a:1,"] },
  version: { ok: ["8.0.36"], bad: [] },
};
export const NO_KEYS: Pools = { "ingress-address": { ok: ["10.0.0.9"], bad: [] } };

// --- The random-rule schemas (see test/generator/flags-reference.test.ts) --

/** What the provider's rules read: the requirer's bags (some keys required, JSON and raw, formats, enums). */
export const RULES_UNIT: Pools = {
  addr: { ok: ["10.0.0.1", "192.168.1.20"], bad: ["300.1.1.1", "host.example", '"10.0.0.1"'] },
  ready: { ok: ["true", "false"], bad: ['"yes"', "2"] },
  count: { ok: ["1", "7"], bad: ["-3", '"5"', "1.5"] },
};
export const RULES_APP: Pools = {
  name: { ok: ["web", "client"], bad: ["x"] },
  tier: { ok: ['"gold"', '"silver"'], bad: ['"bronze"', "gold"] },
  tags: { ok: ['["a"]', '["a", "b"]', "[]"], bad: ['"a"', "[1]"] },
  since: { ok: ["2024-01-31"], bad: ["2024-13-01", "yesterday"] },
};
/** Keys of the open bags (no counterpart schema): some named like members of Object.prototype. */
export const OPEN_KEYS: Pools = {
  addr: { ok: ["10.0.0.1", '"h"'], bad: [] },
  constructor: { ok: ['"c"', "[0]"], bad: [] },
  toString: { ok: ["yes"], bad: [] },
  'we"ird key': { ok: ['{"a": 1}'], bad: [] },
};

/** The provider's own bags, read by the requirer's default flags. */
export const RULES_PROVIDER_UNIT: Pools = { host: { ok: ["db-1", "db.example.com"], bad: ["bad host!"] } };
export const RULES_PROVIDER_APP: Pools = { mode: { ok: ['"on"', '"off"'], bad: ['"maybe"', "on"] } };

