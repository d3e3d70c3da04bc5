/**
 * Juju's rules for several applications related to each other
 * (`juju-hook-contract.md` §1–2), one test per rule, in the in-process
 * harness (the simulator runs the same rules: see drivers.test.ts).
 */
import { describe, expect, it } from "vitest";
import { ModelError } from "../../src/juju/engine.js";
import { Harness } from "../../src/testing/harness.js";
import { recorderCharm, type Script, type Seen } from "../support/recorder.js";

const DB = { provides: { database: "mysql_client" }, peers: { cluster: "mysql-innodb-cluster" } };
const WEB = { requires: { database: "mysql_client" } };

/** mysql (3 units, provides database) and webapp (2 units, requires it), related and settled. */
async function world(scripts: { mysql?: Script; webapp?: Script } = {}, options: { deliverPeerBroken?: boolean } = {}) {
  const log: Seen[] = [];
  const h = new Harness(options);
  h.addApplication("mysql", recorderCharm("mysql", DB, log, scripts.mysql), 3);
  h.addApplication("webapp", recorderCharm("webapp", WEB, log, scripts.webapp), 2);
  await h.settle();
  const rel = h.relate("webapp:database", "mysql:database");
  await h.settle();
  const of = (unit: string) => log.filter((s) => s.unit === unit);
  return { h, log, rel, of };
}

const hooks = (seen: readonly Seen[]) => seen.map((s) => (s.remoteUnit ? `${s.hook}(${s.remoteUnit})` : s.hook));

describe("relate", () => {
  it("needs one side to provide and the other to require the same interface, and names both ends when they do not", () => {
    const h = new Harness();
    const log: Seen[] = [];
    h.addApplication("mysql", recorderCharm("mysql", DB, log), 1);
    h.addApplication("webapp", recorderCharm("webapp", WEB, log), 1);
    h.addApplication("cache", recorderCharm("cache", { requires: { database: "redis" } }, log), 1);
    h.addApplication("other", recorderCharm("other", { provides: { db: "mysql_client" } }, log), 1);
    expect(() => h.relate("cache:database", "mysql:database")).toThrow(
      "cannot relate cache:database (requires redis) and mysql:database (provides mysql_client): the interfaces differ",
    );
    expect(() => h.relate("other:db", "mysql:database")).toThrow(
      "cannot relate other:db (provides mysql_client) and mysql:database (provides mysql_client): both endpoints provide; one must provide and the other require",
    );
    expect(() => h.relate("webapp:database", "mysql:cluster")).toThrow(
      "cannot relate webapp:database (requires mysql_client) and mysql:cluster (peers mysql-innodb-cluster): a peer endpoint cannot be related to another application",
    );
    expect(() => h.relate("webapp:nope", "mysql:database")).toThrow(/application webapp has no endpoint "nope" \(its endpoints: database\)/);
    expect(() => h.relate("webapp", "ghost")).toThrow(/no application "ghost"/);
    expect(() => h.relate("mysql:database", "mysql:database")).toThrow(/cannot be related to itself/);
    expect(h.relations().filter((r) => !r.peer)).toEqual([]);
    // Endpoints may be left out when one pair fits; relating twice is refused.
    const id = h.relate("webapp", "mysql");
    expect(h.relations().find((r) => r.id === id)).toMatchObject({ key: "webapp:database mysql:database", interface: "mysql_client", peer: false });
    expect(() => h.relate("mysql:database", "webapp:database")).toThrow(/already related/);
    expect(() => h.relate("webapp", "mysql")).toThrow(ModelError);
  });

  it("peer relations come with the application", () => {
    const h = new Harness();
    h.addApplication("mysql", recorderCharm("mysql", DB, []), 0);
    expect(h.relations()).toEqual([
      { id: 0, key: "mysql:cluster", interface: "mysql-innodb-cluster", peer: true, life: "alive", endpoints: [{ app: "mysql", endpoint: "cluster", role: "peer" }], units: [] },
    ]);
    expect(() => h.removeRelation(0)).toThrow(/peer relation/);
  });
});

