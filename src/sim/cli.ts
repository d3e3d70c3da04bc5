/**
 * `relgen sim`: deploy a charm, or a bundle of related charms, on the model
 * simulator, apply steps (scaling, relations, config), run each until the
 * model is quiet, and print what happened.
 */
import { join } from "node:path";
import { SignalWatch } from "./interrupt.js";
import { Simulator } from "./simulator.js";
import { BundleError, DEFAULT_UNITS, readBundle, type Bundle } from "../juju/bundle.js";
import { DEFAULT_MAX_UNITS, SimulationNotQuietError } from "../juju/engine.js";
import { failuresText, relationsText, summaryText, tableHeader, tableLayout, tableRow, troubleText, unitsText, type AppShape } from "./cli-format.js";
import { keepUnitLog, logLine, logPasses, parseLogLevel, Scrubber, stepJson, timelineKind, writeTimeline } from "./cli-report.js";
import { failureDocs, type StepDoc } from "../report/document.js";
import { hookTrouble } from "../report/why.js";
import { actionStep } from "./cli-action.js";
import { applyStep, parseCount, parseStep, stepLabel, unitCount, type Step } from "./cli-steps.js";
import type { HookRecord } from "../juju/engine.js";
import { visible } from "../runtime/text.js";
import { parseOptions } from "../cli/command-line.js";

export interface SimIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown };
}

export const SIM_USAGE = `usage: relgen sim --charm DIR [options]
       relgen sim --bundle FILE [options]

Deploys a charm's units, or a bundle's applications and relations, on a local
Juju model simulator, runs every hook as Juju would (separate processes, real
hook tools), and prints one line per hook.

options:
  --charm DIR            charm directory (metadata.yaml and dispatch)
  --app NAME             with --charm: application name                          (default: the charm's name)
  --units N              with --charm: units to deploy first                     (default 3)
  --bundle FILE          a Juju bundle instead of --charm (see below)
  --then STEP            a step after the deploy, repeatable; each runs until the model is quiet:
                           add-unit:APP[=N]           add N units (default 1)
                           remove-unit:UNIT           remove a unit (e.g. remove-unit:mysql/4)
                           relate:A:EP,B:EP           relate two endpoints (or relate:A,B
                                                      when only one pair of endpoints fits)
                           remove-relation:A:EP,B:EP  remove a relation (or remove-relation:A,B)
                           remove-application:APP     remove an application and its relations
                           config:APP:KEY=VALUE       change an application's config option
                         with one application (as with --charm), also:
                           scale:N                    add units until there are N
                           add:N                      add N units
                           remove:UNIT                remove a unit
                           config:KEY=VALUE           change a config option
  --seed N               PRNG seed for the event order                           (default random)
  --timeout MS           kill a hook after MS milliseconds                       (default 30000)
  --max-hooks N          give up on a step after N hooks                         (default 10000)
  --max-units N          the most units the model may hold at once; a bundle,    (default ${DEFAULT_MAX_UNITS})
                         --units or a step past it is refused before it deploys
  --jobs N               run hooks of up to N different units at once, as Juju   (default 1: a seed
                         does (the order then depends on timing)                  reproduces a run)
  --expect-flags F,G     after each step every unit of every application must have these flags
  --quiet                no per-hook table, only the summary
  --log                  stream every juju-log line of every unit, as UNIT LEVEL HOOK: MESSAGE
  --log-level LEVEL      with --log (or alone): only lines at LEVEL or above     (default DEBUG)
                         (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)
  --format text|json     json: after each step, one line of JSON with the model  (default text)
                         (applications, units, relations and their bags, secrets
                         without content), the step's hooks and the units in
                         error, secrets redacted (docs/sim-run-format.md);
                         --log lines and run-action output then go to stderr
  --timeline FILE        at the end, draw the run: one lane per unit, a box per
                         hook (.svg, or .html where hovering a box shows its
                         tool calls)
  --all-flags            show every flag (default: endpoint.* flags are counted)
  --keep-workdir         keep the simulation's work directory and print its path;
                         each unit's log is kept there as logs/UNIT.log
  --client auto|c|node   hook-tool client                                        (default auto)
  -h, --help             this help

--bundle reads a Juju bundle.yaml:

  applications:                # or the legacy "services:"
    mysql:
      charm: ./charms/mysql    # a local charm directory, relative to the bundle file
      num_units: 2             # default ${DEFAULT_UNITS}, as Juju deploys machine charms ("scale:" also works)
      options:                 # config over the charm's config.yaml defaults
        cluster-name: shop
    webapp:
      charm: ./charms/webapp
  relations:
    - ["webapp:database", "mysql:database"]   # or ["webapp", "mysql"], as with juju integrate

Keys that do not matter here (series, base, to, constraints, expose, machines,
channel, revision...) are ignored; an unknown key in an application is a
warning. The whole bundle is checked first (charm directories, options,
relations against the charms' metadata): a problem is reported as
FILE:LINE: ... and nothing is deployed.

A failed hook's row is followed by its ERROR and WARNING juju-log lines and
the last lines of its stderr; the end lists every unit in error with its hook,
its tries and the last reason. Every text from a charm is escaped and bounded,
and no secret of the model (secret contents, leader settings, credential keys'
values) is shown.

Exits 0 when every step settled with no hook failing (and the expected flags
are there); 1 when the bundle is invalid, the model refuses a step, a step does
not settle, a hook keeps failing or a flag is missing; 2 on a usage error; 130
or 143 when SIGINT or SIGTERM stops it (its hooks are killed and the work dir
removed, unless --keep-workdir).
`;

