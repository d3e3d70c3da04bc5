/**
 * Typos in keys and flags do not compile. The `@ts-expect-error` lines below
 * are checked by the type-check test (test/typecheck.test.ts): if one of them
 * stopped being an error, tsc would report an unused directive.
 */
import { describe, expect, it } from "vitest";
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/index.js";
import { defineCharm } from "../../src/runtime/index.js";

const cluster = mysqlInnodbClusterPeers("cluster");
const charm = defineCharm({ endpoints: [cluster], flags: ["app.installed"] });

describe("the typed charm API", () => {
  it("accepts interface, automatic and declared flags", () => {
    charm.when(cluster.flags.connected).whenNot(cluster.flags.available).do(() => {});
    charm.when("endpoint.cluster.changed.unit-configure-ready", "app.installed").do(() => {});
    charm.whenAny("cluster.clustered", "endpoint.cluster.departed").do(() => {});
    expect(charm.handlers).toHaveLength(3);
  });

  it("rejects typos at compile time", () => {
    const compileOnly = () => {
      // @ts-expect-error: not a flag of this charm
      charm.when("cluster.clusterd");
      // @ts-expect-error: not a flag of this charm
      charm.setFlag("app.instaled");
      // @ts-expect-error: no such flag name on the endpoint
      void cluster.flags.avialable;
      for (const unit of cluster.allJoinedUnits) {
        // @ts-expect-error: no such key
        void unit.received.clusterAdress;
        // @ts-expect-error: presence takes TypeScript key names only
        unit.has("cluster-address");
        const clustered: boolean | undefined = unit.received.unitClustered;
        void clustered;
      }
      // @ts-expect-error: a boolean key takes a boolean
      cluster.publish({ unitClustered: "true" });
      // @ts-expect-error: three parameters
      cluster.setClusterConnectionInfo("10.0.0.1", "user");
    };
    expect(typeof compileOnly).toBe("function");
  });
});
