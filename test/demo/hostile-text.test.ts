/**
 * Data from another application never wedges a unit (issue 17). The demo
 * charms show values from the other side: the cluster logs the database a
 * client asked for, the client's status names the server's endpoints. A
 * client that asks for a database whose name holds a NUL, or a server that
 * publishes a NUL or 200 KB of endpoints (which the schema allows), once
 * failed every hook of the honest unit: the text reached `juju-log` and
 * `status-set` argv, which a process launch refuses. Now a log line and a
 * status are escaped and bounded before they reach any tool, and the harness
 * refuses what a launch refuses, so both drivers show the same: the honest
 * units settle with no failed hook. This is the harness; the same attacks
 * with real hook processes, among others, are test/demo/evil-apps.test.ts.
 */
import { describe, expect, it } from "vitest";
import { defineCharm, type RunHookOptions } from "../../src/runtime/index.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Harness } from "../../src/testing/harness.js";
import { exampleMetadata, inProcess } from "./support.js";

/** A charm that does nothing: the hostile side only publishes what a test writes for it. */
const idle = defineCharm({ endpoints: [] });

type Engine = JujuEngine<unknown>;

const HOSTILE_DATABASE = "a=b\nc\0d";

/** What a clustered peer publishes. */
const peer = (address: string) => ({
  "cluster-address": JSON.stringify(address),
  "cluster-user": '"clusteruser"',
  "cluster-password": '"Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5"',
  "unit-configure-ready": "true",
  "unit-clustered": "true",
});

/** A server's answer to webapp, with these endpoints. */
const answer = (endpoints: string) => ({ database: "webapp", username: "relation-0", password: "Zq8kL2mN4pR6sT9v", endpoints });

/**
 * The world of both wedges, in one model: the mysql leader runs the demo
 * charm, its two peers run no code (their bags are written here: three charm
 * processes would take long to cluster), and so does "client", which asks
 * mysql for a database named with a newline and a NUL; webapp runs the demo
 * charm against "server", which runs no code and publishes endpoints with a
 * NUL.
 */
function deploy(e: Engine, charms: { mysql: unknown; webapp: unknown; idleMysql: unknown; idleWebapp: unknown }): { toMysql: number; toServer: number } {
  e.addApplication("mysql", charms.mysql, 1);
  e.addUnits("mysql", 2, { charm: charms.idleMysql });
  e.addApplication("webapp", charms.webapp, 1);
  e.addApplication("client", charms.idleWebapp, 1);
  e.addApplication("server", charms.idleMysql, 1);
  e.writeDatabag("mysql/1", "cluster", peer("10.5.0.11"));
  e.writeDatabag("mysql/2", "cluster", peer("10.5.0.12"));
  const toMysql = e.relate("client:database", "mysql:database");
  const toServer = e.relate("webapp:database", "server:database");
  e.writeDatabag("client", toMysql, { database: HOSTILE_DATABASE, "requested-secrets": '["username","password"]' });
  e.writeDatabag("server", toServer, answer("10.5.0.10\0:3306"));
  return { toMysql, toServer };
}

async function harness(): Promise<Engine> {
  const h = new Harness({ seed: 17 });
  const idleOf = (name: "mysql-innodb-cluster" | "webapp") => ({ metadata: exampleMetadata(name), run: (o: RunHookOptions) => idle.run(o) });
  return Object.assign(h as Engine, deploy(h as Engine, { ...inProcess, idleMysql: idleOf("mysql-innodb-cluster"), idleWebapp: idleOf("webapp") }));
}

describe("hostile text from another application (harness)", () => {
  it("a NUL, a newline or 200 KB in what the other side publishes: the honest units show it escaped and bounded, and no hook fails", async () => {
    const e = (await harness()) as Engine & { toMysql: number; toServer: number };
    await e.settle();
    expect(e.failures()).toEqual([]);
    expect(e.hooks.filter((r) => !r.ok)).toEqual([]);

    // The cluster served the client, and logged the name it asked for, escaped.
    expect(e.status("mysql/0")).toEqual({ state: "active", message: "Unit is ready and clustered" });
    expect(e.appDatabag("mysql", e.toMysql)["database"]).toBe(HOSTILE_DATABASE);
    const created = e.logs("mysql/0").filter((l) => l.message.includes("created database"));
    // (juju-log prefixes a relation hook's lines with its relation.)
    expect(created.map((l) => l.message.replace(/^[a-z-]+:\d+: /, ""))).toEqual([`created database a=b\\nc\\0d and user relation-${e.toMysql} for client (pretend)`]);

    // The client shows the endpoints, escaped.
    expect(e.status("webapp/0")).toEqual({ state: "active", message: "Connected to 10.5.0.10\\0:3306" });

    // 200 KB of endpoints (the schema allows them): shown cut to 1 KiB, saying how long they were.
    e.writeDatabag("server", e.toServer, { endpoints: `${"h".repeat(200_000)}:3306` });
    await e.settle();
    expect(e.failures()).toEqual([]);
    expect(e.hooks.filter((r) => !r.ok)).toEqual([]);
    const { state, message } = e.status("webapp/0");
    expect(state).toBe("active");
    expect(message).toMatch(/^Connected to h+… \(200018 bytes\)$/);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(1024);
  });
});
