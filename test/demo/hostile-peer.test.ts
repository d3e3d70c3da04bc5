/**
 * A hostile or broken peer cannot wedge the cluster nor grow its units'
 * state (issue #12, findings 1 and 2): the schema bounds `cluster-address`,
 * the leader-setting keys made from addresses are injective and always valid,
 * unknown keys are tracked within a bound, and the demo's per-peer flags go
 * with their peer.
 */
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressName, clusteredKey } from "../../examples/mysql-innodb-cluster/src/cluster.js";
import { MAX_UNKNOWN_KEYS } from "../../src/runtime/flags.js";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "./support.js";

/** A leader-setting key as `leader-set` takes it: no `=`, no whitespace or control characters, printable ASCII. */
const VALID_KEY = /^[!-<>-~]+$/;

async function cluster(units: number) {
  const h = new Harness({ seed: 8 });
  h.addApplication("mysql", inProcess.mysql, units);
  await h.settle();
  const rel = h.relationId("cluster", "mysql");
  return { h, rel };
}

const SCHEMA_KEYS = ["cluster-address", "cluster-user", "cluster-password", "unit-configure-ready", "unit-clustered", "ingress-address", "private-address"];
const clustered = (h: Harness, unit: string) => h.status(unit).message === "Unit is ready and clustered";

describe("addresses as leader-setting keys", () => {
  const address = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.domain(),
    fc.ipV4().map((ip) => ip.replaceAll(".", "-")), // a host name that the lossy mapping merges with an IP address
    fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  );

  it("are injective and always valid keys, and keep the Python charm's form for IP addresses", () => {
    fc.assert(
      fc.property(address, address, (a, b) => {
        expect(clusteredKey(a)).toMatch(VALID_KEY);
        if (a !== b) expect(addressName(a)).not.toBe(addressName(b));
        const family = isIP(a);
        if (family === 4 || (family === 6 && !a.includes("."))) expect(addressName(a)).toBe(a.replace(/[.:]/g, "-"));
      }),
      { numRuns: 2000, seed: 12 },
    );
    expect(addressName("10.5.0.10")).not.toBe(addressName("10-5-0-10"));
  });
});

describe("a peer that publishes a hostile cluster-address", () => {
  it.each([
    ["an '='", '"10.5.0.99=true"'],
    ["a NUL", '"10.5.0.99\\u0000"'],
    ["256 KB", JSON.stringify("a".repeat(256 * 1024))],
    ["a lone surrogate", '"10.5.0.\\ud800"'],
  ])("(%s) is ignored by the leader, whose hooks keep succeeding; reverted, it joins", async (_what, hostile) => {
    const { h, rel } = await cluster(4);
    const honest = h.databag("mysql/3", rel)["cluster-address"]!;
    const before = h.leaderSettings("mysql");
    h.writeDatabag("mysql/3", rel, { "cluster-address": hostile });
    await h.settle();
    expect(h.failures()).toEqual([]);
    const settings = h.leaderSettings("mysql");
    for (const key of Object.keys(settings)) expect(key).toMatch(VALID_KEY);
    expect(Object.keys(settings).sort()).toEqual(Object.keys(before).sort());
    for (const unit of ["mysql/0", "mysql/1", "mysql/2"]) expect(clustered(h, unit), unit).toBe(true);
    // A retried or later hook never re-issues leader-set for it.
    const leader = h.leader("mysql")!;
    const again = await h.deliver({ unit: leader, hook: "update-status" });
    expect(again.trace.map((c) => c.tool)).not.toContain("leader-set");

    h.writeDatabag("mysql/3", rel, { "cluster-address": honest });
    h.updateStatus("mysql/3");
    await h.settle();
    expect(h.failures()).toEqual([]);
    for (const unit of h.units("mysql")) expect(clustered(h, unit), unit).toBe(true);
  });
});

describe("a peer whose host name the lossy mapping would merge with another peer's IP address", () => {
  it("gets a leader setting of its own, and the other peer's stays", async () => {
    const { h, rel } = await cluster(4);
    const before = h.leaderSettings("mysql");
    expect(before[clusteredKey("10.5.0.10")]).toBe("true");
    h.writeDatabag("mysql/3", rel, { "cluster-address": '"10-5-0-10"' });
    await h.settle();
    expect(h.failures()).toEqual([]);
    const settings = h.leaderSettings("mysql");
    expect(settings[clusteredKey("10-5-0-10")]).toBe("true");
    expect(clusteredKey("10-5-0-10")).not.toBe(clusteredKey("10.5.0.10"));
    expect(Object.keys(settings).length).toBe(Object.keys(before).length + 1);
  });
});

describe("a peer that publishes thousands of junk keys", () => {
  it("grows no unit's state: unknown keys are tracked within a bound, reported, and set endpoint.cluster.changed", async () => {
    const { h, rel } = await cluster(3);
    const junk: Record<string, string> = {};
    for (let i = 0; i < 8000; i++) junk[`junk-${String(i).padStart(4, "0")}`] = `v${i}`;
    h.writeDatabag("mysql/2", rel, junk);
    await h.settle();
    expect(h.failures()).toEqual([]);
    for (const unit of ["mysql/0", "mysql/1"]) {
      const state = JSON.stringify(h.unitState(unit));
      expect(state.length, unit).toBeLessThan(16 * 1024);
      // The schema's keys, and at most MAX_UNKNOWN_KEYS others (Juju's egress-subnets among them).
      const changed = h.flags(unit).filter((f) => f.startsWith("endpoint.cluster.changed."));
      const unknown = changed.filter((f) => !SCHEMA_KEYS.includes(f.slice("endpoint.cluster.changed.".length)));
      expect(unknown.length, unit).toBe(MAX_UNKNOWN_KEYS);
      expect(unknown, unit).toContain("endpoint.cluster.changed.egress-subnets");
      expect(h.flags(unit)).toContain("endpoint.cluster.changed");
      const warnings = h.logs(unit).filter((l) => l.message.includes("that its schema does not know"));
      expect(warnings.length, unit).toBe(1);
      expect(warnings[0]!.message).toContain("mysql/2");
      expect(warnings[0]!.message).not.toContain("v7999");
    }
    // Changing one untracked key is seen (as a change of the bag), and reported again.
    h.writeDatabag("mysql/2", rel, { "junk-7999": "other" });
    await h.settle();
    expect(h.logs("mysql/0").filter((l) => l.message.includes("that its schema does not know")).length).toBe(2);
  });

  it("drops the demo's per-peer flags when the peer goes", async () => {
    const { h } = await cluster(4);
    const perPeer = (unit: string) => h.flags(unit).filter((f) => f.startsWith("demo.cluster-user."));
    expect(perPeer("mysql/0")).toHaveLength(3);
    h.removeUnit("mysql/3");
    await h.settle();
    expect(perPeer("mysql/0")).toHaveLength(2);
    expect(perPeer("mysql/0")).not.toContain(`demo.cluster-user.${addressName("10.5.0.13")}`);
  });
});
