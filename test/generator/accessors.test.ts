/**
 * Generated setters, read views, validators and encoders of the
 * mysql-innodb-cluster bindings: wire bytes (spec T13 and section 3),
 * typed reading, and properties over open-ended input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeMysqlInnodbClusterPeersUnit as encodeUnit,
  MysqlInnodbClusterPeersEndpoint,
  readMysqlInnodbClusterPeersUnit as readUnit,
  validateMysqlInnodbClusterPeersUnit as validateUnit,
} from "../../generated/mysql-innodb-cluster/index.js";
import { completeBag, recordingPort } from "../support/peers.js";

describe("setters (spec T13 and the implied rules)", () => {
  it("T13: setClusterConnectionInfo writes the three keys JSON-encoded, quotes included", () => {
    const { bound, writes } = recordingPort();
    bound(new MysqlInnodbClusterPeersEndpoint("cluster")).setClusterConnectionInfo("10.10.10.10", "fakeuser", "fakepassword");
    expect(writes).toEqual([
      {
        relations: "first",
        scope: "unit",
        values: { "cluster-address": '"10.10.10.10"', "cluster-user": '"fakeuser"', "cluster-password": '"fakepassword"' },
      },
    ]);
  });
  it("writes the keys in the order of the original: address, user, password", () => {
    const { bound, writes } = recordingPort();
    bound(new MysqlInnodbClusterPeersEndpoint("cluster")).setClusterConnectionInfo("a", "b", "c");
    expect(Object.keys(writes[0]!.values)).toEqual(["cluster-address", "cluster-user", "cluster-password"]);
  });
  it("null publishes the string null (readers take it as unset); a value the schema refuses is refused, naming the key", () => {
    const { bound, writes } = recordingPort();
    const ep = bound(new MysqlInnodbClusterPeersEndpoint("cluster"));
    ep.setClusterConnectionInfo("10.0.0.1", "clusteruser", null);
    expect(writes[0]!.values).toEqual({ "cluster-address": '"10.0.0.1"', "cluster-user": '"clusteruser"', "cluster-password": "null" });
    expect(() => ep.setClusterConnectionInfo("10.0.0.1", "", "pw")).toThrow('cluster.setClusterConnectionInfo: "cluster-user" must NOT have fewer than 1 characters');
    expect(writes).toHaveLength(1);
  });
  it("non-ASCII values are escaped exactly as Python's json.dumps does", () => {
    const { bound, writes } = recordingPort();
    bound(new MysqlInnodbClusterPeersEndpoint("cluster")).setClusterConnectionInfo("fe80::1", "\u00e9l\u00e8ve", "p\u{1F600}");
    expect(writes[0]!.values).toEqual({
      "cluster-address": '"fe80::1"',
      "cluster-user": '"\\u00e9l\\u00e8ve"',
      "cluster-password": '"p\\ud83d\\ude00"',
    });
  });
  it("setUnitConfigureReady and setUnitClustered write JSON true", () => {
    const { bound, writes } = recordingPort();
    const ep = bound(new MysqlInnodbClusterPeersEndpoint("cluster"));
    ep.setUnitConfigureReady();
    ep.setUnitClustered();
    expect(writes.map((w) => w.values)).toEqual([{ "unit-configure-ready": "true" }, { "unit-clustered": "true" }]);
  });
  it("the clusterHost option overrides the published ingress address", () => {
    const { bound, overrides } = recordingPort();
    const ep = bound(new MysqlInnodbClusterPeersEndpoint("cluster"));
    ep.setClusterConnectionInfo("10.0.0.1", "u", "p");
    expect(overrides).toEqual([]);
    ep.setClusterConnectionInfo("10.0.0.1", "u", "p", { clusterHost: "db.example" });
    expect(overrides).toEqual(["db.example"]);
  });
  it("publish() writes any typed subset, raw keys verbatim", () => {
    const { bound, writes } = recordingPort();
    bound(new MysqlInnodbClusterPeersEndpoint("cluster")).publish({ unitClustered: false, ingressAddress: "10.1.1.1" });
    expect(writes[0]!.values).toEqual({ "unit-clustered": "false", "ingress-address": "10.1.1.1" });
  });
});

describe("read views", () => {
  it("decode the wire example of the spec into typed values", () => {
    const view = readUnit(completeBag());
    expect(view.received).toEqual({
      clusterAddress: "10.5.0.21",
      clusterUser: "clusteruser",
      clusterPassword: "s3cret",
      unitConfigureReady: true,
      unitClustered: true,
      ingressAddress: "10.5.0.21",
      privateAddress: "10.5.0.21",
    });
    expect(view.issues).toEqual([]);
    expect(view.has("unitClustered")).toBe(true);
  });
  it("leave invalid values out of `received`, report them, and still judge presence as Python does", () => {
    const view = readUnit({ "unit-clustered": '"false"', "cluster-address": "10.0.0.11" });
    expect(view.received).toEqual({});
    expect(view.has("unitClustered")).toBe(true);
    expect(view.has("clusterAddress")).toBe(true);
    expect(view.decoded("clusterAddress")).toBe("10.0.0.11");
    expect(view.decoded("unitClustered")).toBe("false");
    expect(view.issues.map((i) => [i.key, i.pointer])).toEqual([
      ["cluster-address", "/cluster-address"],
      ["unit-clustered", "/unit-clustered"],
    ]);
  });
  it("expose Juju's own keys raw", () => {
    expect(readUnit({ "egress-subnets": "10.5.0.21/32" }).raw["egress-subnets"]).toBe("10.5.0.21/32");
  });
  it("survive a 1 MiB value and prototype-named keys, in the bag and inside a decoded value", () => {
    const big = '"' + "x".repeat(1 << 20) + '"';
    const bag = JSON.parse(
      `{"__proto__": "1", "constructor": "2", "cluster-user": ${JSON.stringify(big)}, "cluster-address": ${JSON.stringify('{"__proto__": {"polluted": "yes"}}')}}`,
    ) as Record<string, string>;
    const view = readUnit(bag);
    expect(view.received.clusterUser).toHaveLength(1 << 20);
    // A decoded "__proto__" is an own key holding the data; it never becomes the value's prototype.
    const address = view.decoded("clusterAddress") as Record<string, unknown>;
    expect(Object.keys(address)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(address, "__proto__")?.value).toEqual({ polluted: "yes" });
    expect(Object.getPrototypeOf(address)).toBe(Object.prototype);
    expect(address["polluted"]).toBeUndefined();
    // An object is not an address: reported, and left out of `received`.
    expect(view.issues.map((i) => i.key)).toContain("cluster-address");
    expect(view.received.clusterAddress).toBeUndefined();
  });
  it("issues never carry the value (it may be a secret)", () => {
    const secret = "Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5";
    const issues = validateUnit({ "cluster-password": secret, "cluster-user": `{"p": "${secret}"}` });
    expect(issues.length).toBe(2);
    expect(JSON.stringify(issues)).not.toContain(secret);
  });
});

const unitValues = fc.record(
  {
    clusterAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain()),
    clusterUser: fc.string({ minLength: 1, unit: "binary" }),
    clusterPassword: fc.string({ minLength: 1, unit: "binary-ascii" }),
    unitConfigureReady: fc.boolean(),
    unitClustered: fc.boolean(),
    ingressAddress: fc.string({ minLength: 1 }),
    privateAddress: fc.string({ minLength: 1 }),
  },
  { requiredKeys: [] },
);

describe("properties", () => {
  it("decode(encode(x)) equals x for every value the schema allows", () => {
    fc.assert(
      fc.property(unitValues, (values) => {
        const view = readUnit(encodeUnit(values));
        expect(view.issues).toEqual([]);
        expect(view.received).toEqual(values);
      }),
      { numRuns: 1000 },
    );
  });
  it("validators never throw, whatever the bag holds", () => {
    const keys = ["cluster-address", "cluster-user", "cluster-password", "unit-clustered", "unit-configure-ready", "ingress-address", "__proto__", "constructor"];
    const value = fc.oneof(fc.string({ unit: "binary" }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"));
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), value), (bag) => {
        const issues = validateUnit(bag);
        expect(Array.isArray(issues)).toBe(true);
        for (const issue of issues) expect(issue.pointer.startsWith("/" + issue.key.replace(/~/g, "~0").replace(/\//g, "~1"))).toBe(true);
        readUnit(bag);
      }),
      { numRuns: 1500 },
    );
  });
});
