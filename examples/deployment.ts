/**
 * The demo deployment, step by step, with what each step must reach: a MySQL
 * InnoDB Cluster of 3 units and a web application of 2 that uses it as its
 * database; the cluster scales out and in, the web application grows, the
 * relation goes and comes back. It runs on either driver of relgen's one Juju
 * (`npm start` uses the simulator; the tests use both).
 */
import type { Bundle } from "../src/juju/bundle.js";
import type { JujuEngine } from "../src/juju/engine.js";

export interface DemoCharms<C> {
  readonly mysql: C;
  readonly webapp: C;
}

export interface StepReport {
  readonly step: string;
  readonly hooks: number;
  readonly seconds: number;
  /** What the step expected and did not find (empty when it converged as it should). */
  readonly problems: readonly string[];
  /** The model after the step, as a compact table. */
  readonly table: string;
}

const CLUSTERED = ["cluster.available", "cluster.clustered", "cluster.connected"];
const DATABASE = ["database.available", "database.connected"];
const endpoints = (n: number): string => Array.from({ length: n }, (_, i) => `10.5.0.${10 + i}:3306`).join(",");

interface Expect {
  readonly mysql: readonly string[];
  readonly webapp: readonly string[];
  /** Flags every unit must have, by application (other interface flags must be absent). */
  readonly flags: { readonly mysql: readonly string[]; readonly webapp: readonly string[] };
  readonly status: { readonly mysql: string; readonly webapp: string };
  /** Hooks that must have run in this step, as `<app> <hook>` on every unit of the app. */
  readonly ran?: readonly string[];
}

interface Step<C> {
  readonly label: string;
  apply(e: JujuEngine<C>, charms: DemoCharms<C>, bundle?: Bundle): void;
  readonly expect: Expect;
}

const ready = (n: number): Expect["status"] => ({ mysql: "active: Unit is ready and clustered", webapp: `active: Connected to ${endpoints(n)}` });
const related = { mysql: [...CLUSTERED, ...DATABASE], webapp: DATABASE };

export function demoSteps<C>(): Step<C>[] {
  return [
    {
      label: "deploy 3 mysql and 2 webapp, related",
      apply(e, charms, bundle) {
        if (bundle) return e.deploy(bundle, (app) => charmOf(charms, app.name));
        e.addApplication("mysql", charms.mysql, 3);
        e.addApplication("webapp", charms.webapp, 2);
        e.relate("webapp:database", "mysql:database");
      },
      expect: { mysql: ["mysql/0", "mysql/1", "mysql/2"], webapp: ["webapp/0", "webapp/1"], flags: related, status: ready(3) },
    },
    {
      label: "scale mysql to 5",
      apply: (e) => void e.addUnits("mysql", 2),
      expect: { mysql: ["mysql/0", "mysql/1", "mysql/2", "mysql/3", "mysql/4"], webapp: ["webapp/0", "webapp/1"], flags: related, status: ready(5) },
    },
    {
      label: "remove mysql/4",
      apply: (e) => e.removeUnit("mysql/4"),
      expect: { mysql: ["mysql/0", "mysql/1", "mysql/2", "mysql/3"], webapp: ["webapp/0", "webapp/1"], flags: related, status: ready(4) },
    },
    {
      label: "add a webapp unit",
      apply: (e) => void e.addUnits("webapp", 1),
      expect: { mysql: ["mysql/0", "mysql/1", "mysql/2", "mysql/3"], webapp: ["webapp/0", "webapp/1", "webapp/2"], flags: related, status: ready(4) },
    },
    {
      label: "remove the relation",
      apply: (e) => e.removeRelation("webapp:database", "mysql:database"),
      expect: {
        mysql: ["mysql/0", "mysql/1", "mysql/2", "mysql/3"],
        webapp: ["webapp/0", "webapp/1", "webapp/2"],
        flags: { mysql: CLUSTERED, webapp: [] },
        status: { mysql: "active: Unit is ready and clustered", webapp: "blocked: needs a database: juju integrate webapp:database <mysql>:database" },
        ran: ["mysql database-relation-broken", "webapp database-relation-broken"],
      },
    },
    {
      label: "relate them again",
      apply: (e) => void e.relate("webapp:database", "mysql:database"),
      expect: { mysql: ["mysql/0", "mysql/1", "mysql/2", "mysql/3"], webapp: ["webapp/0", "webapp/1", "webapp/2"], flags: related, status: ready(4) },
    },
  ];
}

