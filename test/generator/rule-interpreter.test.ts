/**
 * The reference interpreter of the flag rule language (the oracle of
 * `flags-reference.test.ts`) against hand-written expectations: the spec's
 * examples and the edge cases of each clause.
 */
import { describe, expect, it } from "vitest";
import type { BagCondition, FlagModel, Rule } from "../../src/generator/model.js";
import { widgetRequirerAppBinding, widgetRequirerUnitBinding } from "../golden/expected/widget/v1/requirer.accessors.js";
import { completeBag, peers } from "../support/peers.js";
import { evaluateFlags, evaluateRule, present, valid, type RelationSnapshot, type RuleContext } from "../support/rule-interpreter.js";

const cond = (c: Partial<BagCondition>): BagCondition => ({ present: [], absent: [], valid: [], ...c });
const OPEN: RuleContext = { unit: null, app: null };
const WIDGET: RuleContext = { unit: widgetRequirerUnitBinding, app: widgetRequirerAppBinding };
const holds = (rule: Rule, snapshot: RelationSnapshot, ctx: RuleContext = OPEN) => evaluateRule(rule, snapshot, ctx);
const units = (...bags: Record<string, string>[]) => bags.map((raw) => ({ raw }));
const without = (key: string) => {
  const bag = completeBag();
  delete bag[key];
  return bag;
};

describe("spec examples: mysql-innodb-cluster peers", () => {
  // available: at least minimumUnits - 1 = 2 peers, each with address, user and password.
  const available: Rule = { joinedUnits: { min: 2 }, allUnits: cond({ present: ["cluster-address", "cluster-user", "cluster-password"] }) };
  const clustered: Rule = { joinedUnits: { min: 2 }, allUnits: cond({ present: ["unit-clustered"] }) };

  it("available needs two complete peers", () => {
    expect(holds(available, peers(completeBag(), completeBag()))).toBe(true);
    expect(holds(available, peers(completeBag(), completeBag(), completeBag()))).toBe(true);
    expect(holds(available, peers(completeBag()))).toBe(false);
    expect(holds(available, peers())).toBe(false);
    expect(holds(available, peers({}, {}, {}))).toBe(false);
  });
  it("available fails when any peer lacks, or has a falsy, address, user or password", () => {
    for (const key of ["cluster-address", "cluster-user", "cluster-password"]) {
      expect(holds(available, peers(completeBag(), without(key))), key).toBe(false);
      for (const falsy of ["", '""', "null", "false", "0", "[]", "{}"]) {
        expect(holds(available, peers(completeBag(), completeBag({ [key]: falsy }))), `${key}=${falsy}`).toBe(false);
      }
    }
  });
  it("clustered ignores address, user and password (T12)", () => {
    const only = { "unit-clustered": "true" };
    expect(holds(clustered, peers(only, only, only))).toBe(true);
    expect(holds(available, peers(only, only, only))).toBe(false);
    expect(holds(clustered, peers(completeBag(), completeBag(), without("unit-clustered")))).toBe(false);
  });
});

describe("present and absent: Python truthiness of the decoded value", () => {
  it("is false for missing, empty and falsy values, true otherwise", () => {
    for (const raw of [undefined, "", "null", "false", "0", "0.0", "-0", '""', "[]", "{}", " [ ] "]) {
      expect(present(raw === undefined ? {} : { k: raw }, "k"), String(raw)).toBe(false);
    }
    for (const raw of ["true", "1", "-1", '"x"', '" "', "[0]", '{"a": null}', "NaN", "10.0.0.1", "{not json", "x", " "]) {
      expect(present({ k: raw }, "k"), raw).toBe(true);
    }
  });
  it("reads only own keys, and a null or missing app bag as empty", () => {
    expect(present({}, "constructor")).toBe(false);
    expect(present({}, "toString")).toBe(false);
    for (const app of [null, undefined, {}]) {
      expect(holds({ app: cond({ absent: ["constructor", "name"] }) }, { units: [], app })).toBe(true);
      expect(holds({ app: cond({ present: ["name"] }) }, { units: [], app })).toBe(false);
    }
  });
});

describe("valid: a value on the wire that the bag's schema allows", () => {
  it("follows the schema, not truthiness", () => {
    const ready = (raw: string) => valid({ ready: raw }, "ready", widgetRequirerUnitBinding);
    expect(ready("false")).toBe(true); // a boolean, though falsy
    expect(ready("true")).toBe(true);
    expect(ready('"yes"')).toBe(false);
    expect(ready("yes")).toBe(false); // not JSON
    expect(ready("")).toBe(false);
    expect(valid({}, "ready", widgetRequirerUnitBinding)).toBe(false);
    expect(valid({ address: "10.0.0.1" }, "address", widgetRequirerUnitBinding)).toBe(true);
    expect(valid({ address: "300.0.0.1" }, "address", widgetRequirerUnitBinding)).toBe(false); // format ipv4
    expect(valid({ tier: '"gold"' }, "tier", widgetRequirerAppBinding)).toBe(true);
    expect(valid({ tier: '"bronze"' }, "tier", widgetRequirerAppBinding)).toBe(false); // enum
  });
  it("judges each key alone: another key's issue (even a missing required one) does not count", () => {
    const app = { tier: '"gold"', replicas: "0" }; // name is required and missing; replicas is below its minimum
    expect(holds({ app: cond({ valid: ["tier"] }) }, { units: [], app }, WIDGET)).toBe(true);
    expect(holds({ app: cond({ valid: ["replicas"] }) }, { units: [], app }, WIDGET)).toBe(false);
    expect(holds({ app: cond({ valid: ["name"] }) }, { units: [], app }, WIDGET)).toBe(false);
  });
  it("means present on an open bag", () => {
    expect(holds({ app: cond({ valid: ["k"] }) }, { units: [], app: { k: '"x"' } })).toBe(true);
    expect(holds({ app: cond({ valid: ["k"] }) }, { units: [], app: { k: "false" } })).toBe(false);
    expect(holds({ app: cond({ valid: ["k"] }) }, { units: [], app: { k: "not json" } })).toBe(true);
  });
});

