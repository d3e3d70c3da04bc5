/**
 * Bad input and faults at hook time: garbage in a peer's bag, prototype-named
 * keys, failing, lying or hanging hook tools, a crash mid-hook, a corrupt state
 * file. In each case: a clear error, nothing half-done committed, no secret shown.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Charm, FileStateStore, HookToolBackend, MemoryModel } from "../../src/runtime/index.js";
import { createFakeJuju, type FakeJuju, type FakeJujuState } from "../support/fake-juju/index.js";
import { cluster, complete, peerWorld, publish } from "../support/peer-world.js";

const PASSWORD = "Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5";

describe("garbage in a peer's databag", () => {
  it("values that are not JSON, of the wrong type or 1 MiB long become issues and the hook goes on", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", { "cluster-address": "10.0.0.11", "unit-clustered": '"yes"' });
    publish(h, "mysql/2", { "cluster-user": JSON.stringify("u".repeat(1 << 20)), "cluster-password": "[1,2" });
    const seen: Record<string, string[]> = {};
    const probe = new Charm<string>();
    probe.when().do(() => {
      for (const u of cluster.allJoinedUnits) seen[u.name] = u.issues.map((i) => `${i.key}: ${i.message}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => probe.run(o));
    expect(r.result.ok).toBe(true);
    expect(seen).toEqual({
      "mysql/1": ["cluster-address: is not valid JSON", "unit-clustered: must be boolean"],
      "mysql/2": ["cluster-password: is not valid JSON"],
    });
  });

  it("keys named __proto__, constructor or prototype, in bags and decoded objects, never pollute a prototype", async () => {
    const h = await peerWorld(3);
    const evil = JSON.parse('{"__proto__": "{\\"polluted\\": true}", "constructor": "{\\"prototype\\": {\\"polluted\\": true}}", "prototype": "true"}') as Record<string, string>;
    publish(h, "mysql/1", evil);
    publish(h, "mysql/2", { ...complete, "cluster-address": '{"__proto__": {"polluted": true}}' });
    const r = await h.deliver({ unit: "mysql/0", hook: "cluster-relation-changed", remoteUnit: "mysql/1" });
    expect(r.result.ok).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(r.result.flags).toContain("endpoint.cluster.changed.__proto__");
  });
});

describe("a crash mid-hook", () => {
  it("commits nothing, logs the error at ERROR without the secret, and fails", async () => {
    const h = await peerWorld(2);
    const before = h.flags("mysql/0");
    const bagBefore = h.bag("mysql/0");
    const crasher = new Charm<string>();
    crasher.when().do(function publishThenCrash() {
      crasher.setFlag("test.marker");
      cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
      throw new Error(`could not connect with password ${PASSWORD}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => crasher.run(o));
    expect(r.result.ok).toBe(false);
    expect(r.result.error).toBe("update-status failed: handler publishThenCrash failed: could not connect with password <redacted>");
    expect(h.flags("mysql/0")).toEqual(before);
    expect(h.bag("mysql/0")).toEqual(bagBefore);
    expect(r.calls.some((c) => c.tool === "relation-set")).toBe(false);
    expect(JSON.stringify(h.model.units["mysql/0"]!.logs)).not.toContain(PASSWORD);
    expect(h.model.units["mysql/0"]!.logs.at(-1)?.level).toBe("ERROR");
  });
});

describe("scrubbing errors", () => {
  it("redacts long leader-setting values but not short words such as true", async () => {
    const h = await peerWorld(2);
    const token = "leader-token-0123456789";
    const leaderCharm = new Charm<string>();
    leaderCharm.when().do(async function useSettings() {
      const { leaderSet, leaderGet } = await import("../../src/runtime/index.js");
      await leaderSet({ token, "cluster-created": "true" });
      const settings = await leaderGet();
      throw new Error(`got ${settings["token"]} and created=${settings["cluster-created"]}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => leaderCharm.run(o));
    expect(r.result.error).toBe("update-status failed: handler useSettings failed: got <redacted> and created=true");
  });
});

describe("hook tools that fail, lie or hang (real processes)", () => {
  let juju: FakeJuju;
  beforeAll(async () => void (juju = await createFakeJuju()));
  afterAll(async () => juju.cleanup());

  function world(): FakeJujuState {
    const model = new MemoryModel();
    model.addApplication("mysql", { leaderSettings: { "cluster-password": PASSWORD } });
    const units = [0, 1, 2].map((n) => model.addUnit("mysql", { address: `10.5.0.${10 + n}` }));
    model.setLeader("mysql", units[0]!);
    const rel = model.addRelation("cluster", ["mysql"], { peer: true });
    for (const u of units) model.joinUnit(rel.id, u);
    for (const viewer of units) for (const other of units) if (other !== viewer) model.seeUnit(viewer, rel.id, other);
    model.setBag(rel.id, "mysql/1", { ...model.relation(rel.id).bags["mysql/1"], ...complete });
    model.setBag(rel.id, "mysql/2", { ...model.relation(rel.id).bags["mysql/2"], ...complete });
    return { unit: "mysql/0", relationId: `cluster:${rel.id}`, model: model.toJSON() };
  }

  const writer = new Charm<string>();
  writer.when(cluster.flags.connected).do(async function publishInfo() {
    cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
  });

  async function run(state: FakeJujuState, timeoutMs = 5000) {
    const session = await juju.session(state);
    const charmDir = mkdtempSync(join(tmpdir(), "relgen-charm-"));
    const store = new FileStateStore(charmDir);
    writeFileSync(store.path, '{"version":1,"flags":["test.before"],"seen":{},"ingressOverride":{}}\n');
    const env = { ...session.env, JUJU_DISPATCH_PATH: "hooks/cluster-relation-changed", JUJU_RELATION: "cluster", JUJU_RELATION_ID: state.relationId, JUJU_REMOTE_UNIT: "mysql/1", JUJU_REMOTE_APP: "mysql", JUJU_CHARM_DIR: charmDir };
    const backend = new HookToolBackend({ env, toolDir: juju.toolDir, timeoutMs });
    const result = await writer.run({ backend, env, setExitCode: false });
    return { result, session, store };
  }

  it("a healthy hook publishes once, and no process ever sees the password in its argv", async () => {
    const { result, session, store } = await run(world());
    expect(result.ok).toBe(true);
    expect(result.relationSets).toBe(1);
    const records = await session.records();
    expect(records.map((r) => r.tool).filter((t) => t === "relation-set")).toHaveLength(1);
    for (const record of records) expect(record.args.join(" ")).not.toContain(PASSWORD);
    expect(store.load().flags).toContain("cluster.available");
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it("a relation that vanishes mid-hook (exit 2, relation not found) is dropped, and the hook goes on", async () => {
    const gone = { "relation-list": { exit: 2, stderr: 'ERROR invalid value "cluster:0" for option -r: relation not found\n' } };
    const { result, session } = await run({ ...world(), faults: gone }, 2000);
    expect(result.ok).toBe(true);
    expect(result.flags.filter((f) => f.startsWith("cluster."))).toEqual([]);
    expect((await session.records()).some((r) => r.tool === "relation-set")).toBe(false);
  });

  const faults: [string, FakeJujuState["faults"], RegExp][] = [
    ["a tool that exits non-zero", { "relation-list": { exit: 1, stderr: "ERROR permission denied\n" } }, /relation-list .* failed \(exit 1\): ERROR permission denied/],
    ["a tool that prints invalid JSON", { "relation-get": { stdout: "{not json" } }, /relation-get .*(JSON|expected)/],
    ["a tool that hangs past the timeout", { "network-get": { hangMs: 10_000 } }, /network-get .*(timed out|timeout|killed)/i],
  ];
  for (const [what, fault, message] of faults) {
    it(`${what} fails the hook with a clear error; nothing is flushed and no flag committed`, async () => {
      const { result, session, store } = await run({ ...world(), faults: fault }, 2000);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain(PASSWORD);
      expect((await session.records()).some((r) => r.tool === "relation-set")).toBe(false);
      expect(store.load().flags).toEqual(["test.before"]);
    });
  }
});

describe("the unit state file", () => {
  const charmDirWith = (text: string | null) => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-state-"));
    if (text !== null) writeFileSync(join(dir, ".unit-state.json"), text);
    return dir;
  };

  it("a corrupt file gives a clear error and is not overwritten", async () => {
    const h = await peerWorld(2);
    const dir = charmDirWith("{ this is not json");
    const store = new FileStateStore(dir);
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => new Charm<string>().run({ ...o, state: store }));
    expect(r.result.ok).toBe(false);
    expect(r.result.error).toMatch(/\.unit-state\.json: is not valid JSON/);
    expect(readFileSync(store.path, "utf8")).toBe("{ this is not json");
  });

  it("an unreadable file gives a clear error and is not overwritten", async () => {
    if (process.getuid?.() === 0) {
      // root reads anything; use a directory in the file's place instead.
      const dir = mkdtempSync(join(tmpdir(), "relgen-state-"));
      const { mkdirSync } = await import("node:fs");
      mkdirSync(join(dir, ".unit-state.json"));
      expect(() => new FileStateStore(dir).load()).toThrow(/cannot be read \(EISDIR\)/);
      return;
    }
    const dir = charmDirWith("{}");
    chmodSync(join(dir, ".unit-state.json"), 0o000);
    expect(() => new FileStateStore(dir).load()).toThrow(/cannot be read/);
  });

  it("a file of the wrong shape is refused, naming what is wrong", () => {
    expect(() => new FileStateStore(charmDirWith('{"version":1,"flags":"x"}')).load()).toThrow(/"flags" must be a list of strings/);
    expect(() => new FileStateStore(charmDirWith('{"version":7,"flags":[]}')).load()).toThrow(/unsupported version 7/);
  });

  it("is written atomically with mode 0600 and round-trips", () => {
    const store = new FileStateStore(charmDirWith(null));
    store.save({ flags: ["b", "a"], seen: { "cluster:1": { "mysql/1": { k: "d41d8cd98f00b204e9800998ecf8427e" } } }, ingressOverride: { cluster: "h" }, status: { state: "active", message: "ok" } });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual({ flags: ["a", "b"], seen: { "cluster:1": { "mysql/1": { k: "d41d8cd98f00b204e9800998ecf8427e" } } }, ingressOverride: { cluster: "h" }, status: { state: "active", message: "ok" } });
  });
});
