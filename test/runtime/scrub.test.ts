/**
 * A secret the hook knows never leaves it in a log line or an error (issue
 * 17), even when a failing tool echoes it in its stderr: not cut in two by
 * the bound on stderr (its head stays secret), not in a log line written
 * after the error was caught, not as content read from a secret, a leader
 * setting or the peer application bag. In both drivers: the harness, and
 * the simulator's hook tools run as processes.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JujuEngine, ToolFault } from "../../src/juju/engine.js";
import { Charm, HookToolBackend, type HookResult } from "../../src/runtime/index.js";
import { KnownSecrets } from "../../src/runtime/scrub.js";
import { Simulator } from "../../src/sim/index.js";
import { ContractWorld } from "../support/backend-contract.js";
import { cluster, complete, peerWorld } from "../support/peer-world.js";
import { tempDir } from "../support/temp.js";

const PASSWORD = "Qw7RtY3uIo9PaS5dFg2HjK8lZx4CvB6n";

/** Whether any 6 characters in a row of the password show in the text. */
function leaks(text: string): boolean {
  for (let i = 0; i + 6 <= PASSWORD.length; i++) if (text.includes(PASSWORD.slice(i, i + 6))) return true;
  return false;
}

/** The leader stages the cluster password, in its unit bag; its relation-set echoes it. */
const publisher = new Charm<string>([cluster]);
publisher.when().do(function publish() {
  cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
});

/** Stages the password, then logs a tool error it caught (the tool echoed the password) and goes on. */
const logger = new Charm<string>([cluster]);
logger.when().do(async function publishThenLog(hook) {
  cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
  try {
    await hook.networkAddress("db");
  } catch (e) {
    await hook.log(`no address on db: ${(e as Error).message}`, "WARNING");
  }
});

/** 4000 characters are kept of a stderr: the cut falls after the first 10 of the password. */
const cutStderr = `ERROR cannot set ${"x".repeat(3973)}${PASSWORD} in the bag\n`;
const echo = (stderr: string, times = 1): Omit<ToolFault, "tool"> => ({ times, response: { exitCode: 1, stderr } });

interface Outcome {
  result: HookResult;
  logs: readonly { level: string; message: string }[];
}

type Driver = (charm: Charm<string>, faults: Record<string, Omit<ToolFault, "tool">>) => Promise<Outcome>;

/** The harness: mysql/0 and mysql/1 in scope; an update-status hook of mysql/0. */
const harness: Driver = async (charm, faults) => {
  const h = await peerWorld(2);
  for (const [tool, fault] of Object.entries(faults)) h.injectFault({ tool, ...fault });
  const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => charm.run(o));
  return { result: r.result!, logs: h.logs("mysql/0") };
};

/** The simulator: the hook tools are processes; a cluster-relation-changed hook of mysql/0. */
const sims: Simulator[] = [];
let noop: string;
beforeAll(() => {
  noop = tempDir("relgen-scrub-charm-");
  writeFileSync(join(noop, "metadata.yaml"), "name: mysql\npeers:\n  cluster:\n    interface: mysql-innodb-cluster\n");
  writeFileSync(join(noop, "dispatch"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(noop, "dispatch"), 0o755);
});
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});
const simulator: Driver = async (charm, faults) => {
  const sim = await Simulator.create({ seed: 1 });
  sims.push(sim);
  sim.addApplication("mysql", noop, 2);
  const w = new ContractWorld(sim as JujuEngine<unknown>);
  w.edit((e) => {
    for (const u of sim.units()) e.enter(u, 0);
    e.see("mysql/0", 0, "mysql/1");
    e.see("mysql/1", 0, "mysql/0");
  });
  w.setBag(0, "mysql/1", { ...sim.databag("mysql/1", 0), ...complete });
  for (const [tool, fault] of Object.entries(faults)) sim.injectFault({ tool, ...fault });
  const hook = sim.openHook({ unit: "mysql/0", hook: "cluster-relation-changed", relationId: "cluster:0", remoteUnit: "mysql/1" });
  const env = { ...hook.env, JUJU_CHARM_DIR: tempDir("relgen-scrub-unit-") };
  const result = await charm.run({ backend: new HookToolBackend({ env, toolDir: hook.toolDir, timeoutMs: 20_000 }), env, setExitCode: false });
  hook.finish(result.ok);
  return { result, logs: sim.logs("mysql/0") };
};

