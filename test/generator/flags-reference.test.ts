/**
 * The generated flag computers against the reference interpreter of the rule
 * language (`test/support/rule-interpreter.ts`) on random relation snapshots:
 * the golden widget sides, the shipped interfaces, and random rule trees
 * (every clause kind, flags referring to flags, "minimumPeers", open bags)
 * generated, type-checked and imported here. A random seed is drawn per run;
 * RULES_SEED=<n> replays the rules of a failed run.
 */
import fc from "fast-check";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { BagModel, FlagModel, Role, Rule } from "../../src/generator/model.js";
import { buildModels, generate } from "../../src/generator/pipeline.js";
import { writeFiles } from "../../src/generator/write.js";
import type { BagBinding, FlagSnapshot } from "../../src/runtime/index.js";
import { computeWidgetProviderFlags } from "../golden/expected/widget/v1/provider.flags.js";
import { computeWidgetRequirerFlags } from "../golden/expected/widget/v1/requirer.flags.js";
import { widgetProviderAppBinding, widgetProviderUnitBinding } from "../golden/expected/widget/v1/provider.accessors.js";
import { widgetRequirerAppBinding, widgetRequirerUnitBinding } from "../golden/expected/widget/v1/requirer.accessors.js";
import { computeMysqlInnodbClusterPeersFlags } from "../../generated/mysql-innodb-cluster/v0/peers.flags.js";
import { mysqlInnodbClusterPeersUnitBinding } from "../../generated/mysql-innodb-cluster/v0/peers.accessors.js";
import { computeMysqlClientProviderFlags } from "../../generated/mysql_client/v0/provider.flags.js";
import { computeMysqlClientRequirerFlags } from "../../generated/mysql_client/v0/requirer.flags.js";
import { mysqlClientProviderAppBinding } from "../../generated/mysql_client/v0/provider.accessors.js";
import { mysqlClientRequirerAppBinding } from "../../generated/mysql_client/v0/requirer.accessors.js";
import { evaluateFlags, type ClauseKind, type RelationSnapshot, type RuleContext } from "../support/rule-interpreter.js";
import {
  CLIENT_PROVIDER_APP, CLIENT_REQUIRER_APP, NO_KEYS, OPEN_KEYS, PEERS_UNIT, RULES_APP, RULES_PROVIDER_APP, RULES_PROVIDER_UNIT, RULES_UNIT,
  WIDGET_PROVIDER_APP, WIDGET_PROVIDER_UNIT, WIDGET_REQUIRER_APP, WIDGET_REQUIRER_UNIT, checkPools, snapshotArb, type Pools,
} from "../support/flag-snapshots.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
type Compute = (snapshot: FlagSnapshot) => Readonly<Record<string, boolean>>;

/** Tallies, per flag, the outcomes seen. */
class Outcomes {
  readonly seen = new Map<string, Set<boolean>>();
  add(prefix: string, values: Readonly<Record<string, boolean>>): void {
    for (const [name, v] of Object.entries(values)) {
      const key = `${prefix}.${name}`;
      if (!this.seen.has(key)) this.seen.set(key, new Set());
      this.seen.get(key)!.add(v);
    }
  }
  varied(key: string): boolean {
    return this.seen.get(key)?.size === 2;
  }
}

/** Every clause kind of the language, as the interpreter reports them. */
const CLAUSES: readonly ClauseKind[] = ["joinedUnits.min", "joinedUnits.max", "allUnits", "anyUnit", "app", "present", "absent", "valid", "flags", "not", "anyOf", "allOf"];

/** Collects the outcomes of every clause the interpreter evaluates. */
function tracer() {
  const traced = new Map<ClauseKind, Set<boolean>>();
  const trace = (clause: ClauseKind, value: boolean): void => {
    if (!traced.has(clause)) traced.set(clause, new Set());
    traced.get(clause)!.add(value);
  };
  return { traced, trace };
}

/** Checks a flag computer against the interpreter on random snapshots; `describeFlag` says more about a flag in messages. */
function agree(
  name: string, compute: Compute, flags: readonly FlagModel[], ctx: Omit<RuleContext, "flags">,
  arb: fc.Arbitrary<RelationSnapshot>, numRuns: number, outcomes: Outcomes, describeFlag: (flag: string) => string = () => "",
): void {
  fc.assert(
    fc.property(arb, (snapshot) => {
      const got = compute(snapshot);
      const want = evaluateFlags(flags, snapshot, ctx);
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const flag of Object.keys(want)) {
        if (got[flag] !== want[flag]) throw new Error(`${name}.${flag}: generated ${got[flag]}, interpreter ${want[flag]}${describeFlag(flag)}`);
      }
      outcomes.add(name, want);
    }),
    { numRuns },
  );
}

