/**
 * The generated flag computers against the behaviour of the original
 * interface (spec sections 2 and 4: T7-T12 and the implied rules), and
 * against a plain reference implementation on random snapshots.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  computeMysqlInnodbClusterPeersFlags as compute,
  mysqlInnodbClusterPeersFlagNames,
} from "../../generated/mysql-innodb-cluster/index.js";
import { completeBag, peers } from "../support/peers.js";

const without = (key: string) => {
  const bag = completeBag();
  delete bag[key];
  return bag;
};

describe("available (spec T7-T9)", () => {
  it("T7: three peers with every value missing are not available", () => {
    expect(compute(peers({}, {}, {})).available).toBe(false);
  });
  it("T8: two complete peers and a third without cluster-user are not available", () => {
    expect(compute(peers(completeBag(), completeBag(), without("cluster-user"))).available).toBe(false);
  });
  it("T9: three complete peers sharing one address are available (no uniqueness check)", () => {
    expect(compute(peers(completeBag(), completeBag(), completeBag())).available).toBe(true);
  });
  it("each of address, user and password is required", () => {
    for (const key of ["cluster-address", "cluster-user", "cluster-password"]) {
      expect(compute(peers(completeBag(), without(key))).available).toBe(false);
    }
  });
});

describe("clustered (spec T10-T12)", () => {
  it("T10: no peer has unit-clustered", () => {
    expect(compute(peers(without("unit-clustered"), without("unit-clustered"), without("unit-clustered"))).clustered).toBe(false);
  });
  it("T11: two peers clustered, one missing", () => {
    expect(compute(peers(completeBag(), completeBag(), without("unit-clustered"))).clustered).toBe(false);
  });
  it("T12: all peers clustered with no address, user or password at all", () => {
    const only = { "unit-clustered": "true" };
    const flags = compute(peers(only, only, only));
    expect(flags.clustered).toBe(true);
    expect(flags.available).toBe(false);
  });
});

describe("implied rules", () => {
  it("fewer than 2 joined peers never gives available or clustered (1- and 2-unit applications)", () => {
    expect(compute(peers())).toEqual({ connected: false, available: false, clustered: false });
    expect(compute(peers(completeBag()))).toEqual({ connected: true, available: false, clustered: false });
  });
  it("the threshold is minimumUnits - 1 = 2 peers", () => {
    expect(compute(peers(completeBag(), completeBag()))).toEqual({ connected: true, available: true, clustered: true });
  });
  it("connected needs only one joined peer, whatever its data", () => {
    expect(compute(peers({})).connected).toBe(true);
  });
  it("presence follows Python truthiness of the decoded value", () => {
    const missing = ["", "null", "false", "0", "0.0", '""', "[]", "{}", "-0"];
    for (const value of missing) {
      expect(compute(peers(completeBag({ "unit-clustered": value }), completeBag())).clustered, value).toBe(false);
    }
    const present = ["true", '"false"', "1", "[0]", '{"a": null}', "NaN", "yes", " ", "10.0.0.11"];
    for (const value of present) {
      expect(compute(peers(completeBag({ "unit-clustered": value }), completeBag())).clustered, value).toBe(true);
    }
  });
  it("a raw (non-JSON) address counts as present, and so does a JSON number", () => {
    expect(compute(peers(completeBag({ "cluster-address": "10.0.0.11" }), completeBag({ "cluster-address": "42" }))).available).toBe(true);
  });
  it("None and \"\" published by a setter read as missing", () => {
    expect(compute(peers(completeBag({ "cluster-password": "null" }), completeBag())).available).toBe(false);
    expect(compute(peers(completeBag({ "cluster-password": '""' }), completeBag())).available).toBe(false);
  });
  it("keys named like Object.prototype members are plain missing keys", () => {
    const bag = JSON.parse('{"__proto__": "true", "constructor": "true"}') as Record<string, string>;
    expect(compute(peers(bag, bag))).toEqual({ connected: true, available: false, clustered: false });
  });
});

describe("flag names are typed from the endpoint name", () => {
  it("builds <endpoint>.<flag>", () => {
    const names = mysqlInnodbClusterPeersFlagNames("cluster");
    const connected: "cluster.connected" = names.connected;
    expect(connected).toBe("cluster.connected");
    expect(names).toEqual({ available: "cluster.available", clustered: "cluster.clustered", connected: "cluster.connected" });
  });
});

/** The rules of the spec, written out by hand in the plainest way. */
function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
function referencePresent(bag: Record<string, string>, key: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(bag, key)) return false;
  const raw = bag[key]!;
  if (raw === "") return false;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return pyTruthy(value);
}
function reference(bags: Record<string, string>[]) {
  const all = (keys: string[]) => bags.every((b) => keys.every((k) => referencePresent(b, k)));
  return {
    connected: bags.length >= 1,
    available: bags.length >= 2 && all(["cluster-address", "cluster-user", "cluster-password"]),
    clustered: bags.length >= 2 && all(["unit-clustered"]),
  };
}

describe("property: the generated computer equals the reference on random snapshots", () => {
  const value = fc.oneof(
    fc.constantFrom("", "null", "true", "false", "0", "1", '""', '"x"', "[]", "{}", "[1]", '{"a":1}', "10.0.0.1", '"10.0.0.1"', "0.0", "-0", "1e-400"),
    fc.string(),
    fc.json(),
  );
  const keys = ["cluster-address", "cluster-user", "cluster-password", "unit-clustered", "unit-configure-ready", "egress-subnets"];
  const bag = fc.dictionary(fc.constantFrom(...keys), value);
  it("holds for 0-6 peers", () => {
    fc.assert(
      fc.property(fc.array(bag, { maxLength: 6 }), (bags) => {
        expect(compute(peers(...bags))).toEqual(reference(bags));
      }),
      { numRuns: 2000 },
    );
  });
});
