/**
 * Property: whatever the seed and whatever happens to the model (units
 * added and removed, applications related, unrelated and removed, bags
 * written), every unit's hooks keep Juju's guarantees, on the peer relation
 * and across applications alike, and the model settles consistent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Harness } from "../../src/testing/harness.js";
import { recorderCharm, type Script, type Seen } from "../support/recorder.js";

type Op =
  | { kind: "add"; app: "a" | "b"; n: number }
  | { kind: "remove"; pick: number }
  | { kind: "relate" }
  | { kind: "unrelate" }
  | { kind: "removeApp" }
  | { kind: "write"; pick: number; value: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), app: fc.constantFrom("a" as const, "b" as const), n: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("relate" as const) }),
  fc.record({ kind: fc.constant("unrelate" as const) }),
  fc.record({ kind: fc.constant("removeApp" as const) }),
  fc.record({ kind: fc.constant("write" as const), pick: fc.nat(), value: fc.constantFrom("x", "y", "") }),
);

/** Every unit publishes how many remotes it lists; the leader publishes it in the app bag too. Converges. */
const publishCount: Script = async (backend, env) => {
  const rel = env.relation;
  if (!rel || rel.kind === "broken") return;
  const n = String((await backend.relationList(rel.id)).length);
  await backend.relationSet(rel.id, { count: n });
  if (await backend.isLeader()) await backend.relationSet(rel.id, { count: n }, { app: true });
};

async function scenario(seed: number, ops: readonly Op[], deliverPeerBroken: boolean): Promise<{ h: Harness; log: Seen[] }> {
  const log: Seen[] = [];
  const h = new Harness({ seed, deliverPeerBroken });
  h.addApplication("a", recorderCharm("a", { peers: { peer: "p" }, provides: { db: "d" } }, log, publishCount), 2);
  h.addApplication("b", recorderCharm("b", { requires: { db: "d" } }, log, publishCount), 1);
  await h.settle();
  for (const o of ops) {
    const alive = h.allUnits().filter((u) => u.life === "alive" && h.applications().includes(u.app));
    const related = h.relations().some((r) => !r.peer && r.life === "alive");
    if (o.kind === "add" && h.applications().includes(o.app)) h.addUnits(o.app, o.n);
    if (o.kind === "remove" && alive.length > 0) h.removeUnit(alive[o.pick % alive.length]!.name);
    if (o.kind === "relate" && !related && h.applications().length === 2) h.relate("b:db", "a:db");
    if (o.kind === "unrelate" && related) h.removeRelation("b:db", "a:db");
    if (o.kind === "removeApp" && h.applications().includes("b")) h.removeApplication("b");
    if (o.kind === "write" && alive.length > 0) {
      const unit = alive[o.pick % alive.length]!.name;
      const rel = h.relations().find((r) => r.units.includes(unit) && r.life === "alive");
      if (rel) h.writeDatabag(unit, rel.id, { extra: o.value });
    }
    await h.settle({ maxHooks: 2000 });
  }
  return { h, log };
}