// --- The golden widget and the shipped interfaces --------------------------

interface Case {
  readonly name: string;
  readonly schemas: readonly string[];
  readonly role: Role;
  readonly compute: Compute;
  readonly unit: BagBinding | null;
  readonly app: BagBinding | null;
  readonly unitPools: Pools;
  readonly appPools: Pools;
  /** Its rules use every clause kind. */
  readonly everyClause?: boolean;
}

const WIDGET = ["test/golden/schema/widget/v1/provider.json", "test/golden/schema/widget/v1/requirer.json"];
const CLIENT = ["schema/mysql_client/v0/provider.json", "schema/mysql_client/v0/requirer.json"];
const CASES: readonly Case[] = [
  { name: "widget provider", schemas: WIDGET, role: "provider", compute: computeWidgetProviderFlags, unit: widgetRequirerUnitBinding, app: widgetRequirerAppBinding, unitPools: WIDGET_REQUIRER_UNIT, appPools: WIDGET_REQUIRER_APP, everyClause: true },
  { name: "widget requirer", schemas: WIDGET, role: "requirer", compute: computeWidgetRequirerFlags, unit: widgetProviderUnitBinding, app: widgetProviderAppBinding, unitPools: WIDGET_PROVIDER_UNIT, appPools: WIDGET_PROVIDER_APP },
  { name: "mysql-innodb-cluster peers", schemas: ["schema/mysql-innodb-cluster/v0/peers.json"], role: "peers", compute: computeMysqlInnodbClusterPeersFlags, unit: mysqlInnodbClusterPeersUnitBinding, app: null, unitPools: PEERS_UNIT, appPools: NO_KEYS },
  { name: "mysql_client provider", schemas: CLIENT, role: "provider", compute: computeMysqlClientProviderFlags, unit: null, app: mysqlClientRequirerAppBinding, unitPools: NO_KEYS, appPools: CLIENT_REQUIRER_APP },
  { name: "mysql_client requirer", schemas: CLIENT, role: "requirer", compute: computeMysqlClientRequirerFlags, unit: null, app: mysqlClientProviderAppBinding, unitPools: NO_KEYS, appPools: CLIENT_PROVIDER_APP },
];

const isEmptyRule = (rule: Rule): boolean => Object.keys(rule).length === 0;

describe("generated flag computers agree with the reference interpreter", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const model = buildModels(c.schemas.map((s) => join(ROOT, s)), ROOT).find((m) => m.role === c.role)!;
      // The snapshots hold values the schemas allow and values they refuse.
      if (c.unit) checkPools(c.unitPools, c.unit);
      if (c.app) checkPools(c.appPools, c.app);
      const outcomes = new Outcomes();
      const { traced, trace } = tracer();
      agree(c.name, c.compute, model.flags, { unit: c.unit, app: c.app, trace }, snapshotArb(c.unitPools, c.appPools), 400, outcomes);
      if (c.everyClause) for (const k of CLAUSES) expect(traced.get(k), `outcomes of clause ${k}`).toEqual(new Set([true, false]));
      // Every flag with a rule was seen both set and not set.
      for (const flag of model.flags.filter((f) => !isEmptyRule(f.rule))) {
        expect(outcomes.seen.get(`${c.name}.${flag.name}`), `${c.name}.${flag.name}`).toEqual(new Set([true, false]));
      }
    });
  }
});

// --- Random rules ------------------------------------------------------------

type JsonCond = { present?: string[]; absent?: string[]; valid?: string[] };
type Count = number | "minimumPeers";
interface JsonRule {
  joinedUnits?: { min?: Count; max?: Count };
  allUnits?: JsonCond;
  anyUnit?: JsonCond;
  app?: JsonCond;
  flags?: string[];
  not?: JsonRule;
  anyOf?: JsonRule[];
  allOf?: JsonRule[];
}

const MINIMUM_UNITS = 3;
const count = (c: Count): number => (c === "minimumPeers" ? MINIMUM_UNITS - 1 : c);

