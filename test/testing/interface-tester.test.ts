/**
 * The property-based interface tester (`testInterface` from relgen/testing)
 * on the demo's two charms, each endpoint against the other side's schema,
 * and on a charm with a planted bug, which it finds and shrinks to a
 * state-in case. Bounded here; `npm run fuzz` runs it longer.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { charm as webapp, database } from "../../examples/webapp/src/charm.js";
import { charm as mysql, cluster, database as served } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { mysqlClientRequirer } from "../../generated/mysql_client/index.js";
import { defineCharm, type Hook } from "../../src/runtime/index.js";
import { InterfaceTestFailure, testInterface } from "../../src/testing/index.js";

const SCHEMA = join(import.meta.dirname, "..", "..", "schema");
const RUNS = Math.max(30, Math.round(Number(process.env["RELGEN_FUZZ_RUNS"] ?? 60) / 2));

describe("testInterface on the demo charms", () => {
  it("the web application's database endpoint holds against every answer the provider's schema allows, and against bad ones", async () => {
    const report = await testInterface({ charm: webapp, endpoint: database, remoteSchema: join(SCHEMA, "mysql_client/v0/provider.json"), app: "webapp", runs: RUNS });
    expect(report.cases["valid"]).toBeGreaterThan(0);
    expect((report.cases["invalid"] ?? 0) + (report.cases["missing"] ?? 0) + (report.cases["hostile"] ?? 0)).toBeGreaterThan(0);
  }, 120_000);

  it("the cluster's peer endpoint holds against every peer its schema allows", async () => {
    const report = await testInterface({ charm: mysql, endpoint: cluster, remoteSchema: join(SCHEMA, "mysql-innodb-cluster/v0/peers.json"), app: "mysql", runs: RUNS });
    expect(report.runs).toBe(RUNS);
  }, 120_000);

  it("the cluster's database endpoint holds against every request the requirer's schema allows", async () => {
    const report = await testInterface({ charm: mysql, endpoint: served, remoteSchema: join(SCHEMA, "mysql_client/v0/requirer.json"), app: "mysql", runs: RUNS });
    expect(report.runs).toBe(RUNS);
  }, 120_000);

  it("is the same run under the same seed", async () => {
    const once = await testInterface({ charm: webapp, endpoint: database, remoteSchema: join(SCHEMA, "mysql_client/v0/provider.json"), runs: 15, seed: 7 });
    const again = await testInterface({ charm: webapp, endpoint: database, remoteSchema: join(SCHEMA, "mysql_client/v0/provider.json"), runs: 15, seed: 7 });
    expect(again).toEqual(once);
  });
});

describe("testInterface finds a planted bug", () => {
  it("a requirer that publishes an invalid value when the answer's database is empty: shrunk to a state-in case", async () => {
    const db = mysqlClientRequirer("database");
    const buggy = defineCharm({ endpoints: [db] });
    buggy.when(db.flags.connected).do(async function ask(hook: Hook) {
      if (!(await hook.isLeader())) return;
      const answer = db.relations[0]?.app.received;
      // The bug: an answer without a database makes it publish an empty one, which its own schema refuses.
      db.publishApp({ database: answer?.database ? "webapp" : "" });
    });
    const failure = await testInterface({ charm: buggy, endpoint: db, remoteSchema: join(SCHEMA, "mysql_client/v0/provider.json"), app: "webapp", runs: 60 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InterfaceTestFailure);
    const message = (failure as Error).message;
    expect(message).toMatch(/^database: the hook failed: database-relation-\w+ failed: handler ask failed: database\.publishApp: "database" must NOT have fewer than 1 characters/);
    expect(message).toContain("the smallest case, as a state-in test:");
    expect(message).toContain("state: { leader: true, relations: [rel] }");
    expect(message).toMatch(/event: relation(Joined|Changed|Departed)\(rel/); // a remote unit has joined: connected
    // Shrunk to an answer with no database (and what the schema requires besides, if anything).
    const answer = JSON.parse(/raw: \{ remoteApp: (\{[^}]*\})/.exec(message)![1]!) as Record<string, string>;
    expect(answer["database"]).toBeUndefined();
    expect(Object.keys(answer).length).toBeLessThanOrEqual(1);
  }, 120_000);
});
