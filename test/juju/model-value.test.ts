/**
 * The model as a value (`snapshot()`, `restore()`, src/juju/value.ts):
 * - for random models (units added and removed, relations made and removed,
 *   config and leader settings, secrets made, revised and granted, hooks run
 *   part of the way, a hook failing), the snapshot survives JSON, restoring
 *   it and taking a snapshot again gives an equal value, and the run that
 *   follows a restore is the run that followed the snapshot;
 * - the interleaving explorer runs on it with secrets in the model;
 * - a restore is refused where it cannot be whole.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EngineSnapshot } from "../../src/juju/engine.js";
import type { RunHookOptions, HookResult } from "../../src/runtime/hook.js";
import { Harness, type HarnessCharm } from "../../src/testing/harness.js";
import { Explorer } from "../support/explore.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SimUnitFiles } from "../../src/sim/simulator.js";
import { RECORDER, simulator } from "../sim/helpers.js";

const RUNS = process.env["RELGEN_EXPLORE"] === "full" ? 1000 : 40;

const result = (o: RunHookOptions, ok = true): HookResult => ({ ok, hook: o.env?.["JUJU_HOOK_NAME"] ?? "", unit: o.env?.["JUJU_UNIT_NAME"] ?? "", flags: [], ran: [], relationSets: 0, ...(ok ? {} : { error: "planted failure" }) });

/**
 * A charm with secrets: its leader makes an application secret when elected
 * and shares its URI in the peer application bag; with `rotate` in config it
 * sets a new revision; a db relation's provider grants it to the relation;
 * every unit reads it (tracking it) when it sees the URI; `fail` in config
 * fails config-changed.
 */
const run = async (o: RunHookOptions): Promise<HookResult> => {
  const b = o.backend!;
  const hook = o.env?.["JUJU_HOOK_NAME"] ?? "";
  const app = (o.env?.["JUJU_UNIT_NAME"] ?? "").split("/")[0]!;
  const peer = (await b.relationIds("peer").catch(() => []))[0];
  if (hook === "leader-elected" && peer) {
    const uri = await b.secretAdd({ token: `t-${app}-secret-value` }, { label: "shared" });
    await b.relationSet(peer, { uri }, { app: true });
  }
  if (hook === "config-changed") {
    const config = await b.configGet();
    if (config["fail"] === true) return result(o, false);
    if (config["rotate"] === true && (await b.isLeader()) && peer) {
      const { uri } = await b.relationGet(peer, app, { app: true });
      if (uri) await b.secretSet(uri, { token: `t-${app}-rotated-${Date.now() % 2}` });
    }
  }
  if (hook === "db-relation-joined" && (await b.isLeader()) && peer) {
    const { uri } = await b.relationGet(peer, app, { app: true });
    if (uri) await b.secretGrant(uri, o.env!["JUJU_RELATION_ID"]!);
  }
  if (hook.endsWith("-relation-changed") && peer) {
    const { uri } = await b.relationGet(peer, app, { app: true });
    if (uri) await b.secretGet({ uri }).catch(() => undefined);
  }
  await b.statusSet("active", `ran ${hook}`);
  return result(o);
};

const charm = (name: string, role: "provides" | "requires"): HarnessCharm => ({
  metadata: { name, peers: { peer: { interface: `${name}-peer` } }, [role]: { db: { interface: "d" } } },
  run,
  config: { fail: false, rotate: false },
});

type Op =
  | { kind: "add"; app: "a" | "b"; n: number }
  | { kind: "remove"; pick: number }
  | { kind: "relate" }
  | { kind: "unrelate" }
  | { kind: "config"; rotate: boolean; fail: boolean }
  | { kind: "leaderSet"; value: string }
  | { kind: "userSecret" }
  | { kind: "steps"; n: number }
  | { kind: "settle" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), app: fc.constantFrom("a" as const, "b" as const), n: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("relate" as const) }),
  fc.record({ kind: fc.constant("unrelate" as const) }),
  fc.record({ kind: fc.constant("config" as const), rotate: fc.boolean(), fail: fc.boolean() }),
  fc.record({ kind: fc.constant("leaderSet" as const), value: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant("userSecret" as const) }),
  fc.record({ kind: fc.constant("steps" as const), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("settle" as const) }),
);

async function apply(h: Harness, o: Op): Promise<void> {
  const apps = h.applications().filter((a) => h.appLife(a) === "alive");
  const alive = h.allUnits().filter((u) => u.life === "alive");
  const related = h.relations().some((r) => !r.peer && r.life === "alive");
  if (o.kind === "add" && apps.includes(o.app)) h.addUnits(o.app, o.n);
  if (o.kind === "remove" && alive.length > 0) h.removeUnit(alive[o.pick % alive.length]!.name);
  if (o.kind === "relate" && !related) h.relate("b:db", "a:db");
  if (o.kind === "unrelate" && related) h.removeRelation("b:db", "a:db");
  if (o.kind === "config") h.setConfig("a", { rotate: o.rotate, fail: o.fail });
  if (o.kind === "leaderSet") h.leaderSet("a", { note: o.value });
  if (o.kind === "userSecret") h.addSecret({ password: "user-secret-value" }, { grant: ["a"] });
  if (o.kind === "steps") for (let i = 0; i < o.n; i++) await h.step();
  if (o.kind === "settle") await h.settle({ maxHooks: 500, allowFailures: true }).catch(() => undefined);
}

