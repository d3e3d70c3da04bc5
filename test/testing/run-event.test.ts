/**
 * State-in/state-out (`runEvent` from relgen/testing) on the demo's two
 * charms: one test per relation event kind, each from a typed state with no
 * history, asserting on the state after the one hook.
 */
import { describe, expect, it } from "vitest";
import { charm as webapp, database } from "../../examples/webapp/src/charm.js";
import { charm as mysql, cluster, database as served } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { configChanged, relation, relationBroken, relationChanged, relationCreated, relationDeparted, relationJoined, runEvent } from "../../src/testing/index.js";

const PASSWORD = /^[A-Za-z0-9]{32}$/;
const ASKED = { database: "webapp", "requested-secrets": '["username", "password"]' };

describe("runEvent on the web application (mysql_client requirer)", () => {
  it("relation-created: nothing to ask yet (no unit of the server has joined), waiting", async () => {
    const db = relation(database, { remoteApp: "mysql" });
    const out = await runEvent(webapp, { event: relationCreated(db), state: { leader: true, relations: [db] }, app: "webapp" });
    expect(out.ok).toBe(true);
    expect(out.relation(db).localAppRaw).toEqual({});
    expect(out.status).toEqual({ state: "waiting", message: "waiting for mysql to create the database" });
    expect(out.flags).not.toContain("database.connected");
  });

  it("relation-joined: the leader asks for its database, typed and on the wire", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["mysql/0"] });
    const out = await runEvent(webapp, { event: relationJoined(db, { remoteUnit: "mysql/0" }), state: { leader: true, relations: [db] }, app: "webapp" });
    expect(out.relation(db).localApp).toEqual({ database: "webapp", requestedSecrets: ["username", "password"] });
    expect(out.relation(db).localAppRaw).toEqual(ASKED);
    expect(out.flags).toContain("database.connected");
    expect(out.toolCalls.filter((c) => c.tool === "relation-set").map((c) => c.argv)).toEqual([["-r", `database:${out.relation(db).id}`, "--app", "--file", "-"]]);
  });

  it("relation-joined as a non-leader: asks nothing", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["mysql/0"] });
    const out = await runEvent(webapp, { event: relationJoined(db, { remoteUnit: "mysql/0" }), state: { relations: [db] }, app: "webapp" });
    expect(out.relation(db).localAppRaw).toEqual({});
    expect(out.toolCalls.map((c) => c.tool)).not.toContain("relation-set");
  });

  it("relation-changed (the server's application bag): active with the answer, its credentials read from the server's secret", async () => {
    const db = relation(database, {
      remoteApp: "mysql",
      remoteUnits: ["mysql/0", "mysql/1"],
      localApp: { database: "webapp", requestedSecrets: ["username", "password"] },
      remoteAppData: { database: "webapp", endpoints: "10.5.0.10:3306,10.5.0.11:3306", secretUser: "secret:placeholder" },
    });
    // The secret's URI is only known once the model has it: give the answer's key as wire text naming it by label.
    const out0 = await runEvent(webapp, {
      event: relationChanged(db),
      state: { leader: true, relations: [db], secrets: [{ owner: "mysql", label: "user", content: { username: "relation-0", password: "p".repeat(32) }, grantedTo: ["webapp"] }] },
      app: "webapp",
    });
    const uri = out0.secrets[0]!.uri;
    const answered = relation(database, { ...db, raw: { remoteApp: { "secret-user": uri } } });
    const out = await runEvent(webapp, {
      event: relationChanged(answered),
      state: { leader: true, relations: [answered], secrets: [{ owner: "mysql", label: "user", content: { username: "relation-0", password: "p".repeat(32) }, grantedTo: ["webapp"] }] },
      app: "webapp",
    });
    expect(out.status).toEqual({ state: "active", message: "Connected to 10.5.0.10:3306,10.5.0.11:3306" });
    expect(out.flags).toEqual(expect.arrayContaining(["database.available", "database.connected"]));
    expect(out.relation(answered).localAppRaw).toEqual(ASKED); // unchanged: not written again
    expect(out.toolCalls.map((c) => c.tool)).toContain("secret-get");
  });

  it("relation-changed with an answer the schema rejects: waiting, naming the key", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["mysql/0"], raw: { remoteApp: { database: "webapp", endpoints: "not an endpoint list!" } } });
    const out = await runEvent(webapp, { event: relationChanged(db, { remoteUnit: "mysql/0" }), state: { leader: true, relations: [db] }, app: "webapp" });
    expect(out.status.state).toBe("waiting");
    expect(out.status.message).toMatch(/^the database's answer is not valid: endpoints /);
    expect(out.flags).not.toContain("database.available");
  });

  it("relation-departed: the last server unit leaves, the relation stays: waiting, not connected", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["mysql/0"], remoteAppData: { database: "webapp", endpoints: "10.5.0.10:3306" } });
    const out = await runEvent(webapp, { event: relationDeparted(db, { remoteUnit: "mysql/0" }), state: { leader: true, relations: [db] }, app: "webapp" });
    expect(out.ok).toBe(true);
    expect(out.flags).not.toContain("database.connected");
  });

  it("relation-broken: no relation left, blocked, saying what to do", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["mysql/0"] });
    const out = await runEvent(webapp, { event: relationBroken(db), state: { leader: true, relations: [db] }, app: "webapp" });
    expect(out.status).toEqual({ state: "blocked", message: "needs a database: juju integrate webapp:database <mysql>:database" });
  });
});

