/**
 * The demo deployment (examples/deployment.ts, what `npm start` runs): the
 * cluster and the web application that uses it converge through every step
 * under 5 seeds in the harness and under one seed in the simulator with real
 * hook processes, which reaches the same model as the harness after every
 * step (more simulator seeds: `npm run test:deployment`). The committed
 * app-bag bytes of both sides are checked, and so is a client hook's cost.
 */
import { describe, expect, it } from "vitest";
import { demoSteps, runDeployment, type StepReport } from "../../examples/deployment.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import { demoBundle, inProcess } from "./support.js";

const PASSWORD = /^[A-Za-z0-9]{32}$/;
const steps = demoSteps().map((s) => s.label);

/** Every step converged, and no tool call of the run carried a password in its argv. */
function expectConverged(reports: readonly StepReport[], argv: readonly string[], passwords: readonly string[]): void {
  expect(reports.map((r) => [r.step, r.problems])).toEqual(steps.map((s) => [s, []]));
  expect(passwords.length).toBeGreaterThan(0);
  for (const args of argv) for (const p of passwords) expect(args).not.toContain(p);
}

/** The passwords in the model: the cluster's, and every database user's. */
function passwords(e: JujuEngine<unknown>): string[] {
  const out = new Set<string>();
  for (const rel of e.relations()) {
    for (const app of new Set(rel.endpoints.map((x) => x.app))) {
      const pw = e.appDatabag(app, rel.id)["password"] ?? e.appDatabag(app, rel.id)["cluster-password"];
      if (pw) out.add(pw);
    }
  }
  return [...out];
}

/** What each side committed in the relation's application bags, byte for byte. */
function checkAppBags(e: JujuEngine<unknown>, units: number): void {
  const rel = e.relations().find((r) => r.interface === "mysql_client")!;
  expect(e.appDatabag("webapp", rel.id)).toEqual({ database: "webapp", "requested-secrets": "[]" });
  const answer = e.appDatabag("mysql", rel.id);
  expect(Object.keys(answer).sort()).toEqual(["database", "endpoints", "password", "username"]);
  expect(answer).toMatchObject({
    database: "webapp",
    username: `relation-${rel.id}`,
    endpoints: Array.from({ length: units }, (_, i) => `10.5.0.${10 + i}:3306`).join(","),
  });
  expect(answer["password"]).toMatch(PASSWORD);
  // The cluster's own password sits in the peer application bag, a plain string.
  const peer = e.relations().find((r) => r.peer)!;
  expect(e.appDatabag("mysql", peer.id)["cluster-password"]).toMatch(PASSWORD);
}

describe("the demo deployment", () => {
  it.each([21, 22, 23, 24, 25])("converges through every step in the harness, seed %i", async (seed) => {
    const h = new Harness({ seed });
    const argv: string[] = [];
    h.observeTools((call) => argv.push(call.args.join(" ")));
    let bytesChecked = false;
    const reports = await runDeployment(h, inProcess, {
      onStep(report) {
        if (report.step === steps[0]) {
          checkAppBags(h as JujuEngine<unknown>, 3);
          bytesChecked = true;
        }
      },
    });
    expect(bytesChecked).toBe(true);
    expectConverged(reports, argv, passwords(h as JujuEngine<unknown>));
    checkAppBags(h as JujuEngine<unknown>, 4);
  });

  it("converges in the simulator through the bundle file, reaching the harness's model after every step", async () => {
    const bundle = await demoBundle();
    const [mysql, webapp] = ["mysql", "webapp"].map((name) => bundle.applications.find((a) => a.name === name)!.charm.dir) as [string, string];
    expect(bundle.applications.map((a) => [a.name, a.units])).toEqual([["mysql", 3], ["webapp", 2]]);
    expect(bundle.relations.map((r) => r.endpoints)).toEqual([["webapp:database", "mysql:database"]]);

    const h = new Harness({ seed: 21 });
    const expected = (await runDeployment(h, inProcess)).map((r) => r.table);
    const sim = await Simulator.create({ seed: 21, hookTimeoutMs: 20_000 });
    try {
      const argv: string[] = [];
      sim.observeTools((call) => argv.push(call.args.join(" ")));
      const reports = await runDeployment(sim, { mysql, webapp }, { bundle, jobs: 2 });
      expectConverged(reports, argv, passwords(sim as JujuEngine<unknown>));
      expect(reports.map((r) => r.table)).toEqual(expected);
      checkAppBags(sim as JujuEngine<unknown>, 4);
      await checkPeerWire(sim);

      // A client hook reads each bag it needs once: the cluster's app bag (the
      // mysql_client schemas put nothing in unit bags), its own app bag for the
      // leader; it writes nothing when nothing changed.
      const client = sim.hooks.filter((r) => r.app === "webapp" && r.hook === "database-relation-changed" && r.ok);
      expect(client.length).toBeGreaterThan(10);
      for (const r of client) {
        const gets = r.trace.filter((c) => c.tool === "relation-get").map((c) => c.argv.slice(-1)[0]);
        expect(gets.sort(), `${r.unit} ${r.hook}`).toEqual(r.unit === sim.leader("webapp") ? ["mysql", "webapp"] : ["mysql"]);
      }
      const quiet = await sim.deliver({ unit: "webapp/0", hook: "update-status" });
      expect(quiet.trace.map((c) => c.tool)).not.toContain("relation-set");
      expect(quiet.trace.map((c) => c.tool)).not.toContain("status-set");
    } finally {
      await sim.close();
    }
  }, 240_000);
});

/** A clustered unit's committed peer bag, as a peer's relation-get prints it, is the spec's wire example (password and address aside). */
async function checkPeerWire(sim: Simulator): Promise<void> {
  const bag = sim.databag("mysql/1");
  const password = JSON.parse(bag["cluster-password"]!) as string;
  expect(password).toMatch(PASSWORD);
  const expected =
    '{"cluster-address":"\\"10.5.0.21\\"","cluster-password":"\\"Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5\\"","cluster-user":"\\"clusteruser\\"","egress-subnets":"10.5.0.21/32","ingress-address":"10.5.0.21","private-address":"10.5.0.21","unit-clustered":"true","unit-configure-ready":"true"}'
      .replaceAll("Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5", password)
      .replaceAll("10.5.0.21", bag["ingress-address"]!);
  const { stdout } = await sim.execInHook("mysql/0", "update-status", ["relation-get", "--format=json", "-r", sim.relationId("cluster", "mysql"), "-", "mysql/1"]);
  expect(stdout).toBe(expected + "\n");
}
