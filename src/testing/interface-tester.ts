/**
 * A property-based interface tester: `testInterface({ charm, endpoint,
 * remoteSchema })` publishes, as the other side, bags generated from that
 * side's schema with fast-check: valid ones, and ones with one key invalid,
 * missing, or hostile. Each runs through one relation event on the charm
 * (`runEvent`: created, joined, changed with and without a remote unit,
 * departed, broken), as leader and as non-leader, and it checks that:
 * - no hook fails;
 * - what the charm publishes validates against its own side's schema;
 * - an invalid or hostile remote value counts as absent: the charm
 *   publishes what it publishes with that key missing (nothing that depends
 *   on the value), and its `available` flag (when the interface has one) is
 *   what it is with the key missing (for a peer endpoint, whose application
 *   bag is the charm's own and its leader may rightly repair, only the flag
 *   is compared).
 * A seed makes a run repeatable; a failure is shrunk and thrown as an
 * `InterfaceTestFailure` whose message is a state-in case to paste into a test.
 */
import fc from "fast-check";
import { loadSchemaFile } from "../generator/load.js";
import { normalize } from "../generator/normalize.js";
import type { BagModel } from "../generator/model.js";
import { checkBag, encodeBag } from "../runtime/bag.js";
import type { EndpointBinding } from "../runtime/endpoint.js";
import type { BagBinding } from "../runtime/port.js";
import { runEvent, type EventCharm, type StateOut } from "./run-event.js";
import { relation, type EventSpec, type RelationState } from "./state.js";
import { schemaArbitrary } from "./schema-arbitrary.js";

export interface TestInterfaceOptions {
  readonly charm: EventCharm;
  /** The endpoint under test, one of the charm's. */
  readonly endpoint: EndpointBinding;
  /** The other side's schema file (for a peer endpoint, the interface's own). */
  readonly remoteSchema: string;
  /** The charm's application name (default `charm`). */
  readonly app?: string;
  /** Cases (default 60). */
  readonly runs?: number;
  /** fast-check's seed (default 2026): the same seed, the same cases. */
  readonly seed?: number;
}

export interface InterfaceReport {
  readonly runs: number;
  readonly seed: number;
  /** Cases by remote data: valid, and each kind of invalid. */
  readonly cases: Readonly<Record<string, number>>;
}

/** A property of the interface that the charm broke, with the smallest case found, printed as a state-in test. */
export class InterfaceTestFailure extends Error {
  override readonly name = "InterfaceTestFailure";
}

const KINDS = ["relation-created", "relation-joined", "relation-changed", "relation-changed-app", "relation-departed", "relation-broken"] as const;
type Kind = (typeof KINDS)[number];
type Mutation = "valid" | "invalid" | "missing" | "hostile";

/** Values that break a JSON key's schema one way or another (wrong type, wrong shape, not JSON). */
const INVALID_JSON = [JSON.stringify({ not: ["what", "the", "schema", "says"] }), "12345", "[]", "true", '"text"', "not json {", "null"];
/** Values that break a raw key's schema (a pattern, a format, a length, an enum). */
const INVALID_RAW = [" ", "not a value it expects", "x".repeat(300), "0", "-", "::", "\t"];

/** Strings another application may publish to break a reader. */
const HOSTILE = ["\u0000", "\u001b[2J", "{", "null", "__proto__", "x".repeat(70_000), "\uD800", "[]", '{"a":', "\u202e"];

interface Case {
  readonly kind: Kind;
  readonly leader: boolean;
  readonly mutation: Mutation;
  readonly app: Readonly<Record<string, string>>;
  readonly unit: Readonly<Record<string, string>>;
  /** The key made invalid, missing or hostile. */
  readonly target?: { readonly side: "app" | "unit"; readonly wire: string };
}

