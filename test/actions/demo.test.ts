/** The demo cluster charm's get-cluster-status action, in both drivers and from `relgen sim`'s run-action step. */
import { afterAll, describe, expect, it } from "vitest";
import { Harness } from "../../src/testing/harness.js";
import type { Simulator } from "../../src/sim/index.js";
import { parseStep } from "../../src/sim/cli-steps.js";
import { actionStep } from "../../src/sim/cli-action.js";
import { buildDemoCharm, demoSim, inProcess } from "../demo/support.js";

const expected = { "unit-state": "clustered", "is-leader": "true", peers: "2", "clustered-peers": "2", "peer-units": { all: "mysql/1,mysql/2", clustered: "mysql/1,mysql/2" } };

/** Every value of the peer application bag and the leader settings, the cluster password among them. */
function secretsOf(model: Harness | Simulator): string[] {
  const bag = model.appDatabag("mysql", "cluster");
  expect(bag["cluster-password"]?.length).toBeGreaterThanOrEqual(8);
  return Object.values(bag);
}

describe("get-cluster-status", () => {
  let sim: Simulator | undefined;
  afterAll(async () => sim?.close());

  it("in the harness: the unit's cluster state, its clustered peers and leadership, no password", async () => {
    const h = new Harness({ seed: 3 });
    h.addApplication("mysql", inProcess.mysql, 3);
    await h.settle();
    const out = await h.runAction("mysql/0", "get-cluster-status", { "include-peers": true });
    expect(out).toMatchObject({ status: "completed", message: "", logs: ["reading the cluster peers"], results: expected });
    expect((await h.runAction("mysql/1", "get-cluster-status")).results).toEqual({ "unit-state": "clustered", "is-leader": "false", peers: "2", "clustered-peers": "2" });
    const bad = await h.runAction("mysql/0", "get-cluster-status", { "include-peers": "yes" });
    expect(bad).toMatchObject({ status: "failed", message: 'invalid parameters for action get-cluster-status: "include-peers" must be boolean' });
    for (const secret of secretsOf(h)) expect(JSON.stringify([out, bad])).not.toContain(secret);
  });

  it("in the simulator, from the run-action step: printed, escaped, no password", async () => {
    // One unit keeps the case short (the harness case above forms the cluster); the password is put in the peer application bag.
    sim = await demoSim(await buildDemoCharm(), { seed: 3 });
    sim.addUnits(1);
    await sim.runUntilQuiet();
    sim.writeDatabag("mysql", "cluster", { "cluster-password": "pw-in-the-peer-app-bag" });
    const step = parseStep("run-action:mysql/0:get-cluster-status:include-peers=true");
    if (typeof step === "string" || step.kind !== "run-action") throw new Error(String(step));
    expect(step.params).toEqual({ "include-peers": true });
    let printed = "";
    expect(await actionStep(sim, step, { stdout: { write: (t: string) => (printed += t) } })).toBeUndefined();
    expect(printed).toBe(
      "\naction 1 get-cluster-status on mysql/0: completed\n  log: reading the cluster peers\n  results:\n" +
        "    clustered-peers: 0\n    is-leader: true\n    peer-units:\n      all: \n      clustered: \n    peers: 0\n    unit-state: not-connected\n",
    );
    const out = await sim.runAction("mysql/0", "get-cluster-status", { "include-peers": false, extra: 1 });
    expect(out).toMatchObject({ status: "failed", message: 'invalid parameters for action get-cluster-status: "extra" is not a parameter of get-cluster-status' });
    for (const secret of secretsOf(sim)) expect(printed + JSON.stringify(out)).not.toContain(secret);
    const refused = parseStep("run-action:mysql/9:get-cluster-status");
    if (typeof refused === "string" || refused.kind !== "run-action") throw new Error(String(refused));
    expect(await actionStep(sim, refused, { stdout: { write: () => undefined } })).toMatch(/mysql\/9/);
  });
});
