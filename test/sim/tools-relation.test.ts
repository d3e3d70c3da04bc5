/** The relation hook tools against the contract, run for real through the client and the socket. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Simulator } from "../../src/sim/index.js";
import { RECORDER } from "./helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await Simulator.create({ charmDir: RECORDER, seed: 7 });
  sim.addUnits(3);
  await sim.runUntilQuiet();
});
afterAll(() => sim.close());

const changed = (argv: string[], opts: { stdin?: string | Buffer; unit?: string } = {}) =>
  sim.execInHook(opts.unit ?? "mysql/0", "cluster-relation-changed", argv, { remoteUnit: "mysql/1", ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
const install = (argv: string[]) => sim.execInHook("mysql/0", "update-status", argv);
const sh = (script: string, opts: { stdin?: string; unit?: string } = {}) => changed(["sh", "-c", script], opts);

describe("relation-ids", () => {
  it("lists the endpoint's relations, default endpoint in a relation hook", async () => {
    expect((await changed(["relation-ids"])).stdout).toBe("cluster:0\n");
    expect((await install(["relation-ids", "--format=json", "cluster"])).stdout).toBe('["cluster:0"]\n');
    expect((await install(["relation-ids", "cluster", "--format", "yaml"])).stdout).toBe("- cluster:0\n");
    expect((await install(["relation-ids", "--format=json", "nope"])).stdout).toBe("[]\n");
  });
  it("needs an endpoint outside relation hooks; refuses extra args", async () => {
    expect(await install(["relation-ids"])).toMatchObject({ exitCode: 2, stdout: "", stderr: "ERROR no endpoint name specified\n" });
    expect(await install(["relation-ids", "a", "b"])).toMatchObject({ exitCode: 2, stderr: 'ERROR unrecognized args: ["b"]\n' });
  });
});

describe("relation-list", () => {
  it("lists remote units sorted, never the local unit", async () => {
    expect((await changed(["relation-list"])).stdout).toBe("mysql/1\nmysql/2\n");
    expect((await changed(["relation-list", "--format=json"])).stdout).toBe('["mysql/1","mysql/2"]\n');
    expect((await changed(["relation-list", "--app"])).stdout).toBe("mysql\n");
    expect((await changed(["relation-list", "--app", "--format=json"])).stdout).toBe('"mysql"\n');
  });
  it("accepts -r cluster:0, -r 0, --relation=…, -r0, flags after positionals", async () => {
    for (const args of [["-r", "cluster:0"], ["-r", "0"], ["--relation=cluster:0"], ["-r0"], ["--format=json", "-r", "cluster:0"]]) {
      const r = await install(["relation-list", ...args]);
      expect(r.exitCode, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/mysql\/1/);
    }
  });
  it("reports a missing or unknown relation id exactly as Juju does", async () => {
    expect(await install(["relation-list"])).toMatchObject({ exitCode: 2, stdout: "", stderr: "ERROR no relation id specified\n" });
    expect(await install(["relation-list", "-r", "cluster:99"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid value "cluster:99" for option -r: relation not found\n',
    });
    expect(await install(["relation-list", "--relation", "99"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid value "99" for option --relation: relation not found\n',
    });
    expect(await install(["relation-list", "-r", "cluster:x"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid value "cluster:x" for option -r: invalid relation id\n',
    });
    expect(await install(["relation-list", "-r"])).toMatchObject({ exitCode: 2, stderr: "ERROR flag needs an argument: -r\n" });
    expect(await changed(["relation-list", "--bogus"])).toMatchObject({ exitCode: 2, stderr: "ERROR flag provided but not defined: --bogus\n" });
    expect(await changed(["relation-list", "--format=xml"])).toMatchObject({
      exitCode: 2,
      stderr: 'ERROR invalid value "xml" for option --format: unknown format "xml"\n',
    });
  });
});

describe("relation-get", () => {
  it("reads the default remote unit, one key, or a named unit's whole bag", async () => {
    expect((await changed(["relation-get", "private-address"])).stdout).toBe("10.5.0.11\n");
    expect((await changed(["relation-get", "--format=json", "-", "mysql/2"])).stdout).toBe(
      '{"egress-subnets":"10.5.0.12/32","ingress-address":"10.5.0.12","joined-count":"2","private-address":"10.5.0.12"}\n',
    );
    // ops appends --format at the end, after positionals
    expect((await changed(["relation-get", "-r", "cluster:0", "-", "mysql/2", "--format=json"])).exitCode).toBe(0);
    expect((await changed(["relation-get", "--format=json", "private-address", "mysql/2"])).stdout).toBe('"10.5.0.12"\n');
  });
  it("prints null (json) or nothing (smart) for a missing key, exit 0", async () => {
    expect(await changed(["relation-get", "--format=json", "nope", "mysql/1"])).toMatchObject({ exitCode: 0, stdout: "null\n" });
    expect(await changed(["relation-get", "nope"])).toMatchObject({ exitCode: 0, stdout: "" });
  });
  it("falls back to the application bag when there is no remote unit", async () => {
    const r = await sim.execInHook("mysql/0", "cluster-relation-created", ["relation-get", "--format=json"]);
    expect(r).toMatchObject({ exitCode: 0, stdout: "{}\n" });
    expect((await changed(["relation-get", "--app", "--format=json", "-", "mysql/2"])).stdout).toBe("{}\n");
  });
  it("reports unknown units, other applications and bad names", async () => {
    expect(await changed(["relation-get", "-", "mysql/9"])).toMatchObject({
      exitCode: 1,
      stdout: "",
      stderr: 'ERROR cannot read settings for unit "mysql/9" in relation "mysql:cluster": unit "mysql/9": settings not found\n',
    });
    expect(await changed(["relation-get", "-", "wordpress/0"])).toMatchObject({ exitCode: 1, stderr: "ERROR permission denied\n" });
    expect(await changed(["relation-get", "-", "mysql"])).toMatchObject({ exitCode: 2, stderr: 'ERROR expected unit name, got application name "mysql"\n' });
    expect(await changed(["relation-get", "-", "Bad//0"])).toMatchObject({ exitCode: 2, stderr: 'ERROR invalid unit name "Bad//0"\n' });
    expect(await changed(["relation-get", "-", "mysql/1", "extra"])).toMatchObject({ exitCode: 2, stderr: 'ERROR unrecognized args: ["extra"]\n' });
    expect(await install(["relation-get", "-r", "cluster:0"])).toMatchObject({ exitCode: 2, stderr: "ERROR no unit or application specified\n" });
    expect(await install(["relation-get"])).toMatchObject({ exitCode: 2, stderr: "ERROR no relation id specified\n" });
  });
  it("shows the hook's own uncommitted writes on the local unit", async () => {
    const r = await sh('relation-set fresh=1 && relation-get --format=json fresh "$JUJU_UNIT_NAME" && exit 1');
    expect(r.stdout).toBe('"1"\n');
    expect(sim.databag("mysql/0").fresh).toBeUndefined();
  });
});

describe("relation-set", () => {
  it("answers --help with text mentioning --file, exit 0", async () => {
    const r = await changed(["relation-set", "--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("--file");
    expect(r.stdout).toMatch(/^Usage: relation-set/);
  });
  it("sets from argv; an empty value deletes; commits when the hook exits 0", async () => {
    expect((await changed(["relation-set", "a=1", "b=2"])).exitCode).toBe(0);
    expect(sim.databag("mysql/0")).toMatchObject({ a: "1", b: "2" });
    await changed(["relation-set", "a="]);
    expect(sim.databag("mysql/0").a).toBeUndefined();
  });
  it("reads --file - (stdin) and --file PATH; argv overrides file keys", async () => {
    await changed(["relation-set", "--file", "-", "k2=argv"], { stdin: '{"k1": "json", "k2": "file"}' });
    expect(sim.databag("mysql/0")).toMatchObject({ k1: "json", k2: "argv" });
    await changed(["relation-set", "--file=-"], { stdin: "k3: 'yaml'\nk4: plain text\n" });
    expect(sim.databag("mysql/0")).toMatchObject({ k3: "yaml", k4: "plain text" });
    const path = join(sim.charmDir("mysql/0"), "settings.yaml");
    writeFileSync(path, "k5: from-file\n");
    await changed(["relation-set", "--file", "settings.yaml"]);
    expect(sim.databag("mysql/0").k5).toBe("from-file");
    expect(await changed(["relation-set", "--file", "missing.yaml"])).toMatchObject({ exitCode: 1, stderr: expect.stringMatching(/^ERROR open .*missing.yaml: no such file or directory\n$/) });
  });
  it("refuses documents that are not maps of strings and stores nothing", async () => {
    const before = sim.databag("mysql/0");
    for (const body of ['{"x": {"y": "z"}}', '["x"]', '{"x": "ok", "y": [1]}', "not a map", '{"x": "\\ud83d\\ude00"}']) {
      const r = await sh(`relation-set --file - x=argv; echo "rc=$?"`, { stdin: body });
      expect(r.stdout, body).toBe("rc=1\n");
      expect(r.stderr, body).toMatch(/^ERROR yaml: /);
    }
    expect(sim.databag("mysql/0")).toEqual(before);
  });
  it("discards the writes of a hook that fails", async () => {
    const r = await sh("relation-set lost=yes; exit 3");
    expect(r.exitCode).toBe(3);
    expect(sim.databag("mysql/0").lost).toBeUndefined();
  });
  it("carries 1 MiB through stdin", async () => {
    const big = "x".repeat(1024 * 1024);
    const r = await changed(["relation-set", "--file", "-"], { stdin: JSON.stringify({ big }) });
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(sim.databag("mysql/0").big).toBe(big);
    expect(r.trace[0]!.stdinBytes).toBe(big.length + 10);
    const back = await changed(["relation-get", "--format=json", "big", "mysql/0"]);
    expect(back.stdout.length).toBe(big.length + 3);
  });
  it("writes the application bag only as leader", async () => {
    expect(sim.leader()).toBe("mysql/0");
    expect((await changed(["relation-set", "--app", "shared=1"])).exitCode).toBe(0);
    expect(sim.appDatabag("mysql")).toEqual({ shared: "1" });
    expect(await changed(["relation-set", "--app", "shared=2"], { unit: "mysql/1" })).toMatchObject({
      exitCode: 1,
      stderr: "ERROR cannot write relation settings\n",
    });
    // non-leaders may read their own application's bag on a peer relation
    expect((await changed(["relation-get", "--app", "--format=json", "-", "mysql"], { unit: "mysql/1" })).stdout).toBe('{"shared":"1"}\n');
  });
  it("needs a relation outside relation hooks and reports bad pairs", async () => {
    expect(await install(["relation-set", "a=b"])).toMatchObject({ exitCode: 2, stderr: "ERROR no relation id specified\n" });
    expect(await changed(["relation-set", "novalue"])).toMatchObject({ exitCode: 2, stderr: 'ERROR expected "key=value", got "novalue"\n' });
    expect(await changed(["relation-set", "a=1", "a=2"])).toMatchObject({ exitCode: 2, stderr: 'ERROR key "a" specified more than once\n' });
  });
  it("never records values in traces", async () => {
    const r = await changed(["relation-set", "-r", "cluster:0", "cluster-password=hunter2", "--file", "-"], { stdin: '{"other": "s3cret"}' });
    expect(r.trace).toEqual([
      { tool: "relation-set", argv: ["-r", "cluster:0", "cluster-password=<redacted>", "--file", "-"], stdinBytes: 19, exitCode: 0, durationMs: expect.any(Number) },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/hunter2|s3cret/);
  });
});
