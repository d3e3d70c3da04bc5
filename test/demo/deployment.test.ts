/**
 * The demo deployment (examples/deployment.ts, what `npm start` runs): the
 * cluster and the web application that uses it converge through every step
 * under 5 seeds in the harness. Its first step also runs in the simulator with
 * real hook processes, reaching the same model as the harness (all six steps
 * under more seeds: `npm run test:deployment`; `npm start` runs them too). The committed
 * app-bag bytes of both sides are checked, and so is a client hook's cost.
 */
import { describe, expect, it } from "vitest";
import { demoSteps, runDeployment, type StepReport } from "../../examples/deployment.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";
import { demoBundle, inProcess } from "./support.js";
import { XMLValidator } from "fast-xml-parser";
import { safeJson } from "../../src/report/index.js";
import { runDocumentErrors } from "../support/run-schema.js";

/**
 * The run as data and as a picture (what `npm start` writes to build/demo-run):
 * the document validates against docs/sim-run.schema.json; the timeline is one
 * lane per unit and one box per hook; none of them holds a secret value or a
 * raw control character.
 */
function checkRunReport(e: Harness | Simulator, values: ReadonlySet<string>): void {
  const doc = e.toJSON();
  expect(runDocumentErrors(doc)).toBe("");
  expect(doc.hooks).toHaveLength(e.hooks.length);
  expect(doc.marks.map((m) => m.label)).toEqual(steps.slice(0, doc.marks.length));
  const peer = doc.relations.find((r) => r.peer)!;
  expect(peer.applicationData["mysql"]!["cluster-password"]).toBe("<redacted>");
  const svg = e.timeline();
  const html = e.timeline("html");
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg.match(/<rect [^>]*class="hook (?:ok|retried|failed)"/g)).toHaveLength(e.hooks.length);
  expect(svg.match(/<rect [^>]*class="lane[^"]*" data-unit=/g)).toHaveLength(e.allUnits().length);
  for (const text of [safeJson(doc), svg, html]) {
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    for (const value of values) expect(text.includes(value), "a secret in the run's report").toBe(false);
  }
}

const PASSWORD = /^[A-Za-z0-9]{32}$/;
const steps = demoSteps().map((s) => s.label);

/**
 * Nothing a run records holds a secret: not a tool call's raw argv, a hook's
 * trace, stdout, stderr, status or flags, a unit's log or status, nor the
 * tables `npm start` prints. The values looked for are every password of
 * the model and every value of every secret's content that is not public
 * (the username is the relation's name).
 */
function expectNoSecretAnywhere(e: JujuEngine<unknown>, argv: readonly string[], reports: readonly StepReport[], values: ReadonlySet<string>): number {
  const records: string[] = [...argv, ...reports.map((r) => r.table)];
  for (const r of e.hooks) records.push(JSON.stringify([r.trace, r.stdout, r.stderr, r.status, r.flags, r.error ?? ""]));
  for (const { name } of e.allUnits()) records.push(JSON.stringify([e.logs(name), e.status(name)]));
  expect(values.size).toBeGreaterThan(1);
  for (const record of records) for (const value of values) expect(record.includes(value), `a secret in ${record.slice(0, 200)}`).toBe(false);
  return records.length;
}

/** Adds the model's secret values now (passwords, secret contents but usernames) to `into`. */
function secretValues(e: JujuEngine<unknown>, into: Set<string>): void {
  for (const p of passwords(e)) into.add(p);
  for (const secret of e.secrets()) for (const [key, value] of Object.entries(e.secretContent(secret.id))) if (key !== "username") into.add(value);
}

/** Every step (of the first `count`) converged, and no tool call of the run carried a password in its argv. */
function expectConverged(reports: readonly StepReport[], argv: readonly string[], passwords: readonly string[], count = steps.length): void {
  expect(reports.map((r) => [r.step, r.problems])).toEqual(steps.slice(0, count).map((s) => [s, []]));
  expect(passwords.length).toBeGreaterThan(0);
  for (const args of argv) for (const p of passwords) expect(args).not.toContain(p);
}

/** The passwords in the model: the cluster's, and every database user's (in its secret). */
function passwords(e: JujuEngine<unknown>): string[] {
  const out = new Set<string>();
  for (const rel of e.relations()) {
    if (rel.peer) out.add(e.appDatabag("mysql", rel.id)["cluster-password"]!);
  }
  for (const secret of e.secrets()) out.add(e.secretContent(secret.id)["password"]!);
  return [...out];
}

