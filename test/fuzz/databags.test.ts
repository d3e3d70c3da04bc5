/**
 * Fuzz: random and adversarial databags (invalid JSON, 1 MB values,
 * `__proto__`/`constructor`/`prototype` keys and JSON keys, YAML specials,
 * NUL, lone surrogates, huge numbers, 20 000 levels of nesting, junk keys)
 * through every side of every generated interface (mysql-innodb-cluster
 * peers, mysql_client provider and requirer, and the golden widget pair):
 *
 * - decode and validate: every generated `read*`/`validate*` pair never
 *   throws, agrees with itself, and its view agrees with plain references
 *   (JSON.parse, the Python presence rule, issues naming schema keys only and
 *   never quoting a value);
 * - flags: each side's flag computer equals the reference rule interpreter
 *   (test/support/rule-interpreter.ts) on hostile relations;
 * - views: an endpoint bound to hostile relations reads every view, unit,
 *   key and secret without throwing past the runtime (secrets fail only with
 *   SecretReadError);
 * - no built-in prototype changes after any case.
 */
import fc from "fast-check";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import * as peersAccessors from "../../generated/mysql-innodb-cluster/v0/peers.accessors.js";
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/v0/peers.endpoint.js";
import * as clientProviderAccessors from "../../generated/mysql_client/v0/provider.accessors.js";
import { mysqlClientProvider } from "../../generated/mysql_client/v0/provider.endpoint.js";
import * as clientRequirerAccessors from "../../generated/mysql_client/v0/requirer.accessors.js";
import { mysqlClientRequirer } from "../../generated/mysql_client/v0/requirer.endpoint.js";
import { linkSides } from "../../src/generator/link.js";
import { loadSchemaFile } from "../../src/generator/load.js";
import type { FlagModel, InterfaceModel, Role } from "../../src/generator/model.js";
import { normalize } from "../../src/generator/normalize.js";
import { type BagView } from "../../src/runtime/bag.js";
import { decodeJson } from "../../src/runtime/codec.js";
import { BIND, UNBIND, type EndpointBinding } from "../../src/runtime/endpoint.js";
import { HookToolError, SecretNotFoundError } from "../../src/runtime/errors.js";
import type { BagBinding, EndpointPort, RelationSnapshot, SecretRead } from "../../src/runtime/port.js";
import { flagSnapshot, SecretReadError } from "../../src/runtime/secrets.js";
import * as widgetProviderAccessors from "../golden/expected/widget/v1/provider.accessors.js";
import { widgetProvider } from "../golden/expected/widget/v1/provider.endpoint.js";
import * as widgetRequirerAccessors from "../golden/expected/widget/v1/requirer.accessors.js";
import { widgetRequirer } from "../golden/expected/widget/v1/requirer.endpoint.js";
import * as pools from "../support/flag-snapshots.js";
import { evaluateFlags, present, type RelationSnapshot as ReferenceSnapshot } from "../support/rule-interpreter.js";
import { bagArb, bagOf, params, prototypeGuard, RUNS, scaled, SEED, TIMEOUT } from "./arbitraries.js";