describe.each([
  ["harness", harness],
  ["simulator", simulator],
] as const)("a secret echoed by a failing tool (%s)", (_name, run) => {
  it("is scrubbed from the error and the ERROR line even where the bound on stderr cuts it in two", async () => {
    const { result, logs } = await run(publisher, { "relation-set": echo(cutStderr) });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^[a-z-]+ failed: relation-set -r cluster:0 --file - failed \(exit 1\): ERROR cannot set x+<redacted>\.\.\. \(\d+ more characters\)$/);
    expect(logs.at(-1)).toMatchObject({ level: "ERROR" });
    expect(leaks(result.error!)).toBe(false);
    expect(leaks(JSON.stringify(logs))).toBe(false);
  });

  it("is scrubbed from a log line the charm writes after catching the error", async () => {
    const stderr = `ERROR no network config found for binding "db" (cluster-password=${PASSWORD})\n`;
    const { result, logs } = await run(logger, { "network-get": echo(stderr) });
    expect(result.ok).toBe(true);
    const warning = logs.find((l) => l.level === "WARNING");
    // (Juju's juju-log prefixes a relation hook's lines with the relation.)
    expect(warning?.message.replace(/^cluster:0: /, "")).toBe('no address on db: network-get --primary-address db failed (exit 1): ERROR no network config found for binding "db" (cluster-password=<redacted>)');
    expect(leaks(JSON.stringify(logs))).toBe(false);
  });
});

/** Stages the password, then shows a tool error it caught (the tool echoed the password) as its status. */
const reporter = new Charm<string>([cluster]);
reporter.when().do(async function publishThenReport(hook) {
  cluster.setClusterConnectionInfo("10.5.0.10", "clusteruser", PASSWORD);
  try {
    await hook.networkAddress("db");
  } catch (e) {
    await hook.status("blocked", (e as Error).message);
  }
});

describe("a secret echoed by a failing tool, shown as a status (harness)", () => {
  it("is scrubbed from the status, which Juju shows to anyone", async () => {
    const h = await peerWorld(2);
    h.injectFault({ tool: "network-get", ...echo(`ERROR no binding "db" (cluster-password=${PASSWORD})\n`) });
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => reporter.run(o));
    expect(r.ok).toBe(true);
    expect(h.status("mysql/0")).toEqual({ state: "blocked", message: 'network-get --primary-address db failed (exit 1): ERROR no binding "db" (cluster-password=<redacted>)' });
  });
});

describe("the secrets a hook knows", () => {
  it("are scrubbed in every form: raw, JSON with and without quotes, decoded, and the head of one cut by the stderr bound", () => {
    const known = new KnownSecrets();
    known.add('"p<a\\"ss>word"'); // a JSON-encoded value, as in a bag
    known.addShared("true");
    known.addShared("leader-token-0123");
    const secret = 'p<a"ss>word';
    const text = [secret, JSON.stringify(secret), JSON.stringify(secret).slice(1, -1), "p\\u003ca\\\"ss\\u003eword", "leader-token-0123", "true"].join(" | ");
    expect(known.scrub(text)).toBe("<redacted> | <redacted> | <redacted> | <redacted> | <redacted> | true");
    expect(known.scrub(`abc leader-tok... (12 more characters) and p<... (3 more characters)`)).toBe("abc <redacted>... (12 more characters) and p<... (3 more characters)");
  });
});
