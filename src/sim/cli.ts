/**
 * `relgen sim`: deploy a charm on the model simulator, apply scaling steps,
 * run each until the model is quiet, and print what happened.
 */
import { parseArgs } from "node:util";
import { Simulator } from "./simulator.js";
import { SimulationNotQuietError } from "../juju/engine.js";
import { flagsText, statusText, summaryText, tableHeader, tableLayout, tableRow, truncate } from "./cli-format.js";
import type { HookRecord } from "../juju/engine.js";

export interface SimIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
}

export const SIM_USAGE = `usage: relgen sim --charm DIR [options]

Deploys the charm's units on a local Juju model simulator, runs every hook as
Juju would (separate processes, real hook tools), and prints one line per hook.

options:
  --charm DIR            charm directory (metadata.yaml and dispatch)            (required)
  --app NAME             application name                                        (default: the charm's name)
  --units N              units to deploy first                                   (default 3)
  --then STEP            a step after the deploy, repeatable:
                           scale:N        add units until there are N
                           add:N          add N units
                           remove:UNIT    remove a unit (e.g. remove:mysql/4)
                           config:K=V     change an application config value
  --seed N               PRNG seed for the event order                           (default random)
  --timeout MS           kill a hook after MS milliseconds                       (default 30000)
  --max-hooks N          give up on a step after N hooks                         (default 10000)
  --expect-flags F,G     after each step every unit must have these flags
  --quiet                no per-hook table, only the summary
  --all-flags            show every flag (default: endpoint.* flags are counted)
  --keep-workdir         keep the simulation's work directory and print its path
  --client auto|c|node   hook-tool client                                        (default auto)
  -h, --help             this help

Exits 0 when every step settled with no hook failing (and the expected flags
are there), 1 otherwise, 2 on a usage error.
`;

type Step = { kind: "add"; n: number } | { kind: "scale"; n: number } | { kind: "remove"; unit: string } | { kind: "config"; key: string; value: string };

function parseStep(text: string): Step | string {
  const [kind, arg = ""] = [text.slice(0, text.indexOf(":")), text.slice(text.indexOf(":") + 1)];
  if (!text.includes(":")) return `bad step "${text}" (expected scale:N, add:N, remove:UNIT or config:KEY=VALUE)`;
  if (kind === "scale" || kind === "add") {
    const n = Number(arg);
    if (!Number.isInteger(n) || n < 0) return `bad step "${text}": ${kind} needs a whole number`;
    return { kind, n };
  }
  if (kind === "remove") return arg ? { kind, unit: arg } : `bad step "${text}": remove needs a unit name`;
  if (kind === "config") {
    const eq = arg.indexOf("=");
    return eq > 0 ? { kind, key: arg.slice(0, eq), value: arg.slice(eq + 1) } : `bad step "${text}": config needs KEY=VALUE`;
  }
  return `bad step "${text}" (expected scale:N, add:N, remove:UNIT or config:KEY=VALUE)`;
}

function stepLabel(s: Step): string {
  return s.kind === "remove" ? `remove:${s.unit}` : s.kind === "config" ? `config:${s.key}` : `${s.kind}:${s.n}`;
}

const defaultIo: SimIo = { stdout: process.stdout, stderr: process.stderr };

