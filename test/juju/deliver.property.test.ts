/**
 * Property: a hook forced with `deliver()` keeps the one Juju's books
 * straight. From a random history (units added and removed, relations made
 * and removed, bags, config and leader settings written, the model settled
 * or stopped half-way), any hook of any unit is delivered (any kind, any
 * relation, any remote; it writes its bags and may fail), then the model
 * settles. The same history without the delivery, with the delivered hook's
 * committed writes applied as a unit's committed writes, must queue and run
 * the same hooks and end with the same books:
 * - a hook the unit would not run then (ad hoc) changes nothing but its
 *   writes: the same hooks are queued right after it, and the settle runs
 *   the same hooks;
 * - a hook that is one of the unit's next counts as that hook: the settle
 *   runs the others (and the hook itself again only when it failed).
 * `RELGEN_EXPLORE=full` runs many more histories.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventKey } from "../../src/juju/events.js";
import { ModelError } from "../../src/juju/model.js";
import { Harness, type HarnessCharm, type HookRecord, type RunFunction } from "../../src/testing/harness.js";
import { HookToolError } from "../../src/runtime/errors.js";
import type { HookResult } from "../../src/runtime/hook.js";

const RUNS = process.env["RELGEN_EXPLORE"] === "full" ? 3000 : 120;

type Op =
  | { kind: "add"; app: "a" | "b"; n: number }
  | { kind: "remove"; pick: number }
  | { kind: "relate" }
  | { kind: "unrelate" }
  | { kind: "removeApp" }
  | { kind: "write"; pick: number; value: string }
  | { kind: "config"; value: string }
  | { kind: "leaderSet"; value: string }
  | { kind: "settle" }
  | { kind: "steps"; n: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), app: fc.constantFrom("a" as const, "b" as const), n: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("relate" as const) }),
  fc.record({ kind: fc.constant("unrelate" as const) }),
  fc.record({ kind: fc.constant("removeApp" as const) }),
  fc.record({ kind: fc.constant("write" as const), pick: fc.nat(), value: fc.constantFrom("x", "y", "") }),
  fc.record({ kind: fc.constant("config" as const), value: fc.constantFrom("one", "two") }),
  fc.record({ kind: fc.constant("leaderSet" as const), value: fc.constantFrom("one", "two") }),
  fc.record({ kind: fc.constant("settle" as const) }),
  fc.record({ kind: fc.constant("steps" as const), n: fc.integer({ min: 1, max: 6 }) }),
);

/** What to deliver, resolved against the model once the history ran. */
interface Delivery {
  /** Take one of the hooks `pending()` lists (then it counts), else build one from the picks below. */
  readonly fromPending: boolean;
  readonly unit: number;
  readonly hook: number;
  /** undefined: let the endpoint pick the relation. */
  readonly relation: number | undefined;
  /** undefined: any remote; -1: none (""); else a unit of the model. */
  readonly remote: number | undefined;
  readonly fails: boolean;
  readonly value: string;
}

const delivery: fc.Arbitrary<Delivery> = fc.record({
  fromPending: fc.boolean(),
  unit: fc.nat(),
  hook: fc.nat(),
  relation: fc.option(fc.nat(), { nil: undefined }),
  remote: fc.option(fc.integer({ min: -1, max: 20 }), { nil: undefined }),
  fails: fc.boolean(),
  value: fc.constantFrom("p", "q"),
});

const OTHER_HOOKS = ["install", "start", "stop", "remove", "config-changed", "leader-elected", "leader-settings-changed", "update-status", "upgrade-charm", "secret-changed"];
const RELATION_KINDS = ["created", "joined", "changed", "departed", "broken"];

const ok = (hook: string, unit: string): HookResult => ({ ok: true, hook, unit, flags: [], ran: [], relationSets: 0 });
const noop: RunFunction = async ({ env }) => ok(env?.["JUJU_HOOK_NAME"] ?? "", env?.["JUJU_UNIT_NAME"] ?? "");

function charm(name: string, metadata: Record<string, unknown>): HarnessCharm {
  return { metadata: { name, ...metadata }, run: noop, config: { mode: "zero" } };
}