/** Checks one unit's hooks against Juju's guarantees; returns the relations it knows at the end. */
function checkUnit(unit: string, seen: readonly Seen[], peerBroken: boolean): void {
  const app = unit.split("/")[0]!;
  const setupOrder = ["install", "created", "leader", "config-changed", "start"];
  const stage = (s: Seen): number =>
    s.hook === "install" ? 0 : s.hook.endsWith("-relation-created") ? 1 : s.hook === "leader-elected" || s.hook === "leader-settings-changed" ? 2 : s.hook === "config-changed" ? 3 : s.hook === "start" ? 4 : -1;
  // Start-up: the setup hooks that ran came first and in order.
  let last = -1;
  for (const s of seen) {
    const k = stage(s);
    if (k < 0 || s.hook === "leader-settings-changed" && last >= 2) break;
    expect(k, `${unit}: ${s.hook} after ${setupOrder[last] ?? "nothing"}`).toBeGreaterThanOrEqual(last);
    last = k;
    if (k === 4) break;
  }
  expect(seen[0]?.hook).toBe("install");

  const known = new Map<string, Set<string>>();
  const done = new Set<string>();
  seen.forEach((s, i) => {
    if (!s.relationId) return;
    const id = s.relationId;
    const kind = s.hook.slice(s.hook.indexOf("-relation-") + 10);
    const peer = id.startsWith("peer:");
    expect(done.has(id), `${unit}: ${s.hook} after the relation was broken`).toBe(false);
    expect(s.remoteApp, `${unit} ${s.hook}: JUJU_REMOTE_APP`).toBe(peer ? app : app === "a" ? "b" : "a");
    if (kind === "created") {
      expect(known.has(id), `${unit}: created twice`).toBe(false);
      known.set(id, new Set());
      return;
    }
    const k = known.get(id);
    expect(k, `${unit}: ${s.hook} before relation-created`).toBeDefined();
    const expected = new Set(k);
    if (kind === "joined") {
      expect(k!.has(s.remoteUnit), `${unit}: joined ${s.remoteUnit} twice`).toBe(false);
      expected.add(s.remoteUnit);
      k!.add(s.remoteUnit);
      // -joined is immediately followed by -changed for the same remote.
      expect(seen[i + 1], `${unit}: joined ${s.remoteUnit} not followed by changed`).toMatchObject({ hook: s.hook.replace("joined", "changed"), remoteUnit: s.remoteUnit });
    } else if (kind === "changed" && s.remoteUnit) {
      expect(k!.has(s.remoteUnit), `${unit}: changed ${s.remoteUnit} outside joined..departed`).toBe(true);
    } else if (kind === "departed") {
      expect(k!.has(s.remoteUnit), `${unit}: departed ${s.remoteUnit} it never joined`).toBe(true);
      expect([s.remoteUnit, unit]).toContain(s.departingUnit);
      expected.delete(s.remoteUnit);
      k!.delete(s.remoteUnit);
    } else if (kind === "broken") {
      expect(peer && !peerBroken, `${unit}: peer relation broken`).toBe(false);
      expect(k!.size, `${unit}: broken before every remote departed`).toBe(0);
      expect(s.ids[id.split(":")[0]!]).not.toContain(id);
      expected.clear();
      done.add(id);
    }
    // relation-list shows exactly the remotes known (the joining one included, the departing one not).
    expect(new Set(s.members ?? []), `${unit} ${s.hook}(${s.remoteUnit}) relation-list`).toEqual(expected);
    for (const m of s.members ?? []) expect(m).not.toBe(unit);
  });
}

describe("event order under random seeds and histories", () => {
  it("keeps Juju's guarantees on every unit, peer and cross-application, and settles consistent", async () => {
    let hooksSeen = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(op, { maxLength: 7 }), fc.boolean(), async (seed, ops, peerBroken) => {
        const { h, log } = await scenario(seed, ops, peerBroken);
        hooksSeen += log.length;
        const units = [...new Set(log.map((s) => s.unit))];
        for (const unit of units) checkUnit(unit, log.filter((s) => s.unit === unit), peerBroken);
        // Removed units end with stop and remove; nothing is left to run.
        for (const u of h.allUnits().filter((x) => x.life === "removed")) {
          const own = log.filter((s) => s.unit === u.name);
          if (own.length > 0) expect(own.slice(-2).map((s) => s.hook)).toEqual(["stop", "remove"]);
        }
        expect(h.pending()).toEqual([]);
        // Settled: every live unit lists exactly the other side's units in scope.
        for (const rel of h.relations()) {
          for (const unit of rel.units) {
            const hook = h.openHook({ unit, hook: "update-status" });
            const listed = await hook.backend.relationList(`${rel.endpoints.find((e) => e.app === unit.split("/")[0])!.endpoint}:${rel.id}`);
            hook.finish(false);
            const remoteApp = rel.peer ? unit.split("/")[0] : rel.endpoints.find((e) => e.app !== unit.split("/")[0])!.app;
            expect(listed).toEqual(rel.units.filter((u) => u !== unit && u.startsWith(`${remoteApp}/`)).sort());
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(hooksSeen).toBeGreaterThan(1000);
  });
});
