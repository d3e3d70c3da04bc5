/** The demo deployment (examples/deployment.ts, which marks each step) in the harness, as a run document. */
import { runDeployment } from "../../examples/deployment.js";
import type { JujuEngine } from "../../src/juju/engine.js";
import { runDocument, type RunDocument } from "../../src/report/document.js";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "../demo/support.js";

export interface DemoRun {
  readonly doc: RunDocument;
  /** Every secret value the model held after some step: passwords and secret contents but usernames. */
  readonly secrets: ReadonlySet<string>;
}

/** Adds the model's secret values now to `into` (as test/demo/deployment.test.ts collects them). */
function secretValues(e: JujuEngine<unknown>, into: Set<string>): void {
  for (const rel of e.relations()) {
    const password = rel.peer ? e.appDatabag(rel.endpoints[0]!.app, rel.id)["cluster-password"] : undefined;
    if (password) into.add(password);
  }
  for (const secret of e.secrets()) for (const [key, value] of Object.entries(e.secretContent(secret.id))) if (key !== "username") into.add(value);
}

export async function demoRun(steps: number, seed = 1): Promise<DemoRun> {
  const h = new Harness({ seed });
  const secrets = new Set<string>();
  await runDeployment(h, inProcess, {
    steps,
    onStep(report) {
      if (report.problems.length > 0) throw new Error(`${report.step}: ${report.problems.join("; ")}`);
      secretValues(h as JujuEngine<unknown>, secrets);
    },
  });
  return { doc: runDocument(h as JujuEngine<unknown>), secrets };
}