async function history(seed: number, ops: readonly Op[]): Promise<Harness> {
  const h = new Harness({ seed });
  h.addApplication("a", charm("a", { peers: { peer: { interface: "p" } }, provides: { db: { interface: "d" } } }), 2);
  h.addApplication("b", charm("b", { requires: { db: { interface: "d" } } }), 1);
  await h.settle();
  for (const o of ops) {
    const apps = h.applications().filter((a) => h.appLife(a) === "alive");
    const alive = h.allUnits().filter((u) => u.life === "alive" && apps.includes(u.app));
    const related = h.relations().some((r) => !r.peer && r.life === "alive");
    if (o.kind === "add" && apps.includes(o.app)) h.addUnits(o.app, o.n);
    if (o.kind === "remove" && alive.length > 0) h.removeUnit(alive[o.pick % alive.length]!.name);
    if (o.kind === "relate" && !related && apps.length === 2) h.relate("b:db", "a:db");
    if (o.kind === "unrelate" && related) h.removeRelation("b:db", "a:db");
    if (o.kind === "removeApp" && apps.includes("b")) h.removeApplication("b");
    if (o.kind === "write" && alive.length > 0) {
      const unit = alive[o.pick % alive.length]!.name;
      const rel = h.relations().find((r) => r.units.includes(unit) && r.life === "alive");
      if (rel) h.writeDatabag(unit, rel.id, { extra: o.value });
    }
    if (o.kind === "config" && apps.includes("a")) h.setConfig("a", { mode: o.value });
    if (o.kind === "leaderSet" && apps.includes("a") && h.leader("a")) h.leaderSet("a", { token: o.value });
    if (o.kind === "settle") await h.settle({ maxHooks: 2000 });
    if (o.kind === "steps") for (let i = 0; i < o.n; i++) await h.step();
  }
  return h;
}

/** The hook `d` asks for, in the model as it is after the history. */
function specFor(h: Harness, d: Delivery): { unit: string; hook: string; relationId?: number; remoteUnit?: string } {
  const pending = h.pending().filter((p) => p.state !== "failed");
  if (d.fromPending && pending.length > 0) {
    const p = pending[d.unit % pending.length]!;
    return { unit: p.unit, hook: p.hook, ...(p.relationId ? { relationId: Number(p.relationId.split(":")[1]) } : {}), remoteUnit: p.remoteUnit ?? "" };
  }
  const units = h.allUnits();
  const unit = units[d.unit % units.length]!;
  const endpoints = unit.app === "a" ? ["peer", "db"] : ["db"];
  const hooks = [...OTHER_HOOKS, ...endpoints.flatMap((ep) => RELATION_KINDS.map((k) => `${ep}-relation-${k}`))];
  const ids = h.snapshot().model.relations.map((r) => r.id);
  return {
    unit: unit.name,
    hook: hooks[d.hook % hooks.length]!,
    ...(d.relation !== undefined && ids.length > 0 ? { relationId: ids[d.relation % ids.length]! } : {}),
    ...(d.remote === undefined ? {} : { remoteUnit: d.remote < 0 ? "" : units[d.remote % units.length]!.name }),
  };
}

/** The delivered hook's charm: writes its unit bag (and, as the leader, its application bag) on its relation, then fails or not. */
function deliveredCharm(d: Delivery, wrote: { unit: boolean; app: boolean }): RunFunction {
  return async ({ backend, env }) => {
    const rel = env?.["JUJU_RELATION_ID"];
    if (rel) {
      const attempt = async (app: boolean): Promise<boolean> => {
        try {
          await backend!.relationSet(rel, { delivered: d.value }, { app });
          return true;
        } catch (e) {
          if (e instanceof HookToolError) return false;
          throw e;
        }
      };
      wrote.unit = await attempt(false);
      wrote.app = (await backend!.isLeader()) && (await attempt(true));
    }
    const result = ok(env?.["JUJU_HOOK_NAME"] ?? "", env?.["JUJU_UNIT_NAME"] ?? "");
    return d.fails ? { ...result, ok: false, error: "the delivered hook fails" } : result;
  };
}

/**
 * Everything the uniter and the model keep, from the model's value: the
 * applications' books (no metadata or status), the units' lives and agents'
 * books (a relation record at its defaults counts as none; a failing hook by
 * its key), and the relations (no logs, statuses or secrets: no hook here
 * writes them).
 */