describe("a relation between two applications", () => {
  it("runs -relation-created on every unit of both sides, then -joined and -changed for each remote unit", async () => {
    const { of, rel } = await world();
    for (const unit of ["mysql/0", "mysql/1", "mysql/2"]) {
      const seen = of(unit).filter((s) => s.relationId === `database:${rel}`);
      expect(seen[0]!.hook).toBe("database-relation-created");
      expect(hooks(seen.slice(1))).toEqual(["database-relation-joined(webapp/0)", "database-relation-changed(webapp/0)", "database-relation-joined(webapp/1)", "database-relation-changed(webapp/1)"]);
    }
    for (const unit of ["webapp/0", "webapp/1"]) {
      const seen = of(unit).filter((s) => s.relationId === `database:${rel}`);
      expect(hooks(seen)).toEqual([
        "database-relation-created",
        ...["mysql/0", "mysql/1", "mysql/2"].flatMap((m) => [`database-relation-joined(${m})`, `database-relation-changed(${m})`]),
      ]);
      // relation-list grows with each joined hook, and lists only remote units
      expect(seen.map((s) => s.members)).toEqual([[], ["mysql/0"], ["mysql/0"], ["mysql/0", "mysql/1"], ["mysql/0", "mysql/1"], ["mysql/0", "mysql/1", "mysql/2"], ["mysql/0", "mysql/1", "mysql/2"]]);
    }
  });

  it("gives JUJU_REMOTE_APP and relation-list --app the other application", async () => {
    const { log, rel } = await world();
    const onRel = log.filter((s) => s.relationId === `database:${rel}`);
    expect(onRel.length).toBeGreaterThan(10);
    for (const s of onRel) {
      const other = s.unit.startsWith("mysql/") ? "webapp" : "mysql";
      expect([s.remoteApp, s.listApp]).toEqual([other, other]);
    }
    const peer = log.filter((s) => s.relationId.startsWith("cluster:"));
    for (const s of peer) expect([s.remoteApp, s.listApp]).toEqual(["mysql", "mysql"]);
  });

  it("runs -changed with no remote unit on the other side when an application bag changes", async () => {
    const { h, log, rel } = await world();
    const before = log.length;
    h.writeDatabag("webapp", rel, { database: '"webapp"' });
    await h.settle();
    const after = log.slice(before);
    expect(after.map((s) => [s.unit, s.hook, s.remoteUnit, s.remoteApp])).toEqual(
      ["mysql/0", "mysql/1", "mysql/2"].map((u) => [u, "database-relation-changed", "", "webapp"]),
    );
    // Writing the same bytes again wakes nobody.
    h.writeDatabag("webapp", rel, { database: '"webapp"' });
    expect(h.pending()).toEqual([]);
  });

  it("lets only the leader read its own application bag on a non-peer relation; any unit may on a peer relation", async () => {
    const { log, rel } = await world();
    const own = (unit: string, relationId: string) => log.filter((s) => s.unit === unit && s.relationId === relationId && s.hook.endsWith("-joined")).map((s) => s.ownApp);
    expect(new Set(own("mysql/0", `database:${rel}`))).toEqual(new Set(["allowed"]));
    expect(new Set(own("mysql/1", `database:${rel}`))).toEqual(new Set(["denied"]));
    expect(new Set(own("webapp/1", `database:${rel}`))).toEqual(new Set(["denied"]));
    expect(new Set(own("mysql/1", "cluster:0"))).toEqual(new Set(["allowed"]));
  });

  it("refuses relation-set --app from a non-leader with Juju's error, and commits the leader's", async () => {
    const outcomes: Record<string, string> = {};
    const write: Script = async (backend, env) => {
      if (env.relation?.kind !== "created" || env.relation.endpoint !== "database") return;
      try {
        await backend.relationSet(env.relation.id, { answer: env.unit }, { app: true });
        outcomes[env.unit] = "ok";
      } catch (e) {
        outcomes[env.unit] = (e as Error & { stderr: string }).stderr;
      }
    };
    const { h, rel } = await world({ mysql: write });
    expect(outcomes).toEqual({ "mysql/0": "ok", "mysql/1": "ERROR cannot write relation settings", "mysql/2": "ERROR cannot write relation settings" });
    expect(h.appDatabag("mysql", rel)).toEqual({ answer: "mysql/0" });
  });

  for (const how of ["removeRelation", "removeApplication"] as const) {
    it(`${how}: -departed for every remote unit, then -broken on every unit of both sides, the relation gone from relation-ids in -broken`, async () => {
      const { h, log, rel } = await world();
      const before = log.length;
      if (how === "removeRelation") h.removeRelation("webapp:database", "mysql:database");
      else h.removeApplication("webapp");
      await h.settle();
      const after = log.slice(before);
      for (const unit of ["mysql/0", "mysql/1", "mysql/2", "webapp/0", "webapp/1"]) {
        const seen = after.filter((s) => s.unit === unit && s.relationId === `database:${rel}`);
        const remotes = unit.startsWith("mysql/") ? ["webapp/0", "webapp/1"] : ["mysql/0", "mysql/1", "mysql/2"];
        expect(hooks(seen), unit).toEqual([...remotes.map((r) => `database-relation-departed(${r})`), "database-relation-broken"]);
        const broken = seen.at(-1)!;
        expect(broken.ids["database"]).toEqual([]);
        expect(broken.remoteUnit).toBe("");
        expect(broken.remoteApp).toBe(unit.startsWith("mysql/") ? "webapp" : "mysql");
        expect(broken.members).toEqual([]);
        const leaving = how === "removeApplication" && unit.startsWith("webapp/");
        for (const d of seen.slice(0, -1)) expect(d.departingUnit).toBe(leaving ? unit : d.remoteUnit);
      }
      expect(h.relations().map((r) => r.id)).not.toContain(rel);
      if (how === "removeApplication") {
        // A removed application's units run their teardown hooks, and go.
        for (const unit of ["webapp/0", "webapp/1"]) expect(after.filter((s) => s.unit === unit).slice(-2).map((s) => s.hook)).toEqual(["stop", "remove"]);
        expect(h.applications()).toEqual(["mysql"]);
        expect(h.units()).toEqual(["mysql/0", "mysql/1", "mysql/2"]);
      } else {
        expect(h.applications()).toEqual(["mysql", "webapp"]);
        // The applications can be related again: a new relation id, created afresh.
        const again = h.relate("webapp", "mysql");
        await h.settle();
        expect(again).not.toBe(rel);
        expect(log.filter((s) => s.relationId === `database:${again}` && s.hook === "database-relation-created")).toHaveLength(5);
      }
    });
  }

  it("a unit added later runs -relation-created for the existing relation in its start-up, then joins", async () => {
    const { h, of, rel } = await world();
    h.addUnits("webapp", 1);
    await h.settle();
    const seen = of("webapp/2").map((s) => s.hook);
    expect(seen.slice(0, 6)).toEqual(["install", "database-relation-created", "leader-settings-changed", "config-changed", "start", "database-relation-joined"]);
    const mysql0 = of("mysql/0").filter((s) => s.remoteUnit === "webapp/2").map((s) => s.hook);
    expect(mysql0).toEqual(["database-relation-joined", "database-relation-changed"]);
    // A unit of the other side removed: departed on the remote side only.
    h.removeUnit("webapp/2");
    await h.settle();
    expect(of("mysql/1").filter((s) => s.remoteUnit === "webapp/2").map((s) => [s.hook, s.departingUnit])).toEqual([
      ["database-relation-joined", ""],
      ["database-relation-changed", ""],
      ["database-relation-departed", "webapp/2"],
    ]);
    expect(of("webapp/2").filter((s) => s.relationId === `database:${rel}`).slice(-1)[0]!.hook).toBe("database-relation-broken");
  });
});

