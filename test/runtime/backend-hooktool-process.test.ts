/**
 * HookToolBackend behaviour that only a real process boundary shows: stdin
 * transport, argv hygiene, exit codes, unparsable output, timeouts, missing
 * tools. Runs against the simulator's hook tools, with faults injected where
 * a tool must fail, lie or hang.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { RawToolCall, ToolFault } from "../../src/juju/engine.js";
import { HookToolTimeoutError, RelationNotFoundError } from "../../src/runtime/errors.js";
import { HookToolBackend, type HookToolBackendOptions } from "../../src/runtime/hook-tool-backend.js";
import { MAX_LOG_BYTES } from "../../src/runtime/text.js";
import { failure, SECRET, simulatorFactory, type ContractSubject } from "../support/backend-contract.js";
import { ended } from "../support/processes.js";
import { tempDir } from "../support/temp.js";

const sim = simulatorFactory();
let empty: string;
beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), "no-tools-"));
});
afterAll(async () => {
  await sim.cleanup();
  await rm(empty, { recursive: true, force: true });
});

interface Started {
  backend: HookToolBackend;
  subject: ContractSubject;
  /** Every tool call as it arrived at the simulator, argv not redacted. */
  records: RawToolCall[];
}

/** A HookToolBackend on mysql/0 (or `unit`), with faults injected into the simulator's tools. */
async function start(faults: Record<string, Omit<ToolFault, "tool">> = {}, options: HookToolBackendOptions = {}, unit = "mysql/0"): Promise<Started> {
  const records: RawToolCall[] = [];
  const subject = await sim.factory(unit, {
    seed: (world) => {
      for (const [tool, fault] of Object.entries(faults)) world.engine.injectFault({ tool, ...fault });
      world.engine.observeTools((call) => records.push(call));
    },
  });
  const backend = new HookToolBackend({ toolDir: subject.toolDir!, env: subject.env!, timeoutMs: 20_000, ...options });
  return { backend, subject, records };
}

const reply = (exitCode: number, stdout = "", stderr = ""): Omit<ToolFault, "tool"> => ({ response: { exitCode, stdout, stderr } });

describe("HookToolBackend transport", () => {
  it("sends relation-set data on stdin, even above 256 KiB", async () => {
    const { backend, records } = await start();
    const big = "x".repeat(300 * 1024);
    await backend.relationSet("cluster:3", { big, password: SECRET });
    const bag = await backend.relationGet("cluster:3", "mysql/0");
    expect(bag["big"]).toBe(big);
    expect(records[0]!.args).toEqual(["-r", "cluster:3", "--file", "-"]);
  });

  it("round-trips non-ASCII, astral and control characters through the transport", async () => {
    const { backend } = await start();
    const value = "snow \u2603 face \u{1F600} bell \u0007 del \u007f sep \u2028 nel \u0085 quote \" back \\";
    await backend.relationSet("cluster:3", { value, "k\u00e9y": "\u00e9" });
    const bag = await backend.relationGet("cluster:3", "mysql/0");
    expect([bag["value"], bag["k\u00e9y"]]).toEqual([value, "\u00e9"]);
  });

  it("never puts a databag value into any recorded argv", async () => {
    const { backend, records } = await start();
    await backend.relationSet("cluster:3", { password: SECRET }, { app: true });
    await backend.relationSet("cluster:3", { password: SECRET });
    await backend.relationGet("cluster:3", "mysql/0");
    await backend.relationGet("cluster:3", "mysql", { app: true });
    await backend.relationList("cluster:3");
    await backend.relationIds("cluster");
    await backend.leaderGet();
    await backend.log("INFO", "hello");
    await backend.statusSet("active", "ready");
    expect(records).toHaveLength(9);
    expect(JSON.stringify(records.map((r) => r.args))).not.toContain(SECRET);
  });

  it("rejects a value the transport cannot encode before running anything", async () => {
    const { backend, records } = await start();
    await expect(backend.relationSet("cluster:3", { bad: "\ud800" })).rejects.toThrow(/"bad"/);
    expect(records).toEqual([]);
  });

  it("passes juju-log messages after --, one line each: control characters escaped, at most 4 KiB", async () => {
    const started = await start();
    const { backend, records } = started;
    await backend.log("INFO", "-v looks like a flag");
    await backend.log("ERROR", "a".repeat(200_000));
    await backend.log("DEBUG", "\u00e9".repeat(100_000)); // 200000 UTF-8 bytes
    await backend.log("WARNING", "two\nlines\0 and a NUL");
    expect(records.map((r) => r.args.slice(0, 3))).toEqual(["INFO", "ERROR", "DEBUG", "WARNING"].map((l) => ["--log-level", l, "--"]));
    expect(records[0]!.args[3]).toBe("-v looks like a flag");
    for (const r of records.slice(1, 3)) {
      expect(Buffer.byteLength(r.args[3]!)).toBeLessThanOrEqual(MAX_LOG_BYTES);
      expect(r.args[3]).toMatch(/^(a+|\u00e9+)… \(200000 bytes\)$/);
    }
    expect(records[3]!.args[3]).toBe("two\\nlines\\0 and a NUL");
    const logs = started.subject.engine.logs("mysql/0").map(({ level, message }) => ({ level, message }));
    expect(logs.map((l) => l.message)).toEqual(records.map((r) => r.args[3]));
  });

  it("finds the tools on PATH when no toolDir is given", async () => {
    const { subject } = await start();
    const backend = new HookToolBackend({ env: { ...subject.env, PATH: `${subject.toolDir}:${process.env["PATH"] ?? ""}` } });
    expect(await backend.relationIds("db-router")).toEqual(["db-router:10", "db-router:2"]);
  });
});