// `npm run fuzz` runs far more cases than vitest's default timeout allows.
vi.setConfig({ testTimeout: TIMEOUT });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Values the schemas allow, per wire key (from the flag tests' pools), so that hostile bags are sometimes nearly valid. */
const GOOD = Object.create(null) as Record<string, string[]>;
for (const p of Object.values(pools)) {
  if (typeof p !== "object" || p === null || Array.isArray(p)) continue;
  for (const [key, entry] of Object.entries(p as pools.Pools)) if (entry && Array.isArray(entry.ok)) (GOOD[key] ??= []).push(...entry.ok);
}

// --- Every bag of every generated accessors module -----------------------------

type Read = (raw: Record<string, string>) => BagView<Record<string, unknown>, string>;
type Validate = (raw: Record<string, string>) => readonly { key: string; pointer: string; message: string }[];
interface Bag {
  readonly name: string;
  readonly read: Read;
  readonly validate: Validate;
  readonly binding: BagBinding;
}

/** The bags of an accessors module: each `read<X>` with its `validate<X>` and `<x>Binding`. */
function bagsOf(module: Record<string, unknown>): Bag[] {
  const out: Bag[] = [];
  for (const [name, value] of Object.entries(module)) {
    const m = /^read(.+)$/.exec(name);
    if (!m || typeof value !== "function") continue;
    const type = m[1]!;
    const binding = module[`${type.charAt(0).toLowerCase()}${type.slice(1)}Binding`] as BagBinding | undefined;
    const validate = module[`validate${type}`] as Validate | undefined;
    if (!binding || !validate) throw new Error(`accessors: ${name} has no binding or validate function`);
    out.push({ name: type, read: value as Read, validate, binding });
  }
  return out;
}

const BAGS = [peersAccessors, clientProviderAccessors, clientRequirerAccessors, widgetProviderAccessors, widgetRequirerAccessors].flatMap((m) =>
  bagsOf(m as unknown as Record<string, unknown>),
);

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const rawOf = (bag: Record<string, string>, key: string): string | undefined => (own(bag, key) ? bag[key] : undefined);

/** What a key decodes to by plain JSON (undefined when JSON.parse refuses it). */
function plainJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Deep equality of JSON values without recursion (hostile values nest 20 000 levels deep). */
function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (Object.is(x, y)) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (const k of kx) {
      if (!own(y, k)) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}

/** Long values that no issue message may quote. */
const quotable = (bag: Record<string, string>): string[] => Object.keys(bag).map((k) => bag[k]!.trim()).filter((v) => v.length >= 16);

describe(`decode and validate: every bag of every side (seed ${SEED})`, () => {
  it(`${BAGS.length} bags, ${RUNS} hostile bags each: views agree with the references and never throw`, () => {
    expect(BAGS.map((b) => b.name).sort()).toEqual(
      expect.arrayContaining(["MysqlInnodbClusterPeersUnit", "MysqlInnodbClusterPeersApp", "MysqlClientProviderApp", "MysqlClientRequirerApp", "WidgetProviderUnit", "WidgetRequirerApp"]),
    );
    const guard = prototypeGuard();
    let cases = 0;
    let received = 0;
    let issues = 0;
    for (const bag of BAGS) {
      const keys = bag.binding.spec.keys;
      fc.assert(
        fc.property(bagArb(keys.map((k) => k.wire), GOOD, 8), (raw) => {
          const view = bag.read(raw);
          expect(bag.validate(raw)).toEqual(view.issues);
          const wires = new Set(keys.map((k) => k.wire));
          const issueKeys = new Set(view.issues.map((i) => i.key));
          for (const issue of view.issues) {
            expect(issue.key === "" || wires.has(issue.key), `issue key ${JSON.stringify(issue.key)}`).toBe(true);
            expect(typeof issue.pointer === "string" && typeof issue.message === "string").toBe(true);
            for (const value of quotable(raw)) expect(issue.message.includes(value), `${bag.name}: an issue quotes a value`).toBe(false);
          }
          expect(Object.keys(view.received).every((ts) => keys.some((k) => k.ts === ts))).toBe(true);
          for (const key of keys) {
            const value = rawOf(raw, key.wire);
            // Presence by the Python rule; decoded as Python's json.loads would (checked against JSON.parse where it accepts).
            expect(view.has(key.ts), `${bag.name}.has(${key.ts})`).toBe(present(raw, key.wire));
            const decoded = view.decoded(key.ts);
            const parsed = value === undefined || value === "" ? null : plainJson(value);
            if (parsed === null) expect(decoded).toBe(value);
            else if (parsed.ok) expect(sameJson(decoded, parsed.value), `${bag.name}.decoded(${key.ts})`).toBe(true);
            // Received: exactly the keys set with a value that has no issue, decoded.
            const usable = value !== undefined && value !== "" && !issueKeys.has(key.wire);
            if (own(view.received, key.ts)) {
              expect(usable, `${bag.name}.received.${key.ts} despite an issue`).toBe(true);
              const got = (view.received as Record<string, unknown>)[key.ts];
              if (key.encoding === "raw") expect(got).toBe(value);
              else if (parsed?.ok) expect(sameJson(got, parsed.value), `${bag.name}.received.${key.ts}`).toBe(true);
              received++;
            } else if (!issueKeys.has("")) {
              expect(usable, `${bag.name}.received lacks ${key.ts}, which has no issue`).toBe(false);
            }
          }
          issues += view.issues.length;
          guard.check();
          cases++;
        }),
        params(),
      );
    }
    console.log(`databags (decode/validate): ${cases} bags over ${BAGS.length} bindings; ${received} values received, ${issues} issues`);
    expect(received).toBeGreaterThan(0);
    expect(issues).toBeGreaterThan(0);
  });

  it("a 1 MB value, 20 000 levels of nesting and 5 000 junk keys in one bag: read without a throw, junk ignored", () => {
    const guard = prototypeGuard();
    const junk = Array.from({ length: 5_000 }, (_, i) => [`junk-${i}`, `v${i}`] as const);
    for (const bag of BAGS) {
      const keys = bag.binding.spec.keys;
      const entries = keys.map((k, i) => [k.wire, i % 2 === 0 ? "x".repeat(1024 * 1024) : "[".repeat(20_000) + "]".repeat(20_000)] as const);
      const raw = bagOf([...entries, ...junk, ["__proto__", '{"polluted": 1}'], ["constructor", "{}"]]);
      const view = bag.read(raw);
      const issueKeys = new Set(view.issues.map((i) => i.key));
      for (const k of keys) {
        // Every key is set (1 MB of text is truthy, and so is a deep list): received, or with an issue.
        expect(view.has(k.ts), `${bag.name}.has(${k.ts})`).toBe(true);
        expect(own(view.received, k.ts) || issueKeys.has(k.wire) || issueKeys.has(""), `${bag.name}.${k.ts}`).toBe(true);
        view.decoded(k.ts);
      }
      expect(Object.keys(view.received).every((ts) => keys.some((k) => k.ts === ts)), `${bag.name}: only schema keys received`).toBe(true);
      expect(bag.validate(raw)).toEqual(view.issues);
      guard.check();
    }
  });

});

// --- Flags against the reference interpreter ---------------------------------------

interface Side {
  readonly name: string;
  readonly schemas: readonly string[];
  readonly role: Role;
  readonly make: () => EndpointBinding & { readonly relations: readonly unknown[]; readonly allJoinedUnits: readonly unknown[] };
}
const CLIENT = ["schema/mysql_client/v0/provider.json", "schema/mysql_client/v0/requirer.json"];
const WIDGET = ["test/golden/schema/widget/v1/provider.json", "test/golden/schema/widget/v1/requirer.json"];
const SIDES: readonly Side[] = [
  { name: "mysql-innodb-cluster peers", schemas: ["schema/mysql-innodb-cluster/v0/peers.json"], role: "peers", make: () => mysqlInnodbClusterPeers("cluster") },
  { name: "mysql_client provider", schemas: CLIENT, role: "provider", make: () => mysqlClientProvider("database") },
  { name: "mysql_client requirer", schemas: CLIENT, role: "requirer", make: () => mysqlClientRequirer("database") },
  { name: "widget provider", schemas: WIDGET, role: "provider", make: () => widgetProvider("widget") },
  { name: "widget requirer", schemas: WIDGET, role: "requirer", make: () => widgetRequirer("widget") },
];

/**
 * The linked sides of schema files, by the generator's own load, normalize and
 * link stages (without its emitters, whose imports cost seconds per test file).
 */
function linkedSides(files: readonly string[]): InterfaceModel[] {
  const loaded = files.map((f) => loadSchemaFile(join(ROOT, f), f));
  const models = loaded.map((l) => {
    const { model, problems } = normalize(l);
    if (!model || problems.length > 0) throw new Error(`${l.file}: ${problems.map((p) => p.message).join("; ")}`);
    return model;
  });
  const { versions, problems } = linkSides(models, new Map(models.map((m, i) => [m.source, loaded[i]!])));
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join("; "));
  return versions.flatMap((v) => v.sides);
}

