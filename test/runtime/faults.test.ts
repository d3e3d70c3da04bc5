/**
 * Bad input and faults at hook time: garbage in a peer's bag, prototype-named
 * keys, failing, lying or hanging hook tools, a crash mid-hook, a corrupt state
 * file. In each case: a clear error, nothing half-done committed, no secret shown.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JujuEngine, RawToolCall, ToolFault } from "../../src/juju/engine.js";
import { Charm, FileStateStore, HookToolBackend } from "../../src/runtime/index.js";
import { Simulator } from "../../src/sim/index.js";
import { ContractWorld } from "../support/backend-contract.js";
import { cluster, complete, peerWorld, publish } from "../support/peer-world.js";
import { tempDir } from "../support/temp.js";

const PASSWORD = "Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5";

describe("garbage in a peer's databag", () => {
  it("values that are not JSON, of the wrong type or 1 MiB long become issues and the hook goes on", async () => {
    const h = await peerWorld(3);
    publish(h, "mysql/1", { "cluster-address": "10.0.0.11", "unit-clustered": '"yes"' });
    publish(h, "mysql/2", { "cluster-user": JSON.stringify("u".repeat(1 << 20)), "cluster-password": "[1,2" });
    const seen: Record<string, string[]> = {};
    const probe = new Charm<string>([cluster]);
    probe.when().do(() => {
      for (const u of cluster.allJoinedUnits) seen[u.name] = u.issues.map((i) => `${i.key}: ${i.message}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => probe.run(o));
    expect(r.result!.ok).toBe(true);
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
    expect(r.result!.ok).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(r.result!.flags).toContain("endpoint.cluster.changed.__proto__");
  });
});

describe("a crash mid-hook", () => {
  it("commits nothing, logs the error at ERROR without the secret, and fails", async () => {
    const h = await peerWorld(2);
    const before = h.flags("mysql/0");
    const bagBefore = h.bag("mysql/0");
    const crasher = new Charm<string>([cluster]);
    crasher.when().do(function publishThenCrash() {
      crasher.setFlag("test.marker");
      cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
      throw new Error(`could not connect with password ${PASSWORD}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => crasher.run(o));
    expect(r.result!.ok).toBe(false);
    expect(r.result!.error).toBe("update-status failed: handler publishThenCrash failed: could not connect with password <redacted>");
    expect(h.flags("mysql/0")).toEqual(before);
    expect(h.bag("mysql/0")).toEqual(bagBefore);
    expect(r.trace.some((c) => c.tool === "relation-set")).toBe(false);
    expect(JSON.stringify(h.logs("mysql/0"))).not.toContain(PASSWORD);
    expect(h.logs("mysql/0").at(-1)?.level).toBe("ERROR");
  });
});

describe("scrubbing errors", () => {
  it("redacts long leader-setting values but not short words such as true", async () => {
    const h = await peerWorld(2);
    const token = "leader-token-0123456789";
    const leaderCharm = new Charm<string>([cluster]);
    leaderCharm.when().do(async function useSettings(hook) {
      await hook.leaderSet({ token, "cluster-created": "true" });
      const settings = await hook.leaderGet();
      throw new Error(`got ${settings["token"]} and created=${settings["cluster-created"]}`);
    });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => leaderCharm.run(o));
    expect(r.result!.error).toBe("update-status failed: handler useSettings failed: got <redacted> and created=true");
  });
});

describe("hook tools that fail, lie or hang (real processes)", () => {
  const sims: Simulator[] = [];
  const dirs: string[] = [];
  let charm: string;
  beforeAll(() => {
    charm = mkdtempSync(join(tmpdir(), "relgen-charm-"));
    writeFileSync(join(charm, "metadata.yaml"), "name: mysql\npeers:\n  cluster:\n    interface: mysql-innodb-cluster\n");
    writeFileSync(join(charm, "dispatch"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(charm, "dispatch"), 0o755);
  });
  afterAll(async () => {
    for (const sim of sims) await sim.close();
    for (const dir of [charm, ...dirs]) rmSync(dir, { recursive: true, force: true });
  });

  /** Three units in scope of each other on cluster:0; mysql/1 and mysql/2 published everything. */
  async function world(faults: Record<string, Omit<ToolFault, "tool">> = {}): Promise<{ sim: Simulator; records: RawToolCall[] }> {
    const sim = await Simulator.create({ seed: 1 });
    sims.push(sim);
    sim.addApplication("mysql", charm, 3);
    sim.leaderSet("mysql", { "cluster-password": PASSWORD });
    const w = new ContractWorld(sim as JujuEngine<unknown>);
    w.edit((e) => {
      for (const u of sim.units()) e.enter(u, 0);
      for (const viewer of sim.units()) for (const other of sim.units()) if (other !== viewer) e.see(viewer, 0, other);
    });
    w.edit((e) => {
      for (const u of ["mysql/1", "mysql/2"]) e.setBag(0, u, { ...sim.databag(u, 0), ...complete });
    });
    for (const [tool, fault] of Object.entries(faults)) sim.injectFault({ tool, ...fault });
    const records: RawToolCall[] = [];
    sim.observeTools((call) => records.push(call));
    return { sim, records };
  }

  const writer = new Charm<string>([cluster]);
  writer.when(cluster.flags.connected).do(async function publishInfo() {
    cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
  });

  async function run(faults: Record<string, Omit<ToolFault, "tool">> = {}, timeoutMs = 5000) {
    const { sim, records } = await world(faults);
    const hook = sim.openHook({ unit: "mysql/0", hook: "cluster-relation-changed", relationId: "cluster:0", remoteUnit: "mysql/1" });
    const charmDir = mkdtempSync(join(tmpdir(), "relgen-charm-"));
    dirs.push(charmDir);
    const store = new FileStateStore(charmDir);
    writeFileSync(store.path, '{"version":1,"flags":["test.before"],"seen":{},"ingressOverride":{}}\n');
    const env = { ...hook.env, JUJU_CHARM_DIR: charmDir };
    const backend = new HookToolBackend({ env, toolDir: hook.toolDir, timeoutMs });
    const result = await writer.run({ backend, env, setExitCode: false });
    hook.finish(result.ok);
    return { result, records, store, sim };
  }

  it("a healthy hook publishes once, and no process ever sees the password in its argv", async () => {
    const { result, records, sim } = await run();
    expect(result.ok).toBe(true);
    expect(result.relationSets).toBe(1);
    expect(records.map((r) => r.tool).filter((t) => t === "relation-set")).toHaveLength(1);
    for (const record of records) expect(record.args.join(" ")).not.toContain(PASSWORD);
    expect(result.flags).toContain("cluster.available");
    expect(JSON.parse(sim.databag("mysql/0", 0)["cluster-password"]!)).toBe(PASSWORD);
  });

  it("a relation that vanishes mid-hook (exit 2, relation not found) is dropped, and the hook goes on", async () => {
    const gone = { "relation-list": { response: { exitCode: 2, stderr: 'ERROR invalid value "cluster:0" for option -r: relation not found\n' } } };
    const { result, records } = await run(gone, 2000);
    expect(result.ok).toBe(true);
    expect(result.flags.filter((f) => f.startsWith("cluster."))).toEqual([]);
    expect(records.some((r) => r.tool === "relation-set")).toBe(false);
  });

  const faults: [string, Record<string, Omit<ToolFault, "tool">>, RegExp][] = [
    ["a tool that exits non-zero", { "relation-list": { response: { exitCode: 1, stderr: "ERROR permission denied\n" } } }, /relation-list .* failed \(exit 1\): ERROR permission denied/],
    ["a tool that prints invalid JSON", { "relation-get": { response: { exitCode: 0, stdout: "{not json" } } }, /relation-get .*(JSON|expected)/],
    ["a tool that hangs past the timeout", { "network-get": { delayMs: 10_000 } }, /network-get .*(timed out|timeout|killed)/i],
  ];
  for (const [what, fault, message] of faults) {
    it(`${what} fails the hook with a clear error; nothing is flushed and no flag committed`, async () => {
      const { result, records, store } = await run(fault, 2000);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(message);
      expect(result.error).not.toContain(PASSWORD);
      expect(records.some((r) => r.tool === "relation-set")).toBe(false);
      expect(store.load().flags).toEqual(["test.before"]);
    });
  }
});