describe("leadership", () => {
  it("gives every application one leader of its own", async () => {
    const { h, log } = await world();
    expect([h.leader("mysql"), h.leader("webapp")]).toEqual(["mysql/0", "webapp/0"]);
    const elected = () => log.filter((s) => s.hook === "leader-elected").map((s) => s.unit).sort();
    expect(elected()).toEqual(["mysql/0", "webapp/0"]);
    h.removeUnit("webapp/0");
    await h.settle();
    expect([h.leader("mysql"), h.leader("webapp")]).toEqual(["mysql/0", "webapp/1"]);
    expect(elected()).toEqual(["mysql/0", "webapp/0", "webapp/1"]);
  });
});

describe("the peer relation", () => {
  it("keeps its behaviour: no -relation-broken for a removed unit unless asked", async () => {
    for (const deliverPeerBroken of [false, true]) {
      const { h, of } = await world({}, { deliverPeerBroken });
      h.removeUnit("mysql/2");
      await h.settle();
      const peerHooks = of("mysql/2").filter((s) => s.relationId === "cluster:0").map((s) => s.hook);
      const departs = ["cluster-relation-departed", "cluster-relation-departed"];
      expect(peerHooks.slice(deliverPeerBroken ? -3 : -2)).toEqual(deliverPeerBroken ? [...departs, "cluster-relation-broken"] : departs);
      expect(peerHooks.includes("cluster-relation-broken")).toBe(deliverPeerBroken);
      expect(of("mysql/2").slice(-2).map((s) => s.hook)).toEqual(["stop", "remove"]);
    }
  });
});

describe("leadership", () => {
  it("moves with electLeader: the new leader runs leader-elected and is-leader follows; a dead unit cannot lead", async () => {
    const { h, of } = await world();
    expect(h.leader("mysql")).toBe("mysql/0");
    const before = of("mysql/0").length;
    h.electLeader("mysql/2");
    await h.settle();
    expect(h.leader("mysql")).toBe("mysql/2");
    expect(hooks(of("mysql/2")).at(-1)).toBe("leader-elected");
    expect(of("mysql/0")).toHaveLength(before); // the former leader gets no hook of its own
    const leadership: Record<string, boolean> = {};
    for (const unit of ["mysql/0", "mysql/2"]) {
      await h.deliver({ unit, hook: "update-status" }, async (o) => {
        leadership[unit] = await o.backend!.isLeader();
        return { ok: true, hook: "update-status", unit, flags: [], ran: [], relationSets: 0 };
      });
    }
    expect(leadership).toEqual({ "mysql/0": false, "mysql/2": true });
    h.removeUnit("mysql/1");
    expect(() => h.electLeader("mysql/1")).toThrow("unit mysql/1 is dying: only a live unit can become leader");
  });
});