const keysOf = (b: BagBinding | null): string[] => (b ? b.spec.keys.map((k) => k.wire) : ["addr", "constructor", "__proto__"]);

/** A hostile relation for the flag computers: 0-4 units (sometimes alike) and a null, empty or hostile app bag. */
function flagSnapshotArb(unit: BagBinding | null, app: BagBinding | null): fc.Arbitrary<ReferenceSnapshot> {
  const unitBag = bagArb(keysOf(unit), GOOD, 6);
  const units = fc.oneof(
    fc.array(unitBag, { maxLength: 4 }),
    fc.tuple(unitBag, fc.integer({ min: 1, max: 4 })).map(([b, n]) => Array.from({ length: n }, () => b)),
  );
  const appBag = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(null, undefined, {}) }, { weight: 4, arbitrary: bagArb(keysOf(app), GOOD, 8) });
  return fc.record({ units: units.map((bags) => bags.map((raw) => ({ raw }))), app: appBag });
}

describe(`flags equal the reference rule interpreter on hostile relations (seed ${SEED})`, () => {
  for (const side of SIDES) {
    it(`${side.name} (${scaled(150)} relations)`, () => {
      const { definition } = side.make();
      const model = linkedSides(side.schemas).find((m) => m.role === side.role)!;
      const flags: readonly FlagModel[] = model.flags;
      expect(flags.map((f) => f.name).sort()).toEqual([...definition.flags].sort());
      const ctx = { unit: definition.remote.unit, app: definition.remote.app };
      const outcomes = new Map<string, Set<boolean>>();
      const guard = prototypeGuard();
      fc.assert(
        fc.property(flagSnapshotArb(ctx.unit, ctx.app), (snapshot) => {
          const got = definition.computeFlags(snapshot);
          const want = evaluateFlags(flags, snapshot, ctx);
          expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
          for (const name of Object.keys(want)) {
            expect(got[name], `${side.name}.${name}`).toBe(want[name]);
            if (!outcomes.has(name)) outcomes.set(name, new Set());
            outcomes.get(name)!.add(want[name]!);
          }
          guard.check();
        }),
        params(scaled(150)),
      );
      // Not vacuous: some flag came out both ways on hostile input.
      const varied = [...outcomes].filter(([, s]) => s.size === 2).map(([n]) => n);
      console.log(`databags (flags): ${side.name}: ${scaled(150)} relations; flags seen both ways: ${varied.join(", ") || "none"}`);
      expect(varied.length).toBeGreaterThan(0);
    });
  }
});