/** `db (1 unit), web (2 units)`: what a bundle deploys. */
function bundleText(bundle: Bundle): string {
  return bundle.applications.map((a) => `${a.name} (${a.units} unit${a.units === 1 ? "" : "s"})`).join(", ");
}

const defaultIo: SimIo = { stdout: process.stdout, stderr: process.stderr };
/** The longest delay Node's timers take (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Hooks at once: each is a process. */
const MAX_JOBS = 1024;

export async function simCommand(argv: string[], io: SimIo = defaultIo): Promise<number> {
  // The one parser of relgen's commands (`parseOptions`): its complaints read the same everywhere.
  const read = parseOptions(argv, {
    charm: { type: "string" },
    bundle: { type: "string" },
    app: { type: "string" },
    units: { type: "string" },
    then: { type: "string", multiple: true, default: [] },
    seed: { type: "string" },
    timeout: { type: "string", default: "30000" },
    "max-hooks": { type: "string", default: "10000" },
    "max-units": { type: "string", default: String(DEFAULT_MAX_UNITS) },
    jobs: { type: "string", default: "1" },
    "expect-flags": { type: "string" },
    quiet: { type: "boolean", default: false },
    log: { type: "boolean", default: false },
    "log-level": { type: "string" },
    format: { type: "string", default: "text" },
    timeline: { type: "string" },
    "all-flags": { type: "boolean", default: false },
    "keep-workdir": { type: "boolean", default: false },
    client: { type: "string", default: "auto" },
  });
  if ("help" in read) {
    io.stdout.write(SIM_USAGE);
    return 0;
  }
  const refused = "error" in read ? read.error : read.positionals.length > 0 ? `unexpected argument ${read.positionals[0]!}: every input is an option` : null;
  if (refused !== null || "error" in read) {
    io.stderr.write(`relgen sim: ${visible(refused ?? "")}\n\n${SIM_USAGE}`);
    return 2;
  }
  const values = read.values;
  const usage = (msg: string): number => {
    io.stderr.write(`relgen sim: ${visible(msg)}\n`);
    return 2;
  };
  if (values.charm && values.bundle) return usage("--charm and --bundle cannot be used together: the bundle names its charms");
  if (!values.charm && !values.bundle) return usage("--charm DIR or --bundle FILE is required (see relgen sim --help)");
  if (values.bundle && values.app !== undefined) return usage("--app only applies to --charm: a bundle names its applications");
  if (values.bundle && values.units !== undefined) return usage("--units only applies to --charm: a bundle gives each application's num_units");
  // Every number is digits only, within bounds: `1e400`, `-3` or `99999999999999999999` is one clear line.
  const maxUnits = parseCount(values["max-units"]!, 1, Number.MAX_SAFE_INTEGER);
  if (typeof maxUnits === "string") return usage(`--max-units needs a number of units: ${maxUnits}`);
  const units = unitCount(values.units ?? "3", 0, maxUnits);
  const timeout = parseCount(values.timeout!, 1, MAX_TIMER_MS);
  const maxHooks = parseCount(values["max-hooks"]!, 1, Number.MAX_SAFE_INTEGER);
  const jobs = parseCount(values.jobs!, 1, MAX_JOBS);
  const seed = values.seed === undefined ? undefined : parseCount(values.seed, 0, 0xffffffff);
  if (typeof units === "string") return usage(`--units needs a number of units: ${units}`);
  if (typeof timeout === "string") return usage(`--timeout needs a number of milliseconds: ${timeout}`);
  if (typeof maxHooks === "string") return usage(`--max-hooks needs a number of hooks: ${maxHooks}`);
  if (typeof jobs === "string") return usage(`--jobs needs a number of hooks at once: ${jobs}`);
  if (typeof seed === "string") return usage(`--seed needs a whole number: ${seed}`);
  if (!["auto", "c", "node"].includes(values.client!)) return usage("--client must be auto, c or node");
  if (values.format !== "text" && values.format !== "json") return usage("--format must be text or json");
  const logLevel = values["log-level"] === undefined ? "DEBUG" : parseLogLevel(values["log-level"]);
  if (logLevel === null) return usage("--log-level must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL");
  const logging = values.log === true || values["log-level"] !== undefined;
  if (values.timeline !== undefined && timelineKind(values.timeline) === null) return usage("--timeline needs a file ending in .svg or .html");
  const steps: Step[] = [];
  for (const t of values.then ?? []) {
    const s = parseStep(t, { maxUnits });
    if (typeof s === "string") return usage(s);
    steps.push(s);
  }
  const expected = (values["expect-flags"] ?? "").split(",").map((f) => f.trim()).filter(Boolean);

  // The whole bundle is checked before the simulator starts: a bad one deploys nothing.
  let bundle: Bundle | undefined;
  if (values.bundle) {
    try {
      bundle = readBundle(values.bundle, { maxUnits });
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      io.stderr.write(`relgen sim: ${visible(e.message)}\n`);
      return 1;
    }
    for (const warning of bundle.warnings) io.stderr.write(`relgen sim: warning: ${visible(warning)}\n`);
    steps.unshift({ kind: "deploy", text: `deploy ${bundle.file}`, bundle });
  } else {
    steps.unshift({ kind: "add", text: `add:${units}`, n: units });
  }

  const json = values.format === "json";
  const tty = io.stdout.isTTY === true && !json;
  const width = tty ? io.stdout.columns : undefined;
  // With JSON on stdout, nothing else goes there: no table, no progress, the log on stderr.
  const quiet = values.quiet === true || json;
  const allFlags = values["all-flags"] === true;
  let progress = "";
  const clearProgress = (): void => {
    if (tty && progress) io.stdout.write("\r\x1b[K");
  };
  const showProgress = (text: string): void => {
    if (!tty) return;
    progress = text;
    io.stdout.write(`\r\x1b[K${text}`);
  };

  // SIGINT, SIGTERM: stop the hooks, close the simulator, exit 130 or 143 (see interrupt.ts).
  const signals = new SignalWatch(values["keep-workdir"] === true);
  let sim: Simulator;
  try {
    sim = await Simulator.create({
      ...(values.charm ? { charmDir: values.charm } : {}),
      ...(values.app ? { app: values.app } : {}),
      hookTimeoutMs: timeout,
      maxUnits,
      ...(seed !== undefined ? { seed } : {}),
      keepWorkDir: values["keep-workdir"] === true,
      client: values.client as "auto" | "c" | "node",
    });
  } catch (e) {
    signals.dispose();
    io.stderr.write(`relgen sim: cannot start the simulator: ${visible((e as Error).message)}\n`);
    return 1;
  }
  signals.attach(sim);
  const shapes: AppShape[] = bundle
    ? bundle.applications.map((a) => ({ name: a.name, endpoints: a.charm.metadata.endpoints }))
    : [{ name: sim.app, endpoints: sim.endpoints(sim.app) }];
  const layout = tableLayout(shapes, allFlags);
  const scrubber = new Scrubber(sim);
  let stepIndex = 0;
  let stepHooks = 0;
  sim.onHook((r: HookRecord) => {
    stepHooks++;
    scrubber.invalidate();
    clearProgress();
    if (!quiet) io.stdout.write(tableRow(r, layout) + (r.ok ? "" : troubleText(hookTrouble(r, scrubber.scrub))));
    if (values["keep-workdir"]) keepUnitLog(join(sim.workDir, "logs"), r, scrubber.scrub);
    showProgress(`step ${stepIndex + 1}/${steps.length} ${visible(stepLabel(steps[stepIndex]!))}: ${stepHooks} hooks…`);
  });
  if (logging) {
    const logTo = json ? io.stderr : io.stdout;
    sim.onLog((unit, entry) => {
      if (!logPasses(entry.level, logLevel)) return;
      clearProgress();
      logTo.write(logLine(unit, entry, scrubber.scrub));
    });
  }

  let code = 0;
  try {
    const what = bundle ? `${bundleText(bundle)} from ${bundle.file}` : `${sim.app} from ${values.charm}`;
    if (!json) io.stdout.write(`simulating ${visible(what)} (seed ${sim.seed}, ${sim.client.kind} hook-tool client)\n`);
    if (sim.client.reason) io.stderr.write(`note: using the Node hook-tool client: ${visible(sim.client.reason)}\n`);
    for (; stepIndex < steps.length && !signals.caught; stepIndex++) {
      const step = steps[stepIndex]!;
      const label = `${stepIndex + 1} (${stepLabel(step)})`;
      const firstHook = sim.hooks.length;
      stepHooks = 0;
      const ended = (result: StepDoc["result"], problem: string | null): void => {
        if (json) io.stdout.write(stepJson(sim, { index: stepIndex + 1, count: steps.length, text: step.text, result, problem }, firstHook));
      };
      sim.mark(stepLabel(step));
      const problem = step.kind === "run-action" ? await actionStep(sim, step, { stdout: json ? io.stderr : io.stdout }) : applyStep(sim, step, bundle === undefined);
      if (problem) {
        io.stderr.write(`relgen sim: step ${visible(step.text)}: ${visible(problem)}\n`);
        ended("refused", problem);
        code = 1;
        break;
      }
      if (!quiet) io.stdout.write(`\n== step ${stepIndex + 1}/${steps.length}: ${visible(stepLabel(step))}\n${tableHeader(layout)}`);
      try {
        await sim.runUntilQuiet({ maxHooks, jobs });
      } catch (e) {
        clearProgress();
        if (!(e instanceof SimulationNotQuietError)) throw e;
        io.stderr.write(`relgen sim: step ${visible(label)} did not settle: ${visible(e.message)}\n`);
        ended("not-settled", e.message);
        code = 1;
        break;
      }
      clearProgress();
      if (signals.caught) {
        ended("interrupted", `interrupted by ${signals.caught}`);
        break;
      }
      const failures = sim.failures();
      if (failures.length) {
        const list = failures.map((f) => `${f.unit} ${f.hook} (failed ${f.attempts} times)`).join(", ");
        io.stderr.write(`relgen sim: step ${visible(label)}: hooks still failing: ${visible(list)}\n`);
        ended("hooks-failing", `hooks still failing: ${list}`);
        code = 1;
        break;
      }
      if (expected.length) {
        const missing = sim
          .units()
          .map((u) => ({ u, miss: expected.filter((f) => !sim.flags(u).includes(f)) }))
          .filter((m) => m.miss.length > 0);
        if (missing.length) {
          const list = missing.map((m) => `${m.u} (missing ${m.miss.join(", ")})`).join("; ");
          io.stderr.write(`relgen sim: after step ${visible(label)} units lack expected flags: ${visible(list)}\n`);
          ended("flags-missing", `units lack expected flags: ${list}`);
          code = 1;
          break;
        }
      }
      ended("settled", null);
    }
    clearProgress();
    if (!json) {
      const apps = sim.applications().map((app) => ({
        name: app,
        units: sim.units(app).map((u) => ({ name: u, leader: sim.leader(app) === u, status: sim.status(u), flags: sim.flags(u) })),
      }));
      io.stdout.write(unitsText(apps, allFlags, width));
      io.stdout.write(failuresText(failureDocs(sim, scrubber.scrub)));
      io.stdout.write(relationsText(sim.relations()));
      io.stdout.write(summaryText(sim.hooks, sim.seed, sim.client.kind));
    }
    if (values.timeline !== undefined) {
      const why = writeTimeline(sim, values.timeline);
      if (why) {
        io.stderr.write(`relgen sim: cannot write the timeline ${visible(values.timeline)}: ${why}\n`);
        code = 1;
      } else if (!json) io.stdout.write(`timeline: ${visible(values.timeline)}\n`);
    }
    if (values["keep-workdir"]) (json ? io.stderr : io.stdout).write(`work dir kept: ${visible(sim.workDir)}\n`);
  } finally {
    clearProgress();
    await sim.close();
    signals.dispose();
    if (signals.caught) {
      const workDir = values["keep-workdir"] ? `work dir kept: ${visible(sim.workDir)}` : "work dir removed";
      io.stderr.write(`relgen sim: interrupted by ${signals.caught}: hooks stopped, ${workDir}\n`);
      code = signals.exitCode;
    }
  }
  return code;
}
