/**
 * Typos in keys and flags do not compile. The `@ts-expect-error` lines below
 * are checked by the type-check test (test/typecheck.test.ts): if one of them
 * stopped being an error, tsc would report an unused directive.
 */
import { describe, expect, it } from "vitest";
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/index.js";
import { mysqlClientProvider, mysqlClientRequirer } from "../../generated/mysql_client/index.js";
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

describe("both sides of mysql_client", () => {
  const requirer = mysqlClientRequirer("database");
  const provider = mysqlClientProvider("db");
  const client = defineCharm({ endpoints: [requirer] });
  const server = defineCharm({ endpoints: [provider] });

  it("type what each side reads (the other side's schema) and writes (its own)", () => {
    const compileOnly = () => {
      for (const relation of requirer.relations) {
        const endpoints: string | undefined = relation.app.received.endpoints; // the provider's app bag
        void endpoints;
        // @ts-expect-error: the requirer reads the provider's keys, not its own
        void relation.app.received.requestedSecrets;
        relation.publishApp({ database: "webapp", requestedSecrets: ["username"] });
        // @ts-expect-error: a typo in a key the requirer writes
        relation.publishApp({ databse: "webapp" });
        // @ts-expect-error: requested-secrets is a list of strings
        requirer.publishApp({ database: "webapp", requestedSecrets: "username" });
      }
      for (const relation of provider.relations) {
        const asked: string | undefined = relation.app.received.database; // the requirer's app bag
        void asked;
        // @ts-expect-error: the provider writes its own keys
        relation.publishApp({ requestedSecrets: [] });
        relation.publishApp({ database: "webapp", username: "u", password: "p", endpoints: "10.0.0.1:3306" });
      }
      // changed.<key> is typed with the keys the other side can send
      client.when("endpoint.database.changed.endpoints", requirer.flags.available).do(() => {});
      server.when("endpoint.db.changed.requested-secrets").do(() => {});
      // @ts-expect-error: the provider sends no such key
      client.when("endpoint.database.changed.endpionts");
      // @ts-expect-error: requested-secrets is sent by the requirer, not to it
      client.when("endpoint.database.changed.requested-secrets");
    };
    // The compile-time checks above are enforced by test/typecheck.test.ts; at run time the names are these:
    expect(requirer.flags).toEqual({ available: "database.available", connected: "database.connected" });
    expect(provider.flags).toEqual({ available: "db.available", connected: "db.connected" });
    expect([requirer.definition.role, provider.definition.role]).toEqual(["requirer", "provider"]);
    void compileOnly;
  });
});