// --- Views of a bound endpoint -----------------------------------------------------------

const secretReadArb: fc.Arbitrary<SecretRead> = fc.oneof(
  bagArb(["username", "password"], { username: ["u"], password: ["p4ss"] }, 4).map((content) => ({ ok: true as const, content })),
  fc.constantFrom<SecretRead>(
    { ok: false, reason: "not-found", message: "does not exist (not found)" },
    { ok: false, reason: "denied", message: "may not be read by this unit (permission denied)" },
    { ok: false, reason: "failed", message: "could not be read" },
  ),
);

function relationArb(side: EndpointBinding, index: number): fc.Arbitrary<RelationSnapshot> {
  const { remote, local } = side.definition;
  const id = `${side.endpoint}:${index}`;
  return fc
    .record({
      units: fc.array(bagArb(keysOf(remote.unit), GOOD, 6), { maxLength: 3 }),
      app: bagArb(keysOf(remote.app), GOOD, 8),
      local: fc.option(bagArb(keysOf(local.unit), GOOD, 4), { nil: null }),
      localApp: fc.option(bagArb(keysOf(local.app), GOOD, 4), { nil: null }),
      secret: fc.option(secretReadArb, { nil: undefined }),
    })
    .map(({ units, app, local: l, localApp, secret }) => {
      const names = units.map((_, i) => `remote/${i}`);
      const secretKeys = Object.keys(remote.app?.secrets ?? {});
      return {
        id,
        application: "remote",
        units: units.map((raw, i) => ({ relationId: id, name: names[i]!, raw })),
        app,
        local: l,
        localApp,
        ...(secret && secretKeys.length > 0 ? { secrets: { remote: Object.fromEntries(secretKeys.map((k) => [k, secret])) } } : {}),
      };
    });
}