describe("the unit state file", () => {
  const charmDirWith = (text: string | null) => {
    const dir = tempDir("relgen-state-");
    if (text !== null) writeFileSync(join(dir, ".unit-state.json"), text);
    return dir;
  };

  it("a corrupt file gives a clear error and is not overwritten", async () => {
    const h = await peerWorld(2);
    const dir = charmDirWith("{ this is not json");
    const store = new FileStateStore(dir);
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => new Charm<string>([cluster]).run({ ...o, state: store }));
    expect(r.result!.ok).toBe(false);
    expect(r.result!.error).toMatch(/\.unit-state\.json: is not valid JSON/);
    expect(readFileSync(store.path, "utf8")).toBe("{ this is not json");
  });

  it("an unreadable file gives a clear error and is not overwritten", async () => {
    if (process.getuid?.() === 0) {
      // root reads anything; use a directory in the file's place instead.
      const dir = tempDir("relgen-state-");
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
    store.save({ flags: ["b", "a"], seen: { "cluster:1": { "mysql/1": { k: "d41d8cd98f00b204e9800998ecf8427e" } } }, ingressOverride: { cluster: "h" } });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.load()).toEqual({ flags: ["a", "b"], seen: { "cluster:1": { "mysql/1": { k: "d41d8cd98f00b204e9800998ecf8427e" } } }, ingressOverride: { cluster: "h" } });
  });
});