describe("clauses", () => {
  const ready = (v: string) => ({ ready: v });
  it("an empty rule holds", () => {
    expect(holds({}, { units: [], app: null })).toBe(true);
  });
  it("joinedUnits bounds the number of units; min 0 is no bound", () => {
    const n = (k: number) => ({ units: units(...Array.from({ length: k }, () => ({}))) });
    expect([0, 1, 2, 3, 4].map((k) => holds({ joinedUnits: { min: 1, max: 3 } }, n(k)))).toEqual([false, true, true, true, false]);
    expect(holds({ joinedUnits: { min: 0 } }, n(0))).toBe(true);
    expect(holds({ joinedUnits: { max: 0 } }, n(0))).toBe(true);
    expect(holds({ joinedUnits: { max: 0 } }, n(1))).toBe(false);
  });
  it("allUnits holds vacuously with no units; anyUnit needs one", () => {
    const all: Rule = { allUnits: cond({ present: ["ready"] }) };
    const any: Rule = { anyUnit: cond({ present: ["ready"] }) };
    expect(holds(all, { units: [] })).toBe(true);
    expect(holds(any, { units: [] })).toBe(false);
    expect(holds(all, { units: units(ready("true"), ready("false")) })).toBe(false);
    expect(holds(any, { units: units(ready("true"), ready("false")) })).toBe(true);
    expect(holds({ allUnits: cond({ valid: ["ready"] }) }, { units: units(ready("true"), ready("false")) }, WIDGET)).toBe(true);
  });
  it("a condition needs all of its keys on the same unit", () => {
    const rule: Rule = { anyUnit: cond({ present: ["a"], absent: ["b"] }) };
    expect(holds(rule, { units: units({ a: "1", b: "1" }, {}) })).toBe(false);
    expect(holds(rule, { units: units({ a: "1", b: "1" }, { a: "1", b: "0" }) })).toBe(true);
  });
  it("not, anyOf and allOf negate, or and and their rules; clauses of one rule are and-ed", () => {
    const t: Rule = {};
    const f: Rule = { joinedUnits: { min: 1 } };
    const s = { units: [] };
    expect(holds({ not: t }, s)).toBe(false);
    expect(holds({ not: f }, s)).toBe(true);
    expect(holds({ anyOf: [f, f] }, s)).toBe(false);
    expect(holds({ anyOf: [f, t] }, s)).toBe(true);
    expect(holds({ allOf: [t, t] }, s)).toBe(true);
    expect(holds({ allOf: [t, f] }, s)).toBe(false);
    expect(holds({ anyOf: [t], not: t }, s)).toBe(false);
    expect(holds({ anyOf: [{ allOf: [t, f] }, { not: { anyOf: [f] } }] }, s)).toBe(true);
  });
});

describe("flags", () => {
  const flag = (name: string, rule: Rule): FlagModel => ({ name, description: "", rule });
  it("are evaluated after the flags they refer to, whatever the order given", () => {
    const flags = [
      flag("degraded", { flags: ["ready"], not: { allUnits: cond({ present: ["ok"] }) } }),
      flag("both", { flags: ["degraded", "ready"] }),
      flag("ready", { app: cond({ present: ["name"] }) }),
    ];
    const app = { name: "x" };
    expect(evaluateFlags(flags, { units: units({ ok: "1" }, {}), app }, OPEN)).toEqual({ ready: true, degraded: true, both: true });
    expect(evaluateFlags(flags, { units: units({ ok: "1" }), app }, OPEN)).toEqual({ ready: true, degraded: false, both: false });
    expect(evaluateFlags(flags, { units: units({}), app: null }, OPEN)).toEqual({ ready: false, degraded: false, both: false });
  });
  it("read the values given for the same relation", () => {
    expect(evaluateRule({ flags: ["a", "b"] }, { units: [] }, { ...OPEN, flags: { a: true, b: true } })).toBe(true);
    expect(evaluateRule({ flags: ["a", "b"] }, { units: [] }, { ...OPEN, flags: { a: true, b: false } })).toBe(false);
    expect(evaluateRule({ not: { flags: ["a"] } }, { units: [] }, { ...OPEN, flags: { a: false } })).toBe(true);
  });
  it("refuse a flag without a value, an unknown flag and a cycle", () => {
    expect(() => evaluateRule({ flags: ["a"] }, { units: [] }, OPEN)).toThrow(/no value/);
    expect(() => evaluateRule({ flags: ["toString"] }, { units: [] }, { ...OPEN, flags: {} })).toThrow(/no value/);
    expect(() => evaluateFlags([flag("a", { flags: ["b"] })], { units: [] }, OPEN)).toThrow(/unknown flag/);
    expect(() => evaluateFlags([flag("a", { flags: ["b"] }), flag("b", { anyOf: [{ flags: ["a"] }] })], { units: [] }, OPEN)).toThrow(/cycle/);
  });
});