const json = (type: Record<string, unknown>) => ({ type: "string", contentMediaType: "application/json", contentSchema: type });
const requirerSchema = (iface: string) => ({
  title: "RulesRequirer",
  type: "object",
  properties: { unit: { $ref: "#/$defs/U" }, app: { $ref: "#/$defs/A" } },
  $defs: {
    U: {
      type: "object",
      properties: { addr: { type: "string", format: "ipv4" }, ready: json({ type: "boolean" }), count: json({ type: "integer", minimum: 1 }) },
      required: ["addr"],
    },
    A: {
      type: "object",
      properties: {
        name: { type: "string", minLength: 2 },
        tier: json({ enum: ["gold", "silver"] }),
        tags: json({ type: "array", items: { type: "string" } }),
        since: { type: "string", format: "date" },
      },
      required: ["name", "tier"],
    },
  },
  "x-juju": { interface: iface, version: 0, role: "requirer" },
});
const providerSchema = (iface: string, flags: readonly { name: string; rule: JsonRule }[]) => ({
  title: "RulesProvider",
  type: "object",
  properties: { unit: { $ref: "#/$defs/U" }, app: { $ref: "#/$defs/A" } },
  $defs: {
    U: { type: "object", properties: { host: { type: "string", format: "hostname" } }, required: ["host"] },
    A: { type: "object", properties: { mode: json({ enum: ["on", "off"] }) }, required: ["mode"] },
  },
  "x-juju": {
    interface: iface, version: 0, role: "provider", minimumUnits: MINIMUM_UNITS,
    flags: Object.fromEntries(flags.map((f) => [f.name, { description: `Random rule ${f.name}.`, rule: f.rule }])),
  },
});

function condArb(keys: string[], kinds: readonly ("present" | "absent" | "valid")[]): fc.Arbitrary<JsonCond> {
  return fc
    .uniqueArray(fc.constantFrom(...kinds), { minLength: 1, maxLength: 2 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((k) => [k, fc.subarray(keys, { minLength: 1, maxLength: 2 })]))) as fc.Arbitrary<JsonCond>);
}

const countArb: fc.Arbitrary<Count> = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 4 }, { arbitrary: fc.constant("minimumPeers" as const), weight: 1 });
const joinedArb = fc.oneof(
  countArb.map((min) => ({ min })),
  countArb.map((max) => ({ max })),
  fc.tuple(countArb, countArb).map(([a, b]) => (count(a) <= count(b) ? { min: a, max: b } : { min: b, max: a })),
);

/**
 * A random rule of 1-2 clauses, nested `depth` levels at most, that may refer
 * to the flags `refs`; with `must` (one of ALL_KINDS), just that clause.
 */
function ruleArb(depth: number, refs: readonly string[], open: boolean, must?: string): fc.Arbitrary<JsonRule> {
  const kinds = open ? (["present", "absent"] as const) : (["present", "absent", "valid"] as const);
  const unitKeys = Object.keys(open ? OPEN_KEYS : RULES_UNIT);
  const appKeys = Object.keys(open ? OPEN_KEYS : RULES_APP);
  const clauses: Record<string, () => fc.Arbitrary<unknown>> = {
    joinedUnits: () => joinedArb,
    allUnits: () => condArb(unitKeys, kinds),
    anyUnit: () => condArb(unitKeys, kinds),
    app: () => condArb(appKeys, kinds),
    ...(refs.length > 0 ? { flags: () => fc.subarray([...refs], { minLength: 1, maxLength: Math.min(2, refs.length) }) } : {}),
    ...(depth > 0
      ? {
          not: () => ruleArb(depth - 1, refs, open),
          anyOf: () => fc.array(ruleArb(depth - 1, refs, open), { minLength: 1, maxLength: 3 }),
          allOf: () => fc.array(ruleArb(depth - 1, refs, open), { minLength: 1, maxLength: 3 }),
        }
      : {}),
  };
  if (must !== undefined) {
    const [clause, kind] = must.split(".") as [string, ("min" | "max" | "present" | "absent" | "valid")?];
    if (clause === "minimumPeers") return fc.constantFrom<JsonRule>({ joinedUnits: { min: "minimumPeers" } }, { joinedUnits: { max: "minimumPeers" } });
    if (clause === "joinedUnits") return fc.integer({ min: kind === "min" ? 1 : 0, max: 3 }).map((n) => ({ joinedUnits: { [kind!]: n } }));
    const arb = kind ? condArb(clause === "app" ? appKeys : unitKeys, [kind as "valid"]) : clauses[clause]!();
    return arb.map((value) => ({ [clause]: value }));
  }
  return fc
    .uniqueArray(fc.constantFrom(...Object.keys(clauses)), { minLength: 1, maxLength: 2 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((k) => [k, clauses[k]!()]))) as fc.Arbitrary<JsonRule>);
}

