/**
 * Spec section 5: every place this project keeps or deliberately fixes the
 * original behaviour, one test each, through the runtime and the harness.
 */
import { describe, expect, it } from "vitest";
import { Charm } from "../../src/runtime/index.js";
import { editModel, localOf } from "../support/model-edit.js";
import { charm, cluster, complete, interfaceFlags, peerWorld, publish } from "../support/peer-world.js";

const changed = (unit: string, remote: string) => ({ unit, hook: "cluster-relation-changed", remoteUnit: remote });
const ALL = ["cluster.available", "cluster.clustered", "cluster.connected"];

describe("kept from the original", () => {
  it("JSON keys are byte-identical to Python's json.dumps(sort_keys=True); ingress keys are raw", async () => {
    const h = await peerWorld(2);
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => cluster.setClusterConnectionInfo("10.5.0.21", "cl\u00fcster", "Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5"));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    const bag = h.bag("mysql/0");
    expect(bag["cluster-address"]).toBe('"10.5.0.21"');
    expect(bag["cluster-user"]).toBe('"cl\\u00fcster"');
    expect(bag["ingress-address"]).toBe("10.5.0.10");
    expect(bag["private-address"]).toBe("10.5.0.10");
  });

  it("presence: decode with raw fallback, Python truthiness, at least 2 joined peers", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", { ...complete, "cluster-address": "10.0.0.11" });
    publish(h, "mysql/2", { ...complete, "unit-clustered": '"false"' });
    expect(interfaceFlags((await h.deliver(changed("mysql/0", "mysql/2"))).result.flags)).toEqual(ALL);
    publish(h, "mysql/2", { "unit-clustered": "{}" });
    expect(interfaceFlags((await h.deliver(changed("mysql/0", "mysql/2"))).result.flags)).toEqual(["cluster.available", "cluster.connected"]);
    h.removeUnit("mysql/2");
    await h.settle();
    expect(interfaceFlags(h.flags("mysql/0"))).toEqual(["cluster.connected"]);
  });

  it("automatic flags: endpoint.<ep>.joined, .changed, .changed.<key>, .departed", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", { "unit-clustered": "true" });
    const flags = (await h.deliver(changed("mysql/0", "mysql/1"))).result.flags;
    expect(flags).toEqual(expect.arrayContaining(["endpoint.cluster.joined", "endpoint.cluster.changed", "endpoint.cluster.changed.unit-clustered"]));
    h.removeUnit("mysql/2");
    const departed = await h.deliver(h.pending()[0]!);
    expect(departed.result.flags).toContain("endpoint.cluster.departed");
    const next = await h.deliver({ unit: "mysql/0", hook: "update-status" });
    expect(next.result.flags).not.toContain("endpoint.cluster.departed");
  });

  it("joined units are ordered as strings by (relation id, unit name), like Juju", async () => {
    const h = await peerWorld(12);
    const seen: string[] = [];
    const probe = new Charm<string>([cluster]);
    probe.when().do(() => void seen.push(...cluster.allJoinedUnits.map((u) => u.name)));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => probe.run(o));
    expect(seen).toEqual(["mysql/1", "mysql/10", "mysql/11", "mysql/2", "mysql/3", "mysql/4", "mysql/5", "mysql/6", "mysql/7", "mysql/8", "mysql/9"]);
  });
});

