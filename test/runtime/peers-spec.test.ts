/**
 * Behaviours T0-T13 of the original interface (spec section 4), run through
 * the runtime in the in-process harness, over the generated bindings.
 */
import { describe, expect, it } from "vitest";
import { Charm } from "../../src/runtime/index.js";
import { charm, cluster, complete, FIVE_CHANGED, interfaceFlags, peerWorld, publish } from "../support/peer-world.js";
import { editModel, unitOf } from "../support/model-edit.js";

const changedHook = (unit: string, remote: string) => ({ unit, hook: "cluster-relation-changed", remoteUnit: remote });

describe("spec section 4 through the runtime", () => {
  it("T0: the binding describes the endpoint and its three flags; the charm owns it; the runtime keeps the automatic ones", async () => {
    expect(cluster.endpoint).toBe("cluster");
    expect(cluster.definition).toMatchObject({ interface: "mysql-innodb-cluster", role: "peers", flags: ["available", "clustered", "connected"] });
    expect(charm.endpoints).toEqual([cluster]);
    const h = await peerWorld(2);
    const flags = h.flags("mysql/0");
    expect(flags).toContain("endpoint.cluster.joined");
    expect(flags).toContain("endpoint.cluster.changed");
    // The charm owns it: outside one of the charm's hooks the endpoint refuses to be read.
    expect(() => cluster.relationIds()).toThrow(/endpoint "cluster" was used outside a hook/);
    // The runtime keeps them between hooks: once a handler clears `changed`, it stays clear while nothing changes.
    const consumer = new Charm<string>([cluster]);
    consumer.when("endpoint.cluster.changed").do(() => consumer.clearFlag("endpoint.cluster.changed"));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => consumer.run(o));
    const later = await h.deliver({ unit: "mysql/0", hook: "update-status" });
    expect(later.result.flags).toContain("endpoint.cluster.joined");
    expect(later.result.flags).not.toContain("endpoint.cluster.changed");
  });

  it("T1: joined with empty peer data publishes ingress and sets only <ep>.connected", async () => {
    const h = await peerWorld(2);
    const joined = h.records.find((r) => r.unit === "mysql/0" && r.hook === "cluster-relation-joined")!;
    expect(interfaceFlags(joined.result.flags)).toEqual(["cluster.connected"]);
    expect(h.bag("mysql/0")["ingress-address"]).toBe("10.5.0.10");
  });

  it("T2: changed with incomplete data: available and clustered clear, nothing set; the changed flags are left to the consumer", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", { ...complete });
    publish(h, "mysql/2", { "cluster-address": '"10.5.0.22"' });
    const r = await h.deliver(changedHook("mysql/0", "mysql/2"));
    expect(interfaceFlags(r.result.flags)).toEqual(["cluster.connected"]);
    for (const f of FIVE_CHANGED) expect(r.result.flags).toContain(f);
  });

  it("T3: changed with available and clustered data sets both", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", complete);
    publish(h, "mysql/2", complete);
    const r = await h.deliver(changedHook("mysql/0", "mysql/2"));
    expect(interfaceFlags(r.result.flags)).toEqual(["cluster.available", "cluster.clustered", "cluster.connected"]);
    for (const f of FIVE_CHANGED) expect(r.result.flags).toContain(f);
  });

  it("T4: departed recomputes connected and available from the peers that remain", async () => {
    const h = await peerWorld(4);
    for (const u of ["mysql/1", "mysql/2", "mysql/3"]) publish(h, u, complete);
    await h.deliver(changedHook("mysql/0", "mysql/3"));
    h.removeUnit("mysql/3");
    const first = await h.deliver(h.pending()[0]!);
    expect(first).toMatchObject({ unit: "mysql/0", hook: "cluster-relation-departed" });
    expect(interfaceFlags(first.result.flags)).toEqual(["cluster.available", "cluster.clustered", "cluster.connected"]);
    expect(first.result.flags).toContain("endpoint.cluster.departed");
  });

  it("T5: relationIds() of one relation", async () => {
    const h = await peerWorld(2);
    let ids: readonly string[] = [];
    const probe = new Charm<string>([cluster]);
    probe.when().do(() => void (ids = cluster.relationIds()));
    await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => probe.run(o));
    expect(ids).toEqual([h.relationId()]);
  });

  it("T6: ingress 10.10.10.10 is published raw as ingress-address and private-address", async () => {
    const h = await peerWorld(2);
    editModel(h, (m) => void (unitOf(m, "mysql/0").address = "10.10.10.10"));
    const r = await h.deliver({ unit: "mysql/0", hook: "config-changed" });
    expect(h.bag("mysql/0")).toMatchObject({ "ingress-address": "10.10.10.10", "private-address": "10.10.10.10" });
    expect(r.trace.filter((c) => c.tool === "relation-set")).toHaveLength(1);
  });

  const flagCase = async (bags: Record<string, string>[]) => {
    const h = await peerWorld(bags.length + 1);
    bags.forEach((bag, i) => publish(h, `mysql/${i + 1}`, bag));
    return interfaceFlags((await h.deliver(changedHook("mysql/0", "mysql/1"))).result.flags);
  };
  const without = (key: string) => Object.fromEntries(Object.entries(complete).filter(([k]) => k !== key));

  it("T7: three peers with all values missing are not available", async () => {
    expect(await flagCase([{}, {}, {}])).toEqual(["cluster.connected"]);
  });
  it("T8: two complete peers and one without cluster-user are not available", async () => {
    expect(await flagCase([complete, complete, without("cluster-user")])).not.toContain("cluster.available");
  });
  it("T9: three complete peers with the same address are available", async () => {
    expect(await flagCase([complete, complete, complete])).toContain("cluster.available");
  });
  it("T10: all unit-clustered missing: not clustered", async () => {
    const bag = without("unit-clustered");
    expect(await flagCase([bag, bag, bag])).not.toContain("cluster.clustered");
  });
  it("T11: two clustered, one missing: not clustered", async () => {
    expect(await flagCase([complete, complete, without("unit-clustered")])).not.toContain("cluster.clustered");
  });
  it("T12: all clustered, no address, user or password: clustered", async () => {
    const only = { "unit-clustered": "true" };
    expect(await flagCase([only, only, only])).toEqual(["cluster.clustered", "cluster.connected"]);
  });

  it("T13: setClusterConnectionInfo commits the JSON-encoded bytes", async () => {
    const h = await peerWorld(2);
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => cluster.setClusterConnectionInfo("10.10.10.10", "fakeuser", "fakepassword"));
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(r.result.relationSets).toBe(1);
    expect(h.bag("mysql/0")).toMatchObject({
      "cluster-address": '"10.10.10.10"',
      "cluster-user": '"fakeuser"',
      "cluster-password": '"fakepassword"',
    });
  });
});