/**
 * `n` flags in a random dependency order, each may refer to a few of the
 * flags before it; the last ones use just one clause each of `must`, so that
 * every kind is there (and likely to come out both ways).
 */
type Flags = { name: string; rule: JsonRule }[];
function flagsArb(n: number, open: boolean, must: readonly string[] = []): fc.Arbitrary<Flags> {
  const names = Array.from({ length: n }, (_, i) => `f${String(i).padStart(2, "0")}`);
  const forced = (i: number) => must[i - (n - must.length)];
  return fc
    .shuffledSubarray(names, { minLength: n, maxLength: n })
    .chain((order) => fc.tuple(...order.map((name, i) => ruleArb(2, order.slice(Math.max(0, i - 5), i), open, forced(i)).map((rule) => ({ name, rule })))));
}

/** The model rule of a JSON rule (what normalization should give), written independently of `normalize`. */
function toModel(r: JsonRule): Rule {
  const cond = (c: JsonCond) => ({ present: c.present ?? [], absent: c.absent ?? [], valid: c.valid ?? [] });
  const j = r.joinedUnits;
  return {
    ...(j ? { joinedUnits: { ...(j.min !== undefined ? { min: count(j.min) } : {}), ...(j.max !== undefined ? { max: count(j.max) } : {}) } } : {}),
    ...(r.allUnits ? { allUnits: cond(r.allUnits) } : {}),
    ...(r.anyUnit ? { anyUnit: cond(r.anyUnit) } : {}),
    ...(r.app ? { app: cond(r.app) } : {}),
    ...(r.flags ? { flags: r.flags } : {}),
    ...(r.not ? { not: toModel(r.not) } : {}),
    ...(r.anyOf ? { anyOf: r.anyOf.map(toModel) } : {}),
    ...(r.allOf ? { allOf: r.allOf.map(toModel) } : {}),
  };
}

/** Clause kinds a JSON rule uses, at any depth (for the coverage count). */
function clauseKinds(r: JsonRule, out: Set<string>): Set<string> {
  if (r.joinedUnits?.min !== undefined) out.add("joinedUnits.min");
  if (r.joinedUnits?.max !== undefined) out.add("joinedUnits.max");
  if (r.joinedUnits?.min === "minimumPeers" || r.joinedUnits?.max === "minimumPeers") out.add("minimumPeers");
  for (const scope of ["allUnits", "anyUnit", "app"] as const) {
    const c = r[scope];
    if (!c) continue;
    out.add(scope);
    for (const kind of ["present", "absent", "valid"] as const) if (c[kind]) out.add(`${scope}.${kind}`);
  }
  for (const k of ["flags", "not", "anyOf", "allOf"] as const) if (r[k]) out.add(k);
  if (r.not) clauseKinds(r.not, out);
  for (const sub of [...(r.anyOf ?? []), ...(r.allOf ?? [])]) clauseKinds(sub, out);
  return out;
}

const FLAGS = 48; // random flags over the requirer's bags
const OPEN_FLAGS = 16; // random flags over open bags (no counterpart schema)
const SNAPSHOTS = 600; // per flag computer
const SEED = Number(process.env["RULES_SEED"] ?? Math.floor(Math.random() * 2 ** 31));

const ALL_KINDS = [
  "joinedUnits.min", "joinedUnits.max", "minimumPeers", "flags", "not", "anyOf", "allOf",
  ...["allUnits", "anyUnit", "app"].flatMap((s) => [s, `${s}.present`, `${s}.absent`, `${s}.valid`]),
];

