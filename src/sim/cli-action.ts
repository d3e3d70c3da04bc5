/**
 * The `run-action:UNIT:NAME[:KEY=VALUE,...]` step of `relgen sim`: runs an
 * action as `juju run UNIT NAME KEY=VALUE...` does (each value read as a YAML
 * scalar: `3` a number, `true` a boolean, `"3"` a string; a dotted key makes
 * nested maps, as Juju's `key=value` arguments do; a value holds no comma),
 * then prints its status, message, progress messages and results, every line
 * escaped and bounded.
 */
import { parse } from "yaml";
import type { ActionOutcome, ActionResultTree } from "../juju/actions.js";
import { bounded, visible } from "../runtime/text.js";
import type { Simulator } from "./simulator.js";
import { ModelError } from "../juju/model.js";

export interface RunActionStep {
  readonly unit: string;
  readonly name: string;
  readonly params: Record<string, unknown>;
}

const UNIT = /^[a-z][a-z0-9-]*\/\d+$/;
const NAME = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const KEY = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;
/** One printed value or message: at most this many bytes. */
const MAX_SHOWN = 1024;

/** Parses the text after `run-action:`; returns why not as text. */
export function parseRunAction(arg: string): RunActionStep | string {
  const [unit = "", name = "", ...rest] = arg.split(":");
  if (!UNIT.test(unit) || !NAME.test(name)) return "run-action needs a unit and an action name, e.g. run-action:mysql/0:get-cluster-status or run-action:mysql/0:backup:path=/tmp,verbose=true";
  const params: Record<string, unknown> = {};
  const text = rest.join(":");
  for (const pair of text === "" ? [] : text.split(",")) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? "" : pair.slice(0, eq);
    if (!KEY.test(key)) return `run-action parameters are KEY=VALUE separated by commas, not ${JSON.stringify(pair)}`;
    let value: unknown;
    try {
      value = parse(pair.slice(eq + 1));
    } catch {
      value = pair.slice(eq + 1);
    }
    if (value !== null && typeof value === "object") value = pair.slice(eq + 1); // a scalar, as juju run reads it
    const parts = key.split(".");
    let node = params;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (node[part] = next !== null && typeof next === "object" ? next : {}) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value ?? "";
  }
  return { unit, name, params };
}

function resultLines(tree: ActionResultTree, indent: string): string[] {
  return Object.keys(tree)
    .sort()
    .flatMap((k) => {
      const v = tree[k]!;
      return typeof v === "string" ? [`${indent}${visible(k)}: ${bounded(visible(v), MAX_SHOWN)}`] : [`${indent}${visible(k)}:`, ...resultLines(v, indent + "  ")];
    });
}

/** The action's outcome as the step prints it. */
export function actionText(outcome: ActionOutcome): string {
  const lines = [`action ${outcome.id} ${visible(outcome.name)} on ${visible(outcome.unit)}: ${outcome.status}${outcome.message ? `: ${bounded(visible(outcome.message), MAX_SHOWN)}` : ""}`];
  for (const log of outcome.logs) lines.push(`  log: ${bounded(visible(log), MAX_SHOWN)}`);
  const results = resultLines(outcome.results, "    ");
  if (results.length > 0) lines.push("  results:", ...results);
  return lines.join("\n") + "\n";
}

/** Runs the step; resolves to what to print, and whether the action failed. */
export async function runActionStep(sim: Simulator, step: RunActionStep): Promise<{ text: string; failed: boolean }> {
  const outcome = await sim.runAction(step.unit, step.name, step.params);
  return { text: actionText(outcome), failed: outcome.status === "failed" };
}

/** The step as `relgen sim` runs it: prints the outcome; returns why the step failed (a refused or failed action), or undefined. */
export async function actionStep(sim: Simulator, step: RunActionStep, io: { stdout: { write(text: string): unknown } }): Promise<string | undefined> {
  try {
    const { text, failed } = await runActionStep(sim, step);
    io.stdout.write("\n" + text);
    return failed ? `action ${step.name} on ${step.unit} failed` : undefined;
  } catch (e) {
    if (e instanceof ModelError) return e.message;
    throw e;
  }
}