function books(h: Harness): unknown {
  const m = h.snapshot().model;
  return {
    apps: m.applications.map(({ name, life, leader, leaderSettings, leaderSettingsVersion, config, configVersion }) => ({ name, life, leader, leaderSettings, leaderSettingsVersion, config, configVersion })),
    units: m.units.map((u) => {
      const { relations, failing, ...uniter } = u.uniter;
      const atDefaults = (l: (typeof relations)[number]): boolean => !l.created && !l.broken && l.known.length === 0 && l.appSeen.length === 0 && l.changedPending === null;
      return { name: u.name, life: u.life, ...uniter, failing: failing ? eventKey(failing.event) : null, relations: relations.filter((l) => !atDefaults(l)) };
    }),
    relations: m.relations.map(({ id, life, scope, everInScope, unitBags, appBags, versions }) => ({ id, life, scope, everInScope, unitBags, appBags, versions })),
  };
}

const key = (r: Pick<HookRecord, "unit" | "hook" | "relationId" | "remoteUnit" | "departingUnit">): string =>
  `${r.unit} ${r.hook} ${r.relationId ?? ""} ${r.remoteUnit} ${r.departingUnit}`;
const multiset = (records: readonly HookRecord[]): string[] => records.map(key).sort();
const queued = (h: Harness): string[] => h.pending().map((p) => JSON.stringify(p)).sort();

describe("deliver() keeps the books straight", () => {
  it("an ad-hoc hook changes nothing but its writes; a hook the unit would run next counts as that hook", async () => {
    const seen = { adhoc: 0, counted: 0, refused: 0, failed: 0, hooks: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(op, { maxLength: 6 }), delivery, async (seed, ops, d) => {
        const withDelivery = await history(seed, ops);
        const without = await history(seed, ops);
        expect(books(withDelivery)).toEqual(books(without));

        const spec = specFor(withDelivery, d);
        const next = withDelivery.pending().filter((p) => p.unit === spec.unit && p.hook === spec.hook);
        const wrote = { unit: false, app: false };
        let record: HookRecord | undefined;
        try {
          record = await withDelivery.deliver(spec, deliveredCharm(d, wrote));
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
          seen.refused++;
          // A refused delivery changes nothing.
          expect(books(withDelivery)).toEqual(books(without));
        }
        const counted = record !== undefined && record.adhoc !== true;
        if (record) {
          // It counts exactly when it is one of the unit's next hooks.
          const matches = next.some((p) => (spec.remoteUnit === undefined || (p.remoteUnit ?? "") === spec.remoteUnit) &&
            (spec.relationId === undefined || Number(p.relationId?.split(":")[1]) === spec.relationId));
          expect(counted, `${key(record)} counted: it was ${matches ? "" : "not "}pending`).toBe(matches);
          if (counted) seen.counted++;
          else seen.adhoc++;
          if (!record.ok) seen.failed++;
          // Its committed writes, applied to the other model as a unit's committed writes.
          if (record.ok && record.relationId) {
            const id = Number(record.relationId.split(":")[1]);
            if (wrote.unit) without.writeDatabag(record.unit, id, { delivered: d.value });
            if (wrote.app) without.writeDatabag(record.app, id, { delivered: d.value });
          }
          if (!counted) {
            expect(queued(withDelivery), `after ad-hoc ${key(record)}: queued`).toEqual(queued(without));
            expect(books(withDelivery), `after ad-hoc ${key(record)}: books`).toEqual(books(without));
          }
        }

        const ran = await withDelivery.settle({ maxHooks: 2000 });
        const reference = await without.settle({ maxHooks: 2000 });
        seen.hooks += reference.length;
        const expected = counted && record!.ok ? multiset(reference).filter((k, i, all) => i !== all.indexOf(key(record!))) : multiset(reference);
        if (counted && record!.ok) expect(multiset(reference)).toContain(key(record!));
        expect(multiset(ran)).toEqual(expected);
        expect(books(withDelivery)).toEqual(books(without));
        expect(withDelivery.pending()).toEqual([]);
      }),
      { numRuns: RUNS, seed: 2017 },
    );
    // The histories reach every case: ad hoc, counted, refused, failing.
    expect(Math.min(seen.adhoc, seen.counted, seen.refused, seen.failed)).toBeGreaterThan(RUNS / 20);
    expect(seen.hooks).toBeGreaterThan(RUNS * 5);
  });
});