export async function simCommand(argv: string[], io: SimIo = defaultIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        charm: { type: "string" },
        app: { type: "string" },
        units: { type: "string", default: "3" },
        then: { type: "string", multiple: true, default: [] },
        seed: { type: "string" },
        timeout: { type: "string", default: "30000" },
        "max-hooks": { type: "string", default: "10000" },
        "expect-flags": { type: "string" },
        quiet: { type: "boolean", default: false },
        "all-flags": { type: "boolean", default: false },
        "keep-workdir": { type: "boolean", default: false },
        client: { type: "string", default: "auto" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    io.stderr.write(`relgen sim: ${(e as Error).message}\n\n${SIM_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(SIM_USAGE);
    return 0;
  }
  const usage = (msg: string): number => {
    io.stderr.write(`relgen sim: ${msg}\n`);
    return 2;
  };
  if (!values.charm) return usage("--charm DIR is required (see relgen sim --help)");
  const num = (text: string | undefined, min: number): number | undefined => {
    const n = Number(text);
    return text !== undefined && Number.isInteger(n) && n >= min ? n : undefined;
  };
  const units = num(values.units, 0);
  const timeout = num(values.timeout, 1);
  const maxHooks = num(values["max-hooks"], 1);
  const seed = values.seed === undefined ? undefined : num(values.seed, 0);
  if (units === undefined) return usage("--units needs a whole number");
  if (timeout === undefined) return usage("--timeout needs a positive number of milliseconds");
  if (maxHooks === undefined) return usage("--max-hooks needs a positive number");
  if (values.seed !== undefined && seed === undefined) return usage("--seed needs a non-negative whole number");
  if (!["auto", "c", "node"].includes(values.client!)) return usage("--client must be auto, c or node");
  const steps: Step[] = [{ kind: "add", n: units }];
  for (const t of values.then ?? []) {
    const s = parseStep(t);
    if (typeof s === "string") return usage(s);
    steps.push(s);
  }
  const expected = (values["expect-flags"] ?? "").split(",").map((f) => f.trim()).filter(Boolean);

  const tty = io.stdout.isTTY === true;
  const quiet = values.quiet === true;
  let progress = "";
  const clearProgress = (): void => {
    if (tty && progress) io.stdout.write("\r\x1b[K");
  };
  const showProgress = (text: string): void => {
    if (!tty) return;
    progress = text;
    io.stdout.write(`\r\x1b[K${text}`);
  };

  let sim: Simulator;
  try {
    sim = await Simulator.create({
      charmDir: values.charm,
      ...(values.app ? { app: values.app } : {}),
      hookTimeoutMs: timeout,
      ...(seed !== undefined ? { seed } : {}),
      keepWorkDir: values["keep-workdir"] === true,
      client: values.client as "auto" | "c" | "node",
    });
  } catch (e) {
    io.stderr.write(`relgen sim: cannot start the simulator: ${(e as Error).message}\n`);
    return 1;
  }
  const layout = tableLayout(sim.app, values["all-flags"] === true);
  let stepIndex = 0;
  let stepHooks = 0;
  sim.onHook((r: HookRecord) => {
    stepHooks++;
    clearProgress();
    if (!quiet) io.stdout.write(tableRow(r, layout));
    showProgress(`step ${stepIndex + 1}/${steps.length} ${stepLabel(steps[stepIndex]!)}: ${stepHooks} hooks…`);
  });

  let code = 0;
  try {
    io.stdout.write(`simulating ${sim.app} from ${values.charm} (seed ${sim.seed}, ${sim.client.kind} hook-tool client)\n`);
    if (sim.client.reason) io.stderr.write(`note: using the Node hook-tool client: ${sim.client.reason}\n`);
    for (; stepIndex < steps.length; stepIndex++) {
      const step = steps[stepIndex]!;
      stepHooks = 0;
      if (!quiet) io.stdout.write(`\n== step ${stepIndex + 1}/${steps.length}: ${stepLabel(step)}\n${tableHeader(layout)}`);
      const problem = applyStep(sim, step);
      if (problem) {
        io.stderr.write(`relgen sim: step ${stepLabel(step)}: ${problem}\n`);
        code = 1;
        break;
      }
      try {
        await sim.runUntilQuiet({ maxHooks });
      } catch (e) {
        clearProgress();
        if (!(e instanceof SimulationNotQuietError)) throw e;
        io.stderr.write(`relgen sim: step ${stepIndex + 1} (${stepLabel(step)}) did not settle: ${e.message}\n`);
        code = 1;
        break;
      }
      clearProgress();
      const failures = sim.failures();
      if (failures.length) {
        const list = failures.map((f) => `${f.unit} ${f.hook} (failed ${f.attempts} times)`).join(", ");
        io.stderr.write(`relgen sim: step ${stepIndex + 1} (${stepLabel(step)}): hooks still failing: ${list}\n`);
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
          io.stderr.write(`relgen sim: after step ${stepIndex + 1} (${stepLabel(step)}) units lack expected flags: ${list}\n`);
          code = 1;
          break;
        }
      }
    }
    clearProgress();
    io.stdout.write("\nunits:\n");
    for (const u of sim.units()) {
      const lead = sim.leader() === u ? " (leader)" : "";
      io.stdout.write(`  ${u}${lead}  ${truncate(statusText(sim.status(u)), 40)}  flags: ${flagsText(sim.flags(u), layout.allFlags)}\n`);
    }
    io.stdout.write(summaryText(sim.hooks, sim.seed, sim.client.kind));
    if (values["keep-workdir"]) io.stdout.write(`work dir kept: ${sim.workDir}\n`);
  } finally {
    clearProgress();
    await sim.close();
  }
  return code;
}

function applyStep(sim: Simulator, step: Step): string | undefined {
  switch (step.kind) {
    case "add":
      sim.addUnits(step.n);
      return undefined;
    case "scale": {
      const alive = sim.allUnits().filter((u) => u.life === "alive").length;
      if (step.n < alive) return `cannot scale down to ${step.n} (use remove:UNIT)`;
      sim.addUnits(step.n - alive);
      return undefined;
    }
    case "remove":
      if (!sim.allUnits().some((u) => u.name === step.unit && u.life === "alive")) {
        const app = step.unit.split("/")[0];
        const hint = app !== sim.app ? ` (the application is named ${sim.app}; deploy with --app ${app} to name it ${app})` : "";
        return `no live unit ${step.unit}${hint}`;
      }
      sim.removeUnit(step.unit);
      return undefined;
    case "config":
      sim.setConfig({ [step.key]: step.value });
      return undefined;
  }
}
