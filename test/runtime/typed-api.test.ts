/**
 * Typos in keys and flags do not compile. tsc (test/typecheck.test.ts) fails
 * if a `@ts-expect-error` line below stopped being an error; these tests
 * compile this file without the directives and check that each line fails for
 * the reason it claims (the misspelt name, the wrong type), not for any other.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/index.js";
import { mysqlClientProvider, mysqlClientRequirer } from "../../generated/mysql_client/index.js";
import { defineCharm } from "../../src/runtime/index.js";
import { expectedErrors, type ExpectedErrorLine } from "../support/expect-errors.js";

let compiled: { lines: ExpectedErrorLine[]; elsewhere: string[] } | undefined;
/** The errors of each `@ts-expect-error` line of this file (one compile, 2-12 s, shared by the tests). */
const errorsHere = () => (compiled ??= expectedErrors(fileURLToPath(import.meta.url)));

/** Each line (code, trimmed) has a directive, in this order, and tsc's error on it matches. */
function expectTypeErrors(expected: ReadonlyArray<readonly [string, RegExp]>): void {
  const { lines, elsewhere } = errorsHere();
  expect(elsewhere).toEqual([]);
  const codes = new Set(expected.map(([code]) => code));
  const mine = lines.filter((l) => codes.has(l.code));
  expect(mine.map((l) => l.code)).toEqual(expected.map(([code]) => code));
  mine.forEach((l, i) => expect(l.errors.join("\n"), `line ${l.line}: ${l.code}`).toMatch(expected[i]![1]));
}

const CHARM_TYPOS = [
  ['charm.when("cluster.clusterd");', /^Argument of type '"cluster\.clusterd"' is not assignable/],
  ['charm.setFlag("app.instaled");', /^Argument of type '"app\.instaled"' is not assignable/],
  ["void cluster.flags.avialable;", /^Property 'avialable' does not exist/],
  ["void unit.received.clusterAdress;", /^Property 'clusterAdress' does not exist/],
  ['unit.has("cluster-address");', /^Argument of type '"cluster-address"' is not assignable to parameter of type 'MysqlInnodbClusterPeersUnitKey'/],
  ['cluster.publish({ unitClustered: "true" });', /^Type 'string' is not assignable to type 'boolean \| null \| undefined'/],
  ['cluster.setClusterConnectionInfo("10.0.0.1", "user");', /^Expected 3(-\d)? arguments, but got 2/],
] as const;

const SIDE_TYPOS = [
  ["void relation.app.received.requestedSecrets;", /^Property 'requestedSecrets' does not exist on type 'Readonly<Partial<MysqlClientProviderApp>>'/],
  ['relation.publishApp({ databse: "webapp" });', /'databse' does not exist in type 'MysqlClientRequirerAppPublish'/],
  ['requirer.publishApp({ database: "webapp", requestedSecrets: "username" });', /^Type 'string' is not assignable to type 'string\[\]'/],
  ["relation.publishApp({ requestedSecrets: [] });", /'requestedSecrets' does not exist in type 'MysqlClientProviderAppPublish'/],
  ['client.when("endpoint.database.changed.endpionts");', /^Argument of type '"endpoint\.database\.changed\.endpionts"' is not assignable/],
  ['client.when("endpoint.database.changed.requested-secrets");', /^Argument of type '"endpoint\.database\.changed\.requested-secrets"' is not assignable/],
] as const;

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
    void compileOnly;
    expectTypeErrors(CHARM_TYPOS);
  }, 180_000);

  it("has no @ts-expect-error that these tests do not check", () => {
    expect(errorsHere().lines.map((l) => l.code)).toEqual([...CHARM_TYPOS, ...SIDE_TYPOS].map(([code]) => code));
  }, 180_000);
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
    // At run time the flag names are these:
    expect(requirer.flags).toEqual({ available: "database.available", connected: "database.connected" });
    expect(provider.flags).toEqual({ available: "db.available", connected: "db.connected" });
    expect([requirer.definition.role, provider.definition.role]).toEqual(["requirer", "provider"]);
    void compileOnly;
    expectTypeErrors(SIDE_TYPOS);
  }, 180_000);
});
