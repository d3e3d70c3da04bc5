/**
 * The read cache (src/runtime/read-cache.ts): a hook reads what Juju says
 * changed, not every bag. Its tool calls do not grow with the peers or the
 * relations; secrets are never at rest in the unit state; a bag past the
 * bounds is not kept; `RELGEN_READ=all`, a bad cache or a change of
 * leadership read everything. That the cache changes no outcome is proved
 * by the explorer in test/juju/read-cache-proof.test.ts.
 */
import { describe, expect, it } from "vitest";
import { charm as mysqlCharm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { charm as webappCharm } from "../../examples/webapp/src/charm.js";
import { Charm } from "../../src/runtime/index.js";
import { Harness, type HarnessRecord } from "../../src/testing/harness.js";
import { exampleMetadata } from "../demo/support.js";
import { cluster, complete, peerWorld, publish } from "../support/peer-world.js";

const MYSQL = { metadata: exampleMetadata("mysql-innodb-cluster"), run: (o: Parameters<typeof mysqlCharm.run>[0]) => mysqlCharm.run(o) };
const WEBAPP = { metadata: exampleMetadata("webapp"), run: (o: Parameters<typeof webappCharm.run>[0]) => webappCharm.run(o) };

const gets = (r: HarnessRecord): string[] => r.trace.filter((c) => c.tool === "relation-get").map((c) => c.argv.join(" "));

/** A demo cluster of `n` units, settled; then one more unit. The tool calls of the peer hooks the first units ran for it. */
async function peerHookCalls(n: number, env?: Record<string, string>): Promise<{ calls: number; gets: number; hooks: number }> {
  const h = new Harness({ seed: 7, ...(env ? { env } : {}) });
  h.addApplication("mysql", MYSQL, n);
  await h.settle();
  const records: HarnessRecord[] = [];
  h.onHook((r) => records.push(r as HarnessRecord));
  h.addUnits("mysql", 1);
  await h.settle();
  const peer = records.filter((r) => r.unit !== `mysql/${n}` && r.hook.startsWith("cluster-relation-"));
  const sum = (f: (r: HarnessRecord) => number): number => peer.reduce((a, r) => a + f(r), 0);
  return { calls: sum((r) => r.trace.length) / peer.length, gets: sum((r) => gets(r).length) / peer.length, hooks: peer.length };
}

describe("a hook's tool calls", () => {
  it("in a peer hook do not grow with the peers: 16 units cost what 4 cost, where reading everything grows", async () => {
    const [four, sixteen] = [await peerHookCalls(4), await peerHookCalls(16)];
    const [allFour, allSixteen] = [await peerHookCalls(4, { RELGEN_READ: "all" }), await peerHookCalls(16, { RELGEN_READ: "all" })];
    console.log(`read cache: calls per peer hook ${four.calls.toFixed(1)} at 4 units, ${sixteen.calls.toFixed(1)} at 16; reading everything ${allFour.calls.toFixed(1)} and ${allSixteen.calls.toFixed(1)}`);
    expect(sixteen.hooks).toBeGreaterThan(four.hooks);
    expect(sixteen.calls).toBeLessThanOrEqual(four.calls * 1.1);
    expect(sixteen.gets).toBeLessThanOrEqual(four.gets * 1.1);
    expect(allSixteen.gets).toBeGreaterThan(allFour.gets + 10);
  }, 120_000);

  it("in a provider's remote-application -changed do not grow with the related applications: 4 of the runtime's, 3 of the demo's handlers", async () => {
    const costs: number[] = [];
    for (const clients of [3, 12]) {
      const h = new Harness({ seed: 3 });
      h.addApplication("mysql", MYSQL, 3);
      await h.settle();
      const rels: number[] = [];
      for (let i = 0; i < clients; i++) {
        h.addApplication(`app${i}`, WEBAPP, 1);
        rels.push(Number(h.relate(`app${i}:database`, "mysql:database")));
      }
      await h.settle();
      const leader = h.leader("mysql")!;
      await h.deliver({ unit: leader, hook: "update-status" }); // reads again the own bags its last hook wrote
      const records: HarnessRecord[] = [];
      h.onHook((r) => records.push(r as HarnessRecord));
      h.writeDatabag("app1", rels[1]!, { "extra-user-roles": "admin" });
      await h.settle();
      const hook = records.find((r) => r.unit === leader && r.hook === "database-relation-changed" && r.remoteUnit === "")!;
      expect(hook, `the leader's -changed for app1 with ${clients} clients`).toBeDefined();
      expect(hook.ok).toBe(true);
      const bags = gets(hook).filter((g) => g.includes("database:"));
      // The changed application's bag; and this application's own bag where its last hook wrote it (read again once).
      expect(bags.filter((g) => !g.endsWith(" - mysql")), "only the changed application's bag").toEqual([`--format=json -r database:${rels[1]} --app - app1`]);
      expect(bags.filter((g) => g.endsWith(" - mysql"))).toEqual([]);
      costs.push(hook.trace.length);
    }
    console.log(`read cache: a remote-application -changed costs ${costs.join(" and ")} tool calls with 3 and 12 related applications`);
    expect(costs[1]).toBe(costs[0]);
    // The runtime's: is-leader, relation-ids of each of the two endpoints, the changed bag. The demo's handlers':
    // the peer application bag (they want the cluster password), network-get, leader-get.
    expect(costs[1]).toBeLessThanOrEqual(7);
  }, 120_000);

  it("read every bag with RELGEN_READ=all, in the harness's env or the process's", async () => {
    for (const where of ["harness", "process"] as const) {
      const h = await peerWorld(4, where === "harness" ? { env: { RELGEN_READ: "all" } } : { env: {} });
      const before = process.env.RELGEN_READ;
      if (where === "process") process.env.RELGEN_READ = "all";
      try {
        const r = await h.deliver({ unit: "mysql/0", hook: "update-status" });
        expect(gets(r).filter((g) => / - mysql\/\d$/.test(g)).length, where).toBe(4); // three peers and itself
      } finally {
        if (before === undefined) delete process.env.RELGEN_READ;
        else process.env.RELGEN_READ = before;
      }
    }
    const quiet = await peerWorld(4, { env: {} });
    expect(gets(await quiet.deliver({ unit: "mysql/0", hook: "update-status" }))).toEqual([]);
  });
});

describe("what the cache keeps", () => {
  it("holds no secret at rest: the passwords are digests in every unit's state, and a bag is read again only when a handler wants its secret", async () => {
    const h = new Harness({ seed: 5 });
    h.addApplication("mysql", MYSQL, 3);
    h.addApplication("webapp", WEBAPP, 1);
    h.relate("webapp:database", "mysql:database");
    await h.settle();
    const password = h.appDatabag("mysql", "cluster")["cluster-password"]!;
    expect(password.length).toBeGreaterThan(16);
    for (const unit of [...h.units("mysql"), ...h.units("webapp")]) {
      const state = JSON.stringify(h.unitState(unit));
      expect(state, unit).toContain('"reads"');
      expect(state.includes(password), unit).toBe(false);
    }
    const reads = (h.unitState("mysql/1")!["reads"] as { endpoints: { cluster: Record<string, { bags: Record<string, { s?: object }> }> } }).endpoints.cluster;
    const bag = Object.values(reads)[0]!.bags["mysql/0"]!;
    expect(Object.keys(bag.s ?? {})).toEqual(["cluster-password"]);

    const probe = new Charm<string>([cluster]);
    let wanted = false;
    probe.when().do(() => {
      const peer = cluster.allJoinedUnits.find((u) => u.name === "mysql/0")!;
      expect(peer.received.clusterAddress).toBeDefined(); // a value kept in the cache: no read
      expect(peer.has("clusterPassword")).toBe(true); // presence kept beside the digest: no read
      if (wanted) expect(peer.received.clusterPassword).toBe(password); // the value: the bag is read now
    });
    const quiet = await h.deliver({ unit: "mysql/1", hook: "update-status" }, (o) => probe.run(o));
    expect(quiet.ok).toBe(true);
    expect(gets(quiet)).toEqual([]);
    wanted = true;
    const asked = await h.deliver({ unit: "mysql/1", hook: "update-status" }, (o) => probe.run(o));
    expect(asked.ok).toBe(true);
    expect(gets(asked)).toEqual(["--format=json -r cluster:0 - mysql/0"]);
  });

  it("keeps no bag past the bounds of the digests: one with too many keys or bytes is read in every hook, and the state stays small", async () => {
    const h = await peerWorld(3, { env: {} });
    const junk = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`junk-${i}`, "x"]));
    publish(h, "mysql/1", junk);
    publish(h, "mysql/2", { ...complete, "cluster-address": JSON.stringify("a".repeat(20_000)) });
    await h.settle();
    const state = h.unitState("mysql/0") as { reads: { endpoints: { cluster: Record<string, { bags: Record<string, unknown> }> } } };
    const bags = Object.values(state.reads.endpoints.cluster)[0]!.bags;
    expect(bags["mysql/1"]).toBeNull();
    expect(bags["mysql/2"]).toBeNull();
    expect(JSON.stringify(state).length).toBeLessThan(8_000);
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" });
    expect(gets(r).sort()).toEqual(["--format=json -r cluster:0 - mysql/1", "--format=json -r cluster:0 - mysql/2"]);
  });

  it("is dropped when malformed or of another version, and after a change of leadership: the hook reads everything, and fails nothing", async () => {
    const h = await peerWorld(3, { env: {} });
    const store = h.stateStore("mysql/1");
    const state = store.load();
    for (const bad of [{ v: 99, leader: false, endpoints: {} }, { v: 1, leader: false, endpoints: { cluster: { "cluster:0": { app: 7 } } } }]) {
      store.save({ ...state, reads: bad as never });
      const r = await h.deliver({ unit: "mysql/1", hook: "update-status" });
      expect(r.ok).toBe(true);
      expect(r.trace.some((c) => c.tool === "relation-list")).toBe(true);
      expect(gets(r).length).toBeGreaterThanOrEqual(3);
    }
    const quiet = await h.deliver({ unit: "mysql/1", hook: "update-status" });
    expect(gets(quiet)).toEqual([]);
    h.electLeader("mysql/1");
    await h.settle();
    const after = await h.deliver({ unit: "mysql/2", hook: "update-status" });
    expect(after.ok).toBe(true);
    const first = (h.unitState("mysql/1")!["reads"] as { leader: boolean }).leader;
    expect(first).toBe(true);
  });

  it("reads this unit's own bags again in the hook after it wrote them (Juju commits them only when the hook has ended)", async () => {
    const h = await peerWorld(2, { env: {} });
    const writer = new Charm<string>([cluster]);
    writer.when().do(() => cluster.setUnitConfigureReady());
    const wrote = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(wrote.trace.filter((c) => c.tool === "relation-set")).toHaveLength(1);
    const next = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(gets(next)).toContain("--format=json -r cluster:0 - mysql/0");
    expect(next.trace.filter((c) => c.tool === "relation-set")).toEqual([]);
    const then = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => writer.run(o));
    expect(gets(then)).toEqual([]);
  });
});