async function model(seed: number, ops: readonly Op[]): Promise<Harness> {
  const h = new Harness({ seed, maxHookRetries: 1 });
  h.addApplication("a", charm("a", "provides"), 2);
  h.addApplication("b", charm("b", "requires"), 1);
  for (const o of ops) await apply(h, o);
  return h;
}

/** The hooks a harness runs next (what each ran and what it left), up to `n`. */
async function next(h: Harness, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const r = await h.step();
    if (!r) break;
    // A --file argument names a fresh temp file each time: the rest of argv is compared.
    out.push([r.unit, r.hook, r.remoteUnit, r.ok, r.trace.map((c) => [c.tool, c.argv.map((a) => (a.endsWith(".json") ? "<file>" : a)), c.exitCode])]);
  }
  return out;
}

describe("the model as a value", () => {
  it("survives JSON and restores whole: snapshot, restore, snapshot is the same value, and the same run follows", async () => {
    const seen = { secrets: 0, failing: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(op, { maxLength: 8 }), fc.array(op, { maxLength: 4 }), async (seed, ops, later) => {
        const h = await model(seed, ops);
        const snap = h.snapshot();
        const text = JSON.stringify(snap);
        const parsed = JSON.parse(text) as EngineSnapshot;
        expect(parsed).toEqual(snap);
        if (snap.model.secrets.secrets.length > 0) seen.secrets++;
        if (snap.model.units.some((u) => u.uniter.failing)) seen.failing++;

        const after = await next(h, 30);
        const afterValue = h.snapshot();
        for (const o of later) await apply(h, o); // the model moves on...
        h.restore(parsed); // ...and comes back
        expect(h.snapshot()).toEqual(snap);
        expect(await next(h, 30)).toEqual(after);
        expect(h.snapshot()).toEqual(afterValue);

        // Into another harness with the same applications.
        const other = await model(seed, []);
        other.restore(parsed);
        expect(other.snapshot()).toEqual(snap);
      }),
      { numRuns: RUNS, seed: 20261207 },
    );
    expect(seen.secrets).toBeGreaterThan(RUNS / 4);
    expect(seen.failing).toBeGreaterThan(0);
  }, 120_000);

  it("is refused where a restore could not be whole", async () => {
    const h = await model(1, [{ kind: "settle" }]);
    const snap = h.snapshot();
    const empty = new Harness();
    expect(() => empty.restore(snap)).toThrow("cannot restore: application a's charm is not known to this driver (add the application first)");
    expect(() => h.restore({ ...snap, model: { ...snap.model, format: "other" } as never })).toThrow("not a model value of format relgen-model/1");
  });
});

describe("the simulator's model as a value", () => {
  it("keeps what each unit's hooks wrote in its charm directory, and restores it", async () => {
    const sim = await simulator({ charmDir: RECORDER, seed: 3 });
    sim.addUnits(2);
    await sim.runUntilQuiet();
    const snap = sim.snapshot();
    const files = new Map(snap.unitFiles.map(([unit, f]) => [unit, new Map((f as SimUnitFiles).files)]));
    expect([...files.get("mysql/0")!.keys()].sort()).toEqual([".unit-state.json", "events.log"]);
    const log = readFileSync(join(sim.charmDir("mysql/1"), "events.log"), "utf8");
    expect(Buffer.from(files.get("mysql/1")!.get("events.log")!, "base64").toString()).toBe(log);

    sim.addUnits(1);
    await sim.runUntilQuiet();
    expect(readFileSync(join(sim.charmDir("mysql/1"), "events.log"), "utf8")).not.toBe(log);
    sim.restore(JSON.parse(JSON.stringify(snap)) as EngineSnapshot);
    expect(sim.snapshot()).toEqual(snap);
    expect(sim.units()).toEqual(["mysql/0", "mysql/1"]);
    expect(readFileSync(join(sim.charmDir("mysql/1"), "events.log"), "utf8")).toBe(log);
    expect(existsSync(sim.charmDir("mysql/2"))).toBe(false); // a unit the snapshot never had leaves nothing behind
    sim.addUnits(1);
    expect(existsSync(join(sim.charmDir("mysql/2"), "events.log"))).toBe(false);
  });
});

describe("the interleaving explorer on the model's value", () => {
  it("explores a model with secrets: every order ends with the one secret, read by both units", async () => {
    const x = new Explorer((h) => {
      h.addApplication("a", charm("a", "provides"), 2);
    });
    const result = await x.explore({ maxStates: 5000 });
    expect(result.truncated).toBe(false);
    expect(result.failureCount).toBe(0);
    expect(result.terminals.length).toBeGreaterThan(0);
    for (const t of result.terminals) {
      const secrets = t.snapshot.engine.model.secrets.secrets;
      expect(secrets).toHaveLength(1);
      expect(secrets[0]!.tracking.map(([unit]) => unit).sort()).toEqual(["a/0", "a/1"]);
    }
  });
});