function charmOf<C>(charms: DemoCharms<C>, app: string): C {
  if (app !== "mysql" && app !== "webapp") throw new Error(`the demo bundle deploys mysql and webapp, not ${app}`);
  return charms[app];
}

const iface = (flags: readonly string[]): string[] => flags.filter((f) => !f.startsWith("endpoint.") && !f.startsWith("demo."));

function check<C>(e: JujuEngine<C>, expect: Expect, hooks: readonly { unit: string; app: string; hook: string }[]): string[] {
  const problems: string[] = [];
  for (const app of ["mysql", "webapp"] as const) {
    const units = e.units(app);
    if (units.join(",") !== expect[app].join(",")) problems.push(`${app} has units ${units.join(", ") || "none"}, not ${expect[app].join(", ")}`);
    for (const unit of units) {
      const flags = iface(e.flags(unit)).sort();
      const wanted = [...expect.flags[app]].sort();
      if (flags.join(",") !== wanted.join(",")) problems.push(`${unit} has flags ${flags.join(", ") || "none"}, not ${wanted.join(", ") || "none"}`);
      const status = e.status(unit);
      const text = `${status.state}: ${status.message}`;
      if (text !== expect.status[app]) problems.push(`${unit} is "${text}", not "${expect.status[app]}"`);
    }
  }
  for (const ran of expect.ran ?? []) {
    const [app, hook] = ran.split(" ") as [string, string];
    for (const unit of e.units(app)) if (!hooks.some((h) => h.unit === unit && h.hook === hook)) problems.push(`${unit} did not run ${hook}`);
  }
  for (const f of e.failures()) problems.push(`${f.unit}: ${f.hook} failed ${f.attempts} times`);
  return problems;
}

/** The model as a compact table: applications, units with status and interface flags, relations. */
export function modelTable<C>(e: JujuEngine<C>): string {
  const lines: string[] = [];
  for (const app of e.applications()) {
    const leader = e.leader(app);
    for (const unit of e.units(app)) {
      const s = e.status(unit);
      const name = unit === leader ? `${unit}*` : unit;
      lines.push(`  ${app.padEnd(7)} ${name.padEnd(10)} ${`${s.state}: ${s.message}`.padEnd(62)} ${iface(e.flags(unit)).join(" ")}`);
    }
  }
  for (const rel of e.relations()) {
    const ends = rel.endpoints.map((x) => `${x.app}:${x.endpoint}`).join(" ");
    lines.push(`  relation ${rel.id}: ${ends}${rel.peer ? " (peer)" : ""}, ${rel.interface}, ${rel.units.length} units in scope`);
  }
  return lines.join("\n") + "\n";
}

/**
 * Runs every step, each until the model is quiet; reports what each reached.
 * With `bundle` (examples/bundle.yaml, read), the first step deploys it.
 */
export async function runDeployment<C>(
  e: JujuEngine<C>,
  charms: DemoCharms<C>,
  options: { bundle?: Bundle; jobs?: number; onStep?: (report: StepReport) => void; /** Run only the first `steps` steps (default: all). */ steps?: number } = {},
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of demoSteps<C>().slice(0, options.steps)) {
    const before = e.hooks.length;
    const started = performance.now();
    e.mark(step.label); // the timeline draws each step
    step.apply(e, charms, options.bundle);
    await e.runUntilQuiet({ maxHooks: 5000, ...(options.jobs ? { jobs: options.jobs } : {}) });
    const hooks = e.hooks.slice(before);
    const report: StepReport = {
      step: step.label,
      hooks: hooks.length,
      seconds: (performance.now() - started) / 1000,
      problems: check(e, step.expect, hooks),
      table: modelTable(e),
    };
    reports.push(report);
    options.onStep?.(report);
  }
  return reports;
}