describe("fixed", () => {
  it("departed: flags are recomputed from the peers that remain, not cleared", async () => {
    const h = await peerWorld(4);
    for (const u of ["mysql/1", "mysql/2", "mysql/3"]) publish(h, u, complete);
    await h.deliver(changed("mysql/0", "mysql/1"));
    h.removeUnit("mysql/1");
    const r = await h.deliver(h.pending()[0]!);
    expect(r.hook).toBe("cluster-relation-departed");
    expect(interfaceFlags(r.result.flags)).toEqual(ALL);
  });

  it("a removed unit ends with no interface flag after its last departed hook (Juju runs no peer -broken)", async () => {
    const h = await peerWorld(3);
    for (const u of h.members()) publish(h, u, complete);
    for (const u of h.members()) await h.deliver({ unit: u, hook: "update-status" });
    expect(interfaceFlags(h.flags("mysql/2"))).toEqual(ALL);
    h.removeUnit("mysql/2");
    await h.settle();
    expect(interfaceFlags(h.flags("mysql/2"))).toEqual([]);
    expect(h.flags("mysql/2")).not.toContain("endpoint.cluster.joined");
  });

  it("broken: all three interface flags clear and endpoint.<ep>.broken is set", async () => {
    const h = await peerWorld(3, { deliverPeerBroken: true });
    for (const u of h.members()) publish(h, u, complete);
    await h.settle();
    expect(interfaceFlags(h.flags("mysql/0"))).toEqual(ALL);
    h.removeUnit("mysql/0");
    const records = await h.settle();
    const r = records.find((x) => x.unit === "mysql/0" && x.hook === "cluster-relation-broken")!;
    expect(r.result.ok).toBe(true);
    expect(interfaceFlags(r.result.flags)).toEqual([]);
    expect(r.result.flags).toContain("endpoint.cluster.broken");
  });

  it("changed flags are never cleared by the interface; the consumer clears what it consumed (no lost trigger)", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", complete);
    publish(h, "mysql/2", complete);
    const consumer = new Charm<string>([cluster]);
    let triggered = 0;
    consumer.when("endpoint.cluster.changed.unit-configure-ready").do(() => {
      triggered++;
      consumer.clearFlag("endpoint.cluster.changed.unit-configure-ready");
    });
    await h.deliver(changed("mysql/0", "mysql/2"), (o) => consumer.run(o));
    expect(triggered).toBe(1);
    expect(h.flags("mysql/0")).toContain("endpoint.cluster.changed.cluster-address");
    expect(h.flags("mysql/0")).not.toContain("endpoint.cluster.changed.unit-configure-ready");
    await h.deliver(changed("mysql/0", "mysql/2"), (o) => consumer.run(o));
    expect(triggered).toBe(1);
    publish(h, "mysql/2", { "unit-configure-ready": "false" });
    await h.deliver(changed("mysql/0", "mysql/2"), (o) => consumer.run(o));
    expect(triggered).toBe(2);
  });

  it("a change is judged on decoded values: re-encoding the same value is not a change", async () => {
    const h = await peerWorld(2);
    publish(h, "mysql/1", { "cluster-address": '["a",1]' });
    await h.deliver(changed("mysql/0", "mysql/1"));
    const clearer = new Charm<string>([cluster]);
    clearer.when().do(() => clearer.clearFlag("endpoint.cluster.changed.cluster-address"));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => clearer.run(o));
    publish(h, "mysql/1", { "cluster-address": '[ "a", 1 ]' });
    const r = await h.deliver(changed("mysql/0", "mysql/1"));
    expect(r.result.flags).not.toContain("endpoint.cluster.changed.cluster-address");
  });

  it("relation-set only when some byte differs: one call per relation with every changed key, none when nothing changed", async () => {
    const h = await peerWorld(2);
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => {
      cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", "pw-1234");
      cluster.setUnitConfigureReady();
    });
    const first = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    const sets = first.trace.filter((c) => c.tool === "relation-set");
    expect(sets).toHaveLength(1);
    const again = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(again.trace.filter((c) => c.tool === "relation-set")).toHaveLength(0);
    expect(again.result.relationSets).toBe(0);
  });

  it("added: the clusterHost option overrides the published ingress address, in later hooks too", async () => {
    const h = await peerWorld(2);
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => cluster.setClusterConnectionInfo("db.example", "u", "p-secret", { clusterHost: "db.example" }));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(h.bag("mysql/0")).toMatchObject({ "ingress-address": "db.example", "private-address": "db.example" });
    const later = await h.deliver({ unit: "mysql/0", hook: "update-status" });
    expect(h.bag("mysql/0")["ingress-address"]).toBe("db.example");
    expect(later.trace.some((c) => c.tool === "network-get")).toBe(false);
  });

  it("a setter called with no relation logs one WARNING and writes nothing", async () => {
    const h = await peerWorld(1);
    editModel(h, (m) => void (localOf(m, "mysql/0", 0).broken = true)); // the relation is gone for this unit
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => {
      cluster.setUnitClustered();
      cluster.setUnitConfigureReady();
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(r.result.ok).toBe(true);
    const logs = r.trace.filter((c) => c.tool === "juju-log");
    expect(logs).toHaveLength(1);
    expect(h.logs("mysql/0").map(({ level, message }) => ({ level, message }))).toEqual([
      { level: "WARNING", message: "No mysql-innodb-cluster relation on endpoint cluster: possibly departing. Nothing was published." },
    ]);
    expect(r.trace.some((c) => c.tool === "relation-set")).toBe(false);
  });
});

void charm;