describe("HookToolBackend failures", () => {
  it("turns a non-zero exit into a HookToolError with redacted fields", async () => {
    const { backend } = await start({ "leader-set": reply(1, "", "ERROR something broke\n\n") });
    const error = await failure(backend.leaderSet({ "cluster-password": SECRET }));
    expect(error).not.toBeInstanceOf(RelationNotFoundError);
    expect(error.tool).toBe("leader-set");
    expect(error.args).toEqual(["cluster-password=<redacted>"]);
    expect(error.exitCode).toBe(1);
    expect(error.stderr).toBe("ERROR something broke");
    expect(error.message).toBe("leader-set cluster-password=<redacted> failed (exit 1): ERROR something broke");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(SECRET);
  });

  it("caps a huge stderr", async () => {
    const { backend } = await start({ "is-leader": reply(1, "", "E".repeat(100_000)) });
    const error = await failure(backend.isLeader());
    expect(error.stderr.length).toBeLessThan(4_100);
    expect(error.stderr).toMatch(/more characters\)$/);
  });

  it("maps exit 2 with 'relation not found' to RelationNotFoundError, and nothing else", async () => {
    const notFound = 'ERROR invalid value "cluster:7" for option -r: relation not found\n';
    const a = await start({ "relation-list": reply(2, "", notFound) });
    const error = await failure(a.backend.relationList("cluster:7"));
    expect(error).toBeInstanceOf(RelationNotFoundError);
    expect([error.exitCode, error.stderr]).toEqual([2, notFound.trim()]);
    const b = await start({ "relation-list": reply(1, "", notFound) });
    expect(await failure(b.backend.relationList("cluster:7"))).not.toBeInstanceOf(RelationNotFoundError);
    const c = await start({ "relation-list": reply(2, "", "ERROR flag provided but not defined: -x") });
    expect(await failure(c.backend.relationList("cluster:7"))).not.toBeInstanceOf(RelationNotFoundError);
  });

  it("rejects output that is not the JSON the contract promises, without quoting it", async () => {
    const cases: [string, string, (b: HookToolBackend) => Promise<unknown>, RegExp][] = [
      ["relation-get", `password=${SECRET}`, (b) => b.relationGet("cluster:3", "mysql/1"), /printed invalid JSON/],
      ["relation-get", `{"a":"${SECRET}","b":1}`, (b) => b.relationGet("cluster:3", "mysql/1"), /a number for key "b"/],
      ["relation-get", `["${SECRET}"]`, (b) => b.relationGet("cluster:3", "mysql/1"), /printed an array/],
      ["relation-ids", '{"cluster:3":true}', (b) => b.relationIds("cluster"), /printed an object; expected/],
      ["relation-list", '["mysql/1",2]', (b) => b.relationList("cluster:3"), /a number at index 1/],
      ["is-leader", '"True"', (b) => b.isLeader(), /printed a string; expected true or false/],
      ["leader-get", "", (b) => b.leaderGet(), /printed nothing/],
      ["network-get", "\n", (b) => b.networkPrimaryAddress("cluster"), /printed nothing; expected an address/],
    ];
    for (const [tool, stdout, call, pattern] of cases) {
      const { backend } = await start({ [tool]: reply(0, stdout) });
      const error = await failure(call(backend));
      expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain(SECRET);
      expect([error.tool, error.exitCode]).toEqual([tool, 0]);
    }
  });

  it("reads a Go nil map (null) as an empty bag and trims the address", async () => {
    const { backend } = await start({
      "relation-get": reply(0, "null\n"),
      "network-get": reply(0, "  10.9.8.7\n"),
    });
    expect(await backend.relationGet("cluster:3", "mysql/1")).toEqual({});
    expect(await backend.networkPrimaryAddress("cluster")).toBe("10.9.8.7");
  });

  it("keeps __proto__ from tool output as an own key without polluting prototypes", async () => {
    const stdout = '{"__proto__":"x","constructor":"y","hasOwnProperty":"z"}\n';
    const { backend } = await start({ "relation-get": reply(0, stdout), "leader-get": reply(0, stdout) });
    for (const bag of [await backend.relationGet("cluster:3", "mysql/1"), await backend.leaderGet()]) {
      expect(Object.getPrototypeOf(bag)).toBeNull();
      expect(Object.keys(bag).sort()).toEqual(["__proto__", "constructor", "hasOwnProperty"]);
      expect(bag["__proto__"]).toBe("x");
    }
  });

  it("refuses a nested __proto__ object in tool output (a naive copy would set the bag's prototype)", async () => {
    const { backend } = await start({ "relation-get": reply(0, '{"__proto__":{"polluted":"yes"},"k":"v"}\n') });
    const error = await failure(backend.relationGet("cluster:3", "mysql/1"));
    expect(error.message).toMatch(/printed an object for key "__proto__"; expected an object of string values/);
    expect([error.tool, error.exitCode]).toEqual(["relation-get", 0]);
  });

  it("kills a tool that hangs past the timeout", async () => {
    const { backend, records } = await start({ "relation-ids": { delayMs: 30_000 } }, { timeoutMs: 300 });
    const error = await failure(backend.relationIds("cluster"));
    expect(error).toBeInstanceOf(HookToolTimeoutError);
    expect(error.exitCode).toBeNull();
    expect(error.message).toBe("relation-ids --format=json cluster timed out after 300 ms and was killed");
    // The call reached the agent, which had not answered: the client was killed, not answered.
    expect(records.map((r) => r.tool)).toEqual(["relation-ids"]);
  });

  it("the hanging tool's process is gone after the timeout error", async () => {
    const tools = tempDir("relgen-hanging-tool-");
    const pidFile = join(tools, "tool.pid");
    writeFileSync(join(tools, "relation-ids"), `#!/bin/sh\necho $$ > ${JSON.stringify(pidFile)}\nexec sleep 30\n`, { mode: 0o755 });
    const error = await failure(new HookToolBackend({ toolDir: tools, timeoutMs: 300 }).relationIds("cluster"));
    expect(error).toBeInstanceOf(HookToolTimeoutError);
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(pid).toBeGreaterThan(1);
    expect(await ended(pid)).toBe(true);
  });

  it("explains a missing tool (toolDir and PATH)", async () => {
    const inDir = await failure(new HookToolBackend({ toolDir: empty }).relationIds("cluster"));
    expect(inDir.exitCode).toBeNull();
    expect(inDir.tool).toBe("relation-ids");
    expect(inDir.message).toContain(`relation-ids not found; it was looked up in ${empty}`);
    const onPath = await failure(new HookToolBackend({ env: { PATH: empty } }).isLeader());
    expect(onPath.exitCode).toBeNull();
    expect(onPath.message).toMatch(/^is-leader --format=json failed: is-leader not found; it must be on PATH.*Juju hook/);
  });

  it("refuses an argument with a NUL byte without echoing it", async () => {
    const { backend, records } = await start();
    const error = await failure(backend.leaderSet({ token: `${SECRET}\u0000` }));
    expect(error.exitCode).toBeNull();
    expect(error.args).toEqual(["token=<redacted>"]);
    expect(error.message).not.toContain(SECRET);
    expect(records).toEqual([]);
  });

  it("reports an argv too long for the kernel without echoing it", async () => {
    const { backend } = await start();
    const error = await failure(backend.leaderSet({ blob: SECRET.repeat(20_000) }));
    expect(error.exitCode).toBeNull();
    expect(error.message).toBe("leader-set blob=<redacted> failed: leader-set could not be started (E2BIG: argument list too long)");
  });

  it("rejects a non-positive timeout", () => {
    expect(() => new HookToolBackend({ timeoutMs: 0 })).toThrow(RangeError);
  });
});