/** Runs the tester; throws `InterfaceTestFailure` with a state-in case when the charm breaks a property. */
export async function testInterface(options: TestInterfaceOptions): Promise<InterfaceReport> {
  const { charm, endpoint } = options;
  if (!charm.endpoints.includes(endpoint)) throw new Error(`testInterface: ${endpoint.endpoint} is not one of the charm's endpoints`);
  const loaded = loadSchemaFile(options.remoteSchema);
  const { model, problems } = normalize(loaded);
  if (!model) throw new Error(`testInterface: ${options.remoteSchema}: ${problems.map((p) => p.message).join("; ")}`);
  const d = endpoint.definition;
  const peer = d.role === "peers";
  const app = options.app ?? "charm";
  const remoteApp = peer ? app : "remote";
  const remoteUnit = `${remoteApp}/1`;
  const runs = options.runs ?? 60;
  const seed = options.seed ?? 2026;
  const cases: Record<string, number> = {};

  const arb = fc.record({
    kind: fc.constantFrom(...KINDS),
    leader: fc.boolean(),
    mutation: fc.constantFrom<Mutation>("valid", "valid", "invalid", "missing", "hostile"),
    app: bagArbitrary(model.app, d.remote.app),
    unit: bagArbitrary(model.unit, d.remote.unit),
    pick: fc.nat(),
    hostile: fc.constantFrom(...HOSTILE),
  }).map(({ pick, hostile, ...c }): Case => mutate(c, model.app, model.unit, pick, hostile, d.remote.app, d.remote.unit));

  const run = (c: Case): Promise<StateOut> => {
    const rel = relation(endpoint, {
      remoteApp,
      remoteUnits: c.kind === "relation-created" ? [] : [remoteUnit],
      raw: { remoteApp: c.app, remoteUnits: c.kind === "relation-created" ? {} : { [remoteUnit]: c.unit } },
    });
    return runEvent(charm, { event: eventOf(c.kind, rel, remoteUnit), state: { leader: c.leader, relations: [rel] }, app });
  };

  const result = await fc.check(
    fc.asyncProperty(arb, async (c) => {
      cases[c.mutation] = (cases[c.mutation] ?? 0) + 1;
      const out = await run(c);
      if (!out.ok) throw new Error(`the hook failed: ${out.record.error ?? `exit ${out.record.exitCode}`}`);
      const published = publishedBags(out);
      for (const [which, raw, binding] of [["application", published.app, d.local.app], ["unit", published.unit, d.local.unit]] as const) {
        if (!binding || Object.keys(raw).length === 0) continue;
        // What is there must be valid; keys may come in later hooks (the partial validator: nothing required).
        const { issues } = checkBag(raw, binding.spec, binding.validatePartial);
        if (issues.length > 0) throw new Error(`the charm published a ${which} bag its own schema rejects: ${issues.map((i) => `${i.key} ${i.message}`).join("; ")}`);
      }
      // For a peer endpoint the "remote" application bag is the charm's own, which its leader may rightly repair.
      if ((c.mutation === "invalid" || c.mutation === "hostile") && c.target) {
        const { side, wire } = c.target;
        const missing = await run({ ...c, [side]: Object.fromEntries(Object.entries(c[side]).filter(([k]) => k !== wire)) });
        if (!peer) {
          const a = comparable(published, d.local.app, d.local.unit);
          const b = comparable(publishedBags(missing), d.local.app, d.local.unit);
          if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`an invalid ${wire} changed what the charm published: ${JSON.stringify(a)} where a missing ${wire} gives ${JSON.stringify(b)}`);
        }
        const available = `${endpoint.endpoint}.available`;
        if (d.flags.includes("available") && out.flags.includes(available) !== missing.flags.includes(available)) {
          throw new Error(`${available} ${out.flags.includes(available) ? "holds" : "does not hold"} with an invalid ${wire}, but ${missing.flags.includes(available) ? "holds" : "does not"} with it missing`);
        }
      }
    }),
    { numRuns: runs, seed },
  );
  if (result.failed) {
    const c = result.counterexample?.[0];
    const why = result.errorInstance instanceof Error ? result.errorInstance.message.split("\n")[0] : String(result.errorInstance);
    throw new InterfaceTestFailure(
      `${endpoint.endpoint}: ${why} (after ${result.numShrinks} shrinks; seed ${seed})\n` +
        (c ? `the smallest case, as a state-in test:\n\n${stateInCase(c, endpoint.endpoint, remoteApp, remoteUnit, app)}\n` : ""),
    );
  }
  return { runs, seed, cases };

  function publishedBags(out: StateOut): { app: Record<string, string>; unit: Record<string, string> } {
    const snap = out.snapshot.model.relations.find((r) => r.ends.some((e) => e.app === app && e.endpoint === endpoint.endpoint))!;
    const bag = (owner: string, list: readonly (readonly [string, readonly (readonly [string, string])[]])[]): Record<string, string> => Object.fromEntries(list.find(([o]) => o === owner)?.[1] ?? []);
    return { app: bag(app, snap.appBags), unit: bag(`${app}/0`, snap.unitBags) };
  }
}

