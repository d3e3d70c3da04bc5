/**
 * The demo charm's handlers (spec section 6) in the in-process harness: a
 * 3-unit application forms a cluster, grows to 5 and shrinks to 4.
 */
import { describe, expect, it } from "vitest";
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { Harness } from "../../src/testing/harness.js";

const ALL = ["cluster.available", "cluster.clustered", "cluster.connected"];
const interfaceFlags = (flags: string[]) => flags.filter((f) => f.startsWith("cluster."));

describe("the 3-unit lifecycle in the harness", () => {
  it("reaches connected, available and clustered on every unit, then grows and shrinks", async () => {
    const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    h.addUnits(3);
    await h.settle();
    for (const unit of h.members()) {
      expect(interfaceFlags(h.flags(unit)), unit).toEqual(ALL);
      expect(h.status(unit)).toEqual({ state: "active", message: "Unit is ready and clustered" });
    }
    const bag = h.bag("mysql/0");
    expect(bag["cluster-address"]).toBe('"10.5.0.10"');
    expect(bag["cluster-user"]).toBe('"clusteruser"');
    expect(bag["unit-clustered"]).toBe("true");
    expect(bag["ingress-address"]).toBe("10.5.0.10");

    h.addUnits(2);
    await h.settle();
    expect(h.members()).toHaveLength(5);
    for (const unit of h.members()) expect(interfaceFlags(h.flags(unit)), unit).toEqual(ALL);

    h.removeUnit("mysql/4");
    await h.settle();
    expect(h.members()).toHaveLength(4);
    for (const unit of h.members()) expect(interfaceFlags(h.flags(unit)), unit).toEqual(ALL);
    expect(interfaceFlags(h.flags("mysql/4"))).toEqual([]);
  });

  it("keeps a 1-unit application blocked and a 2-unit application waiting", async () => {
    const one = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    one.addUnits(1);
    await one.settle();
    expect(one.status("mysql/0")).toEqual({ state: "blocked", message: "'cluster' missing" });
    const two = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    two.addUnits(2);
    await two.settle();
    for (const unit of two.members()) {
      expect(two.status(unit)).toEqual({ state: "waiting", message: "'cluster' incomplete" });
      expect(interfaceFlags(two.flags(unit))).toEqual(["cluster.connected"]);
    }
  });
});

describe("leadership in the harness", () => {
  it("elects the lowest remaining unit when the leader is removed, and the cluster stays formed", async () => {
    const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    h.addUnits(4);
    await h.settle();
    h.removeUnit("mysql/0");
    await h.settle();
    expect(h.leader("mysql")).toBe("mysql/1");
    expect(h.records.some((r) => r.unit === "mysql/1" && r.hook === "leader-elected")).toBe(true);
    for (const unit of h.members()) expect(interfaceFlags(h.flags(unit)), unit).toEqual(ALL);
  });
});