const outRoots: string[] = [];
afterAll(() => outRoots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Writes a provider/requirer pair whose provider has the `closed` flags and a
 * provider alone with the `open` flags, and generates both in one run (one
 * type-check, 1-4 s) into `.test-output`.
 */
async function generateRules(closed: Flags, open: Flags) {
  const schemaRoot = mkdtempSync(join(tmpdir(), "relgen-rules-"));
  const write = (iface: string, role: string, doc: unknown): string => {
    mkdirSync(join(schemaRoot, iface), { recursive: true });
    writeFileSync(join(schemaRoot, iface, `${role}.json`), JSON.stringify(doc, null, 2));
    return join(schemaRoot, iface, `${role}.json`);
  };
  const files = [
    write("rules", "provider", providerSchema("rules", closed)),
    write("rules", "requirer", requirerSchema("rules")),
    write("open", "provider", providerSchema("open", open)),
  ];
  mkdirSync(join(ROOT, ".test-output"), { recursive: true });
  const outRoot = mkdtempSync(join(ROOT, ".test-output", "flags-reference-"));
  outRoots.push(outRoot);
  try {
    const result = await generate({ schemas: files, outDir: outRoot, baseDir: schemaRoot });
    writeFiles(outRoot, result.interfaces, result.files);
    const side = (iface: string, role: Role) => result.models.find((m) => m.name === iface && m.role === role)!;
    const load = async (iface: string, file: string) => (await import(join(outRoot, iface, "v0", file))) as Record<string, unknown>;
    return { side, load };
  } finally {
    rmSync(schemaRoot, { recursive: true, force: true });
  }
}

describe(`random rules (seed ${SEED}; rerun with RULES_SEED=${SEED})`, () => {
  it("compile to flag computers that agree with the interpreter", async () => {
    const [closed, open] = fc.sample(fc.tuple(flagsArb(FLAGS, false, ALL_KINDS), flagsArb(OPEN_FLAGS, true)), { numRuns: 1, seed: SEED })[0]!;
    const outcomes = new Outcomes();
    const { traced, trace } = tracer();
    const { side, load } = await generateRules(closed, open);
    const [provider, requirer, openProvider] = [side("rules", "provider"), side("rules", "requirer"), side("open", "provider")];
    const [providerAccessors, requirerAccessors] = [await load("rules", "provider.accessors.ts"), await load("rules", "requirer.accessors.ts")];
    const binding = (accessors: Record<string, unknown>, bag: BagModel | null) => (bag ? (accessors[`${lowerFirst(bag.typeName)}Binding`] as BagBinding) : null);
    const computeOf = (mod: Record<string, unknown>, model: { typeName: string }) => mod[`compute${model.typeName}Flags`] as Compute;
    checkPools(RULES_UNIT, binding(requirerAccessors, requirer.unit)!);
    checkPools(RULES_APP, binding(requirerAccessors, requirer.app)!);

    for (const [iface, flags, model, ctx, arb] of [
      ["rules", closed, provider, { unit: binding(requirerAccessors, requirer.unit), app: binding(requirerAccessors, requirer.app), trace }, snapshotArb(RULES_UNIT, RULES_APP)],
      ["open", open, openProvider, { unit: null, app: null, trace }, snapshotArb(OPEN_KEYS, OPEN_KEYS)],
    ] as const) {
      // Normalization keeps the rules as written ("minimumPeers" resolved).
      const models: FlagModel[] = flags.map((f) => ({ name: f.name, description: "", rule: toModel(f.rule) }));
      expect(Object.fromEntries(model.flags.map((f) => [f.name, f.rule]))).toEqual(Object.fromEntries(models.map((f) => [f.name, f.rule])));
      const explain = (name: string) => `\nrule of ${name}: ${JSON.stringify(flags.find((f) => f.name === name)?.rule)} (seed ${SEED})`;
      agree(iface, computeOf(await load(iface, "provider.flags.ts"), model), models, ctx, arb, SNAPSHOTS, outcomes, explain);
    }
    // The requirer's default flags, over the provider's bags.
    const providerBags = { unit: binding(providerAccessors, provider.unit), app: binding(providerAccessors, provider.app) };
    agree("requirer", computeOf(await load("rules", "requirer.flags.ts"), requirer), requirer.flags, providerBags, snapshotArb(RULES_PROVIDER_UNIT, RULES_PROVIDER_APP), 200, outcomes);
    expect(outcomes.varied("requirer.available")).toBe(true);

    // Not vacuous: most random flags came out both ways, every clause kind is
    // in flags that did, and every clause evaluated both true and false.
    const random = [...closed.map((f) => ({ ...f, key: `rules.${f.name}` })), ...open.map((f) => ({ ...f, key: `open.${f.name}` }))];
    const varied = random.filter((f) => outcomes.varied(f.key));
    expect(varied.length, `${varied.length} of ${random.length} random flags came out both ways`).toBeGreaterThanOrEqual(random.length * 0.5);
    const kinds = new Map<string, number>();
    for (const f of varied) for (const k of clauseKinds(f.rule, new Set())) kinds.set(k, (kinds.get(k) ?? 0) + 1);
    for (const k of ALL_KINDS) expect(kinds.get(k) ?? 0, `random flags using ${k} that came out both ways`).toBeGreaterThanOrEqual(1);
    for (const k of CLAUSES) expect(traced.get(k), `outcomes of clause ${k}`).toEqual(new Set([true, false]));
  });
});