/** A valid bag of the other side, by wire key (raw strings), or `{}` where the side has no such bag. */
function bagArbitrary(bag: BagModel | null, binding: BagBinding | null): fc.Arbitrary<Record<string, string>> {
  if (!bag || !binding || bag.keys.length === 0) return fc.constant({});
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const key of bag.keys) if (!key.forbidden) record[key.ts] = schemaArbitrary(key.schema as Record<string, unknown>, bag.defs);
  const required = bag.keys.filter((k) => k.required && !k.forbidden).map((k) => k.ts);
  return fc
    .record(record, { requiredKeys: required })
    .map((values) => {
      try {
        return encodeBag(binding.spec, values);
      } catch {
        return null;
      }
    })
    .filter((raw): raw is Record<string, string> => raw !== null && checkBag(raw, binding.spec, binding.validate).issues.length === 0);
}

/** The case with one key of one bag made invalid, missing or hostile (valid cases are kept). */
function mutate(c: Omit<Case, "mutation"> & { mutation: Mutation }, appBag: BagModel | null, unitBag: BagModel | null, pick: number, hostile: string, appBinding: BagBinding | null, unitBinding: BagBinding | null): Case {
  if (c.mutation === "valid") return c;
  const targets = [
    ...(appBag?.keys ?? []).map((k) => ({ side: "app" as const, key: k, binding: appBinding })),
    ...(unitBag?.keys ?? []).map((k) => ({ side: "unit" as const, key: k, binding: unitBinding })),
  ].filter((t) => !t.key.forbidden && (c.mutation !== "missing" || t.key.required));
  if (targets.length === 0) return { ...c, mutation: "valid" };
  const t = targets[pick % targets.length]!;
  const valid = (b: Record<string, string>): boolean => !t.binding || checkBag(b, t.binding.spec, t.binding.validate).issues.length === 0;
  const bag = { ...c[t.side] };
  if (c.mutation === "missing") {
    delete bag[t.key.wire];
    return { ...c, [t.side]: bag, target: { side: t.side, wire: t.key.wire } };
  }
  // The first value (from the one picked on) that the schema refuses: hostile ones first for "hostile".
  const candidates = c.mutation === "hostile" ? [hostile, ...HOSTILE] : t.key.encoding === "json" ? INVALID_JSON : INVALID_RAW;
  for (let i = 0; i < candidates.length; i++) {
    bag[t.key.wire] = candidates[(i + (c.mutation === "hostile" ? 0 : pick)) % candidates.length]!;
    if (!valid(bag)) return { ...c, [t.side]: bag, target: { side: t.side, wire: t.key.wire } };
  }
  return { ...c, mutation: "valid" }; // the key takes anything: nothing to break
}

function eventOf(kind: Kind, rel: RelationState, remoteUnit: string): EventSpec {
  const k = kind === "relation-changed-app" ? "relation-changed" : kind;
  const remote = kind === "relation-joined" || kind === "relation-changed" || kind === "relation-departed" ? { remoteUnit } : {};
  return { kind: k, relation: rel, ...remote };
}

/** Published bags to compare with and without remote data: values of secret keys by presence only (a fresh password differs each run). */
function comparable(bags: { app: Record<string, string>; unit: Record<string, string> }, appBinding: BagBinding | null, unitBinding: BagBinding | null): unknown {
  const hide = (raw: Record<string, string>, binding: BagBinding | null): Record<string, string> => {
    const secret = new Set((binding?.spec.keys ?? []).filter((k) => k.secret).map((k) => k.wire));
    return Object.fromEntries(Object.entries(raw).sort().map(([k, v]) => [k, secret.has(k) ? "<secret>" : v]));
  };
  return { app: hide(bags.app, appBinding), unit: hide(bags.unit, unitBinding) };
}

/** A failing case as the state-in test that reproduces it. */
function stateInCase(c: Case, endpoint: string, remoteApp: string, remoteUnit: string, app: string): string {
  const units = c.kind === "relation-created" ? "[]" : `[${JSON.stringify(remoteUnit)}]`;
  const rawUnits = c.kind === "relation-created" ? "{}" : `{ ${JSON.stringify(remoteUnit)}: ${JSON.stringify(c.unit)} }`;
  const kind = c.kind === "relation-changed-app" ? "relationChanged" : c.kind.replace(/-([a-z])/g, (_, l: string) => l.toUpperCase());
  const remote = ["relation-joined", "relation-changed", "relation-departed"].includes(c.kind) ? `, { remoteUnit: ${JSON.stringify(remoteUnit)} }` : "";
  return [
    `const rel = relation(${endpoint}, { remoteApp: ${JSON.stringify(remoteApp)}, remoteUnits: ${units}, raw: { remoteApp: ${JSON.stringify(c.app)}, remoteUnits: ${rawUnits} } });`,
    `const out = await runEvent(charm, { event: ${kind}(rel${remote}), state: { leader: ${c.leader}, relations: [rel] }, app: ${JSON.stringify(app)} });`,
    `expect(out.ok).toBe(true);`,
  ].join("\n");
}
