/** network-get, juju-log, leadership, status, config, unit-get, application-version-set, and the client itself. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Simulator, TOOL_NAMES } from "../../src/sim/index.js";
import { RECORDER, simulator } from "./helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await Simulator.create({ charmDir: RECORDER, seed: 3, config: { "max-connections": 250 } });
  sim.addUnits(2);
  await sim.runUntilQuiet();
});
afterAll(() => sim.close());

const run = (argv: string[], unit = "mysql/0", hook = "update-status") => sim.execInHook(unit, hook, argv);

describe("network-get and unit-get", () => {
  it("prints the primary address, selected values, or the whole binding", async () => {
    expect((await run(["network-get", "--primary-address", "cluster"])).stdout).toBe("10.5.0.10\n");
    expect((await run(["network-get", "cluster", "--ingress-address"])).stdout).toBe("10.5.0.10\n");
    expect((await run(["network-get", "cluster", "--egress-subnets", "--format=json"])).stdout).toBe('["10.5.0.10/32"]\n');
    expect((await run(["network-get", "cluster", "--ingress-address", "--bind-address", "--format=json"])).stdout).toBe(
      '{"bind-address":"10.5.0.10","ingress-address":"10.5.0.10"}\n',
    );
    expect((await run(["network-get", "--format=json", "cluster"])).stdout).toBe(
      '{"bind-addresses":[{"mac-address":"00:16:3e:00:00:00","interface-name":"eth0","addresses":[{"hostname":"","value":"10.5.0.10","cidr":"10.5.0.0/24"}]}],"egress-subnets":["10.5.0.10/32"],"ingress-addresses":["10.5.0.10"]}\n',
    );
    expect((await run(["network-get", "cluster"])).stdout).toContain("    address: 10.5.0.10\n  macaddress: 00:16:3e:00:00:00\n");
  });
  it("reports unknown bindings and misuse", async () => {
    expect(await run(["network-get", "--primary-address", "db"])).toMatchObject({ exitCode: 1, stderr: 'ERROR no network config found for binding "db"\n' });
    expect(await run(["network-get"])).toMatchObject({ exitCode: 2, stderr: "ERROR no arguments specified\n" });
    expect(await run(["network-get", "cluster", "--primary-address", "--ingress-address"])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR --primary-address must be the only flag specified\n",
    });
  });
  it("unit-get prints addresses", async () => {
    expect((await run(["unit-get", "private-address"], "mysql/1")).stdout).toBe("10.5.0.11\n");
    expect((await run(["unit-get", "--format=json", "public-address"])).stdout).toBe('"10.5.0.10"\n');
    expect(await run(["unit-get", "nope"])).toMatchObject({ exitCode: 2, stderr: 'ERROR unknown setting "nope"\n' });
    expect(await run(["unit-get"])).toMatchObject({ exitCode: 2, stderr: "ERROR no setting specified\n" });
  });
});

describe("juju-log", () => {
  it("logs with levels, joins args, prefixes the relation in relation hooks", async () => {
    expect(await run(["juju-log", "-l", "WARNING", "hello", "world"])).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    await run(["juju-log", "--log-level", "DEBUG", "--", "-dash"]);
    await sim.execInHook("mysql/0", "cluster-relation-changed", ["juju-log", "in relation"], { remoteUnit: "mysql/1" });
    await run(["juju-log", "--log-level", "LOUD", "odd"]);
    expect(sim.logs("mysql/0").slice(-5)).toEqual([
      { level: "WARNING", message: "hello world", hook: "update-status" },
      { level: "DEBUG", message: "-dash", hook: "update-status" },
      { level: "INFO", message: "cluster:0: in relation", hook: "cluster-relation-changed" },
      { level: "WARNING", message: 'Specified log level of "LOUD" is not valid', hook: "update-status" },
      { level: "INFO", message: "odd", hook: "update-status" },
    ]);
    expect(await run(["juju-log"])).toMatchObject({ exitCode: 2, stderr: "ERROR no message specified\n" });
  });
});

describe("leadership", () => {
  it("is-leader prints True/False or JSON booleans", async () => {
    expect((await run(["is-leader"])).stdout).toBe("True\n");
    expect((await run(["is-leader", "--format=json"], "mysql/1")).stdout).toBe("false\n");
  });
  it("leader-set is immediate even if the hook fails, and only for the leader", async () => {
    const r = await run(["sh", "-c", "leader-set cluster-password=pw1 other=x && leader-get cluster-password; exit 1"]);
    expect(r.stdout).toBe("pw1\n");
    expect(sim.leaderSettings()).toMatchObject({ "cluster-password": "pw1", other: "x" });
    expect((await run(["leader-get", "--format=json"], "mysql/1")).stdout).toBe('{"cluster-password":"pw1","other":"x"}\n');
    expect((await run(["leader-get", "--format=json", "missing"], "mysql/1")).stdout).toBe("null\n");
    await run(["leader-set", "other="]);
    expect(sim.leaderSettings().other).toBeUndefined();
    const denied = await run(["leader-set", "cluster-password=pw2"], "mysql/1");
    expect(denied).toMatchObject({ exitCode: 1, stderr: "ERROR cannot write leadership settings: cannot write settings: not the leader\n" });
    expect(denied.trace[0]!.argv).toEqual(["cluster-password=<redacted>"]);
    expect(sim.leaderSettings()["cluster-password"]).toBe("pw1");
    expect(await run(["leader-get", "a=b"])).toMatchObject({ exitCode: 2, stderr: 'ERROR invalid key "a=b"\n' });
    expect(await run(["leader-set", "--file", "x"])).toMatchObject({ exitCode: 2, stderr: "ERROR flag provided but not defined: --file\n" });
  });
});

describe("status and version", () => {
  it("sets unit and application status; refuses bad states and non-leaders", async () => {
    await run(["status-set", "blocked", "need more units"], "mysql/1");
    expect(sim.status("mysql/1")).toEqual({ state: "blocked", message: "need more units" });
    await run(["status-set", "--application=False", "active", "--", "-ok-"], "mysql/1");
    expect(sim.status("mysql/1")).toEqual({ state: "active", message: "-ok-" });
    await run(["status-set", "--application", "waiting", "app msg"]);
    expect(sim.appStatus()).toEqual({ state: "waiting", message: "app msg" });
    expect(await run(["status-set", "--application", "active"], "mysql/1")).toMatchObject({ exitCode: 1, stderr: "ERROR this unit is not the leader\n" });
    expect(await run(["status-set", "happy"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid status "happy", expected one of [maintenance blocked waiting active]\n',
    });
    expect(await run(["status-set", "active", "a", "b"])).toMatchObject({ exitCode: 2, stderr: 'ERROR unrecognized args: ["b"]\n' });
    expect(await run(["status-set"])).toMatchObject({ exitCode: 2, stderr: "ERROR invalid args, require <status> [message]\n" });
  });
  it("application-version-set takes exactly one argument", async () => {
    expect((await run(["application-version-set", "--", "8.0.36"])).exitCode).toBe(0);
    expect(sim.workloadVersion("mysql/0")).toBe("8.0.36");
    expect(await run(["application-version-set"])).toMatchObject({ exitCode: 2, stderr: "ERROR no version specified\n" });
  });
});

describe("config-get", () => {
  it("prints config from config.yaml defaults and options", async () => {
    expect((await run(["config-get", "--format=json"])).stdout).toBe('{"cluster-name":"demo","max-connections":250,"prefer-ipv6":false}\n');
    expect((await run(["config-get", "--all", "--format=json"])).stdout).toBe(
      '{"cluster-host":null,"cluster-name":"demo","max-connections":250,"prefer-ipv6":false}\n',
    );
    expect((await run(["config-get", "cluster-name"])).stdout).toBe("demo\n");
    expect((await run(["config-get", "max-connections"])).stdout).toBe("250\n");
    expect((await run(["config-get", "prefer-ipv6"])).stdout).toBe("False\n");
    expect((await run(["config-get", "--format=json", "nope"])).stdout).toBe("null\n");
    expect(await run(["config-get", "-a", "cluster-name"])).toMatchObject({ exitCode: 2, stderr: 'ERROR cannot use argument --all together with key "cluster-name"\n' });
  });
  it("setConfig delivers config-changed", async () => {
    await sim.runUntilQuiet(); // deliver what earlier tests caused (leader-settings-changed)
    const before = sim.hooks.length;
    sim.setConfig({ "cluster-name": "prod" });
    await sim.runUntilQuiet();
    expect(sim.hooks.slice(before).map((h) => `${h.unit} ${h.hook}`).sort()).toEqual(["mysql/0 config-changed", "mysql/1 config-changed"]);
    expect((await run(["config-get", "cluster-name"])).stdout).toBe("prod\n");
  });
});

describe("output files", () => {
  it("-o/--output writes the formatted result to a file relative to the hook's cwd", async () => {
    const { readFileSync } = await import("node:fs");
    expect(await run(["config-get", "--format=json", "-o", "cfg.json", "cluster-name"])).toMatchObject({ exitCode: 0, stdout: "" });
    expect(readFileSync(join(sim.charmDir("mysql/0"), "cfg.json"), "utf8")).toBe('"prod"\n'); // set by the config-get test above
  });
});

describe("the client", () => {
  it("puts every tool on the PATH and answers --help for each", async () => {
    expect(readdirSync(sim.binDir).sort()).toEqual([...TOOL_NAMES].sort());
    for (const tool of TOOL_NAMES) {
      const r = await run([tool, "--help"]);
      expect(r.exitCode, tool).toBe(0);
      expect(r.stdout, tool).toMatch(new RegExp(`^Usage: ${tool}`));
    }
  });
  it("fails clearly without a hook context", async () => {
    const exec = promisify(execFile);
    const tool = join(sim.binDir, "is-leader");
    const noCtx = await exec(tool, [], { env: { PATH: process.env.PATH } }).catch((e: { code: number; stderr: string }) => e);
    expect(noCtx).toMatchObject({ code: 1, stderr: "ERROR JUJU_CONTEXT_ID not set\n" });
    const stale = await exec(tool, [], { env: { JUJU_CONTEXT_ID: "mysql/0-install-1", JUJU_AGENT_SOCKET_ADDRESS: sim.socketPath } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(stale).toMatchObject({ code: 1, stderr: 'ERROR bad request: no active hook context "mysql/0-install-1"\n' });
  });
  it("the Node fallback client behaves the same", async () => {
    const nodeSim = await simulator({ charmDir: RECORDER, seed: 3, client: "node" });
    expect(nodeSim.client.kind).toBe("node");
    nodeSim.addUnits(2);
    await nodeSim.runUntilQuiet();
    for (const argv of [
      ["relation-get", "--format=json", "-", "mysql/1"],
      ["relation-list", "-r", "cluster:99"],
      ["relation-set", "--file", "-"],
      ["network-get", "--primary-address", "cluster"],
    ]) {
      const opts = { remoteUnit: "mysql/1", stdin: '{"k": "v"}' };
      const a = await nodeSim.execInHook("mysql/0", "cluster-relation-changed", argv, opts);
      const b = await sim.execInHook("mysql/0", "cluster-relation-changed", argv, opts);
      expect({ code: a.exitCode, out: a.stdout, err: a.stderr }, argv.join(" ")).toEqual({ code: b.exitCode, out: b.stdout.replace(/,"k":"v"|"k":"v",?/, ""), err: b.stderr });
    }
    expect(nodeSim.databag("mysql/0").k).toBe("v");
  });
});

describe("the hook environment", () => {
  it("is the one Juju builds, not the simulator's own: fixed OS variables, PATH with the tools first, JUJU_*, and the extra env", async () => {
    process.env.RELGEN_TEST_LEAK = "should-not-reach-hooks";
    try {
      const r = await run(["env"]);
      const env = Object.fromEntries(r.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      const own = Object.keys(env).filter((k) => !k.startsWith("JUJU_")).sort();
      expect(own).toEqual(["APT_LISTCHANGES_FRONTEND", "CHARM_DIR", "DEBIAN_FRONTEND", "LANG", "PATH", "TERM"]);
      expect(env).toMatchObject({ LANG: "C.UTF-8", DEBIAN_FRONTEND: "noninteractive", JUJU_UNIT_NAME: "mysql/0" });
      expect(env.PATH!.startsWith(`${sim.binDir}:`)).toBe(true);
      const extra = await sim.execInHook("mysql/0", "update-status", ["sh", "-c", "echo $EXTRA"], { env: { EXTRA: "given" } });
      expect(extra.stdout).toBe("given\n");
    } finally {
      delete process.env.RELGEN_TEST_LEAK;
    }
  });
});