describe("the state is typed by the charm's endpoints", () => {
  it("refuses, at compile time, a key the interface does not have or a value of the wrong type", () => {
    // @ts-expect-error: the provider's answer has no key `databse`
    relation(database, { remoteAppData: { databse: "webapp" } });
    // @ts-expect-error: the requirer asks for its secrets as a list
    relation(database, { localApp: { requestedSecrets: "username" } });
    // @ts-expect-error: a peer's unit bag has no `clusterPasword`
    relation(cluster, { remoteUnits: { "mysql/1": { clusterPasword: "x" } } });
    expect(relation(database, { remoteAppData: { database: "webapp" } }).remoteAppData).toEqual({ database: "webapp" });
  });

  it("says which relation, unit or bag a state gets wrong", async () => {
    const db = relation(database, { remoteApp: "mysql", remoteUnits: ["webapp/3"] });
    await expect(runEvent(webapp, { event: relationJoined(db, { remoteUnit: "webapp/3" }), state: { relations: [db] }, app: "webapp" })).rejects.toThrow("runEvent: webapp/3 is not a unit of mysql (database)");
    const other = relation(served, { remoteApp: "webapp" });
    await expect(runEvent(webapp, { event: relationCreated(other), state: { relations: [other] }, app: "webapp" })).rejects.toThrow("runEvent: the relation's endpoint database is not one of the charm's (defineCharm({ endpoints }))");
  });
});

describe("runEvent on the cluster (peers and mysql_client provider)", () => {
  it("cluster-relation-joined as leader: publishes a fresh cluster password in the peer application bag, and its connection info", async () => {
    const peers = relation(cluster, { remoteUnits: ["mysql/1"] });
    const out = await runEvent(mysql, { event: relationJoined(peers, { remoteUnit: "mysql/1" }), state: { leader: true, relations: [peers] }, app: "mysql" });
    const bags = out.relation(peers);
    expect(bags.localApp.clusterPassword).toMatch(PASSWORD);
    expect(bags.localUnit).toMatchObject({ clusterAddress: "10.5.0.10", clusterUser: "clusteruser", clusterPassword: bags.localApp.clusterPassword });
    expect(out.status).toEqual({ state: "waiting", message: "'cluster' incomplete" });
  });

  it("cluster-relation-changed as a non-leader, with the leader's password: publishes its connection info with that password", async () => {
    const password = "A".repeat(32);
    const peers = relation(cluster, { remoteUnits: ["mysql/1"], localApp: { clusterPassword: password } });
    const out = await runEvent(mysql, { event: relationChanged(peers, { remoteUnit: "mysql/1" }), state: { relations: [peers] }, app: "mysql" });
    expect(out.relation(peers).localUnit).toMatchObject({ clusterPassword: password, clusterUser: "clusteruser" });
    expect(out.relation(peers).localApp).toEqual({ clusterPassword: password }); // read, not written
    expect(out.relation(peers).localAppRaw).toEqual({ "cluster-password": password }); // the typed state encoded as the runtime encodes it: a raw key, as is
  });

  it("config-changed with no peer joined: blocked, cluster missing", async () => {
    const out = await runEvent(mysql, { event: configChanged(), state: { leader: true }, app: "mysql" });
    expect(out.status).toEqual({ state: "blocked", message: "'cluster' missing" });
    expect(out.relation).toBeTypeOf("function");
  });

  it("cluster-relation-departed: the peer that leaves is no longer listed, and the unit keeps its own connection info", async () => {
    const password = "B".repeat(32);
    const peers = relation(cluster, {
      remoteUnits: { "mysql/1": { clusterAddress: "10.5.0.11", clusterUser: "clusteruser", clusterPassword: password } },
      localApp: { clusterPassword: password },
      localUnit: { clusterAddress: "10.5.0.10", clusterUser: "clusteruser", clusterPassword: password },
    });
    const out = await runEvent(mysql, { event: relationDeparted(peers, { remoteUnit: "mysql/1" }), state: { relations: [peers] }, app: "mysql" });
    expect(out.ok).toBe(true);
    expect(out.relation(peers).localUnit).toMatchObject({ clusterAddress: "10.5.0.10", clusterPassword: password });
    expect(out.toolCalls.filter((c) => c.tool === "relation-list").length).toBeGreaterThan(0);
    expect(out.flags).not.toContain("cluster.available"); // no peer left to be complete with
  });

  it("database-relation-broken: the relation is gone, nothing is answered on it", async () => {
    const db = relation(served, { remoteApp: "webapp", remoteUnits: ["webapp/0"], remoteAppData: { database: "webapp" } });
    const out = await runEvent(mysql, { event: relationBroken(db), state: { leader: true, relations: [db] }, app: "mysql" });
    expect(out.ok).toBe(true);
    expect(out.relation(db).localAppRaw).toEqual({});
    expect(out.flags).not.toContain("database.connected");
  });

  it("database-relation-created on the provider: nothing is served before the cluster forms", async () => {
    const db = relation(served, { remoteApp: "webapp", remoteUnits: ["webapp/0"], remoteAppData: { database: "webapp" } });
    const out = await runEvent(mysql, { event: relationCreated(db), state: { leader: true, relations: [db] }, app: "mysql" });
    expect(out.relation(db).localAppRaw).toEqual({});
  });
});