/** What each side committed in the relation's application bags, byte for byte, and the secret the cluster's answer points to. */
function checkAppBags(e: JujuEngine<unknown>, units: number): void {
  const rel = e.relations().find((r) => r.interface === "mysql_client")!;
  expect(e.appDatabag("webapp", rel.id)).toEqual({ database: "webapp", "requested-secrets": '["username", "password"]' });
  const answer = e.appDatabag("mysql", rel.id);
  expect(Object.keys(answer).sort()).toEqual(["database", "endpoints", "secret-user"]);
  expect(answer).toMatchObject({ database: "webapp", endpoints: Array.from({ length: units }, (_, i) => `10.5.0.${10 + i}:3306`).join(",") });
  const secret = e.secrets().find((s) => s.uri === answer["secret-user"])!;
  expect(secret).toMatchObject({ owner: "mysql", label: `database.${rel.id}.secret-user`, revision: 1, grants: [{ target: "webapp", relationId: rel.id }] });
  const content = e.secretContent(secret.id);
  expect(content.username).toBe(`relation-${rel.id}`);
  expect(content.password).toMatch(PASSWORD);
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
    const values = new Set<string>();
    const reports = await runDeployment(h, inProcess, {
      onStep(report) {
        secretValues(h as JujuEngine<unknown>, values);
        if (report.step === steps[0]) {
          checkAppBags(h as JujuEngine<unknown>, 3);
          bytesChecked = true;
        }
      },
    });
    expect(bytesChecked).toBe(true);
    expectConverged(reports, argv, passwords(h as JujuEngine<unknown>));
    expect(expectNoSecretAnywhere(h as JujuEngine<unknown>, argv, reports, values)).toBeGreaterThan(1000);
    checkAppBags(h as JujuEngine<unknown>, 4);
    checkRunReport(h, values);
  });

  // The first step in real hook processes (79 hooks); `npm start` and `npm run test:deployment` run all six.
  it("deploys in the simulator through the bundle file, reaching the harness's model, with no secret in any process's output", async () => {
    const bundle = await demoBundle();
    const [mysql, webapp] = ["mysql", "webapp"].map((name) => bundle.applications.find((a) => a.name === name)!.charm.dir) as [string, string];
    expect(bundle.applications.map((a) => [a.name, a.units])).toEqual([["mysql", 3], ["webapp", 2]]);
    expect(bundle.relations.map((r) => r.endpoints)).toEqual([["webapp:database", "mysql:database"]]);

    const h = new Harness({ seed: 21 });
    const expected = (await runDeployment(h, inProcess, { steps: 1 })).map((r) => r.table);
    const sim = await Simulator.create({ seed: 21, hookTimeoutMs: 20_000 });
    try {
      const argv: string[] = [];
      sim.observeTools((call) => argv.push(call.args.join(" ")));
      const values = new Set<string>();
      const reports = await runDeployment(sim, { mysql, webapp }, { bundle, jobs: 2, steps: 1, onStep: () => secretValues(sim as JujuEngine<unknown>, values) });
      expectConverged(reports, argv, passwords(sim as JujuEngine<unknown>), 1);
      expect(expectNoSecretAnywhere(sim as JujuEngine<unknown>, argv, reports, values)).toBeGreaterThan(300);
      expect(reports.map((r) => r.table)).toEqual(expected);
      checkAppBags(sim as JujuEngine<unknown>, 3);
      checkRunReport(sim, values);
      await checkPeerWire(sim);

      // A client hook reads only what changed (docs/read-cache.md): the cluster's app bag in a
      // -changed about the application, never a unit bag (the mysql_client schemas put nothing there), and
      // its own app bag only on the leader (after it wrote it); it writes nothing when nothing changed.
      const client = sim.hooks.filter((r) => r.app === "webapp" && r.hook === "database-relation-changed" && r.ok);
      expect(client.length).toBeGreaterThan(5);
      for (const r of client) {
        const gets = r.trace.filter((c) => c.tool === "relation-get").map((c) => c.argv.slice(-1)[0]);
        const allowed = r.unit === sim.leader("webapp") ? ["mysql", "webapp"] : ["mysql"];
        expect(gets.filter((g) => !allowed.includes(g!)), `${r.unit} ${r.hook}`).toEqual([]);
        // Once each, but in the hook that first sees a secret's URI: every relation of the endpoint is read again then.
        const firstSight = r.trace.some((c) => c.tool === "relation-list");
        expect(new Set(gets).size, `${r.unit} ${r.hook}`).toBe(firstSight ? new Set(gets).size : gets.length);
        if (r.remoteUnit === "") expect(gets, `${r.unit} ${r.hook}`).toContain("mysql");
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