/** Reads every member of a view; throws only what a view may throw (nothing). */
function walk(view: BagView<Record<string, unknown>, string> | null, binding: BagBinding | null): number {
  if (view === null) return 0;
  const names = binding ? binding.spec.keys.map((k) => k.ts) : Object.keys(view.raw);
  for (const ts of names) {
    view.has(ts);
    view.decoded(ts);
    void (view.received as Record<string, unknown>)[ts];
  }
  JSON.stringify(view.issues);
  return names.length;
}

/** Reads each secret the view offers: its content, or a SecretReadError. */
async function readSecrets(view: object, binding: BagBinding | null): Promise<number> {
  const reader = (view as { secret?: (name: string, o?: { refresh?: boolean }) => Promise<unknown> }).secret;
  if (!reader || !binding?.secrets) return 0;
  let n = 0;
  for (const key of Object.values(binding.secrets)) {
    for (const refresh of [false, true]) {
      try {
        const content = (await reader(key.ts, { refresh })) as Record<string, unknown>;
        expect(Object.keys(content).every((k) => key.content.spec.keys.some((s) => s.ts === k))).toBe(true);
      } catch (e) {
        if (!(e instanceof SecretReadError)) throw e;
      }
      n++;
    }
  }
  return n;
}

describe(`views of endpoints bound to hostile relations (seed ${SEED})`, () => {
  for (const side of SIDES) {
    it(`${side.name} (${scaled(30)} hooks)`, async () => {
      const endpoint = side.make();
      const { definition } = endpoint;
      const guard = prototypeGuard();
      let read = 0;
      const secretReply = fc.oneof(bagArb(["username", "password"], {}, 3), fc.constantFrom("not-found", "failed"));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 2 }).chain((ids) => fc.tuple(...ids.map((_, i) => relationArb(endpoint, i)))), secretReply, async (relations, reply) => {
          const port: EndpointPort = {
            relations: () => relations,
            flagsOf: (id) => definition.computeFlags(flagSnapshot(definition, relations.find((r) => r.id === id)!)),
            isLeader: () => true,
            write: () => {},
            overrideIngress: () => {},
            readSecret: async () => {
              if (reply === "not-found") throw new SecretNotFoundError("secret-get failed", "secret-get", [], 1, "ERROR not found");
              if (reply === "failed") throw new HookToolError("secret-get failed", "secret-get", [], 1, "ERROR boom");
              return reply;
            },
            writeSecret: () => {},
          };
          endpoint[BIND](port);
          try {
            expect(endpoint.relationIds()).toEqual(relations.map((r) => r.id));
            for (const r of endpoint.relations as readonly Record<string, unknown>[]) {
              const units = r["units"] as BagView<Record<string, unknown>, string>[];
              for (const u of units) read += walk(u, definition.remote.unit) + (await readSecrets(u, definition.remote.unit));
              const app = r["app"] as BagView<Record<string, unknown>, string>;
              read += walk(app, definition.remote.app) + (await readSecrets(app, definition.remote.app));
              const local = r["local"] as { unit: BagView<Record<string, unknown>, string>; app: BagView<Record<string, unknown>, string> | null };
              read += walk(local.unit, definition.local.unit) + walk(local.app, definition.local.app);
              if (local.app) read += await readSecrets(local.app, definition.local.app);
              expect(Object.keys(r["flags"] as object).sort()).toEqual([...definition.flags].sort());
            }
            expect(endpoint.allJoinedUnits).toHaveLength(relations.reduce((n, r) => n + r.units.length, 0));
          } finally {
            endpoint[UNBIND]();
          }
          guard.check();
        }),
        params(scaled(30)),
      );
      console.log(`databags (views): ${side.name}: ${scaled(30)} hooks, ${read} keys and secrets read`);
      expect(read).toBeGreaterThan(0);
    });
  }
});
