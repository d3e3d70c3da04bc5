/**
 * The steps of `relgen sim`: the deploy, then each `--then STEP`. A step is
 * parsed before anything runs (a malformed one is a usage error) and checked
 * against the model when its turn comes: a step the model refuses changes
 * nothing and is reported with its text.
 */
import type { Bundle } from "../juju/bundle.js";
import { DEFAULT_MAX_UNITS } from "../juju/engine.js";
import { ModelError } from "../juju/model.js";
import type { Simulator } from "./simulator.js";
import { parseRunAction, type RunActionStep } from "./cli-action.js";

export type Step = { readonly text: string } & (
  | { readonly kind: "deploy"; readonly bundle: Bundle }
  | { readonly kind: "add" | "scale"; readonly n: number }
  | { readonly kind: "add-unit"; readonly app: string; readonly n: number }
  | { readonly kind: "remove" | "remove-unit"; readonly unit: string }
  | { readonly kind: "relate" | "remove-relation"; readonly a: string; readonly b: string }
  | { readonly kind: "remove-application"; readonly app: string }
  | { readonly kind: "config"; readonly app?: string; readonly key: string; readonly value: string }
  | ({ readonly kind: "run-action" } & RunActionStep)
);

export const STEP_FORMS =
  "add-unit:APP[=N], remove-unit:UNIT, relate:A[:EP],B[:EP], remove-relation:A[:EP],B[:EP], remove-application:APP, " +
  "config:[APP:]KEY=VALUE, run-action:UNIT:ACTION[:KEY=VALUE,...], or with --charm scale:N, add:N, remove:UNIT";

const APP = /^[a-z][a-z0-9-]*$/;
const UNIT = /^[a-z][a-z0-9-]*\/\d+$/;
const ENDPOINT_REF = /^[a-z][a-z0-9-]*(?::[a-z][a-z0-9_-]*)?$/;

/**
 * A whole number written in decimal digits, from `min` to `max`, or why not
 * as text (`-3`, `1.5`, `1e400` and `0x10` are not whole numbers here; a
 * number of any length past `max` is refused without being converted).
 */
export function parseCount(text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text)) return `${JSON.stringify(cut(text))} is not a whole number (digits only, from ${min} to ${max})`;
  const n = Number(text);
  if (tooLong(text) || n > max) return `${cut(text)} is over the maximum of ${max}`;
  if (n < min) return `${text} is below the minimum of ${min}`;
  return n;
}

/** More digits than any safe integer has (leading zeros aside). */
const tooLong = (digits: string): boolean => digits.replace(/^0+(?=\d)/, "").length > 16;
/** An argument as an error shows it: at most 40 characters. */
const cut = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A number of units: within the model's maximum (`--max-units`), said so when it is not. */
export function unitCount(text: string, min: number, maxUnits: number): number | string {
  if (/^\d+$/.test(text) && (tooLong(text) || Number(text) > maxUnits)) return `${cut(text)} units is over the maximum of ${maxUnits} units a model may have (--max-units)`;
  return parseCount(text, min, maxUnits);
}

/** Parses a `--then` step; returns the problem as text when it is malformed. `maxUnits` bounds the units a step may add. */
export function parseStep(text: string, options: { maxUnits?: number } = {}): Step | string {
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS;
  const colon = text.indexOf(":");
  if (colon < 0) return `bad step "${text}" (expected ${STEP_FORMS})`;
  const kind = text.slice(0, colon);
  const arg = text.slice(colon + 1);
  const bad = (what: string): string => `bad step "${text}": ${what}`;
  switch (kind) {
    case "scale":
    case "add": {
      const n = unitCount(arg, 0, maxUnits);
      return typeof n === "number" ? { text, kind, n } : bad(`${kind} needs a number of units: ${n}`);
    }
    case "add-unit": {
      const eq = arg.indexOf("=");
      const [app, count] = eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
      if (!APP.test(app)) return bad("add-unit needs an application name, e.g. add-unit:webapp or add-unit:webapp=2");
      const n = count === undefined ? 1 : unitCount(count, 1, maxUnits);
      return typeof n === "number" ? { text, kind, app, n } : bad(`the number of units to add: ${n}`);
    }
    case "remove":
    case "remove-unit":
      return UNIT.test(arg) ? { text, kind, unit: arg } : bad(`${kind} needs a unit name, e.g. ${kind}:webapp/0`);
    case "relate":
    case "remove-relation": {
      const ends = arg.split(",");
      if (ends.length !== 2 || !ends.every((e) => ENDPOINT_REF.test(e))) {
        return bad(`${kind} needs two endpoints separated by a comma, e.g. ${kind}:webapp:database,mysql:database (or ${kind}:webapp,mysql)`);
      }
      return { text, kind, a: ends[0]!, b: ends[1]! };
    }
    case "remove-application":
      return APP.test(arg) ? { text, kind, app: arg } : bad("remove-application needs an application name, e.g. remove-application:webapp");
    case "config": {
      const eq = arg.indexOf("=");
      const target = eq < 0 ? "" : arg.slice(0, eq);
      const sep = target.indexOf(":");
      const [app, key] = sep < 0 ? [undefined, target] : [target.slice(0, sep), target.slice(sep + 1)];
      if (key === "" || (app !== undefined && !APP.test(app))) return bad("config needs KEY=VALUE or APP:KEY=VALUE, e.g. config:webapp:port=8080");
      return { text, kind, ...(app !== undefined ? { app } : {}), key, value: arg.slice(eq + 1) };
    }
    case "run-action": {
      const parsed = parseRunAction(arg);
      return typeof parsed === "string" ? bad(parsed) : { text, kind, ...parsed };
    }
    default:
      return `bad step "${text}" (expected ${STEP_FORMS})`;
  }
}

/** A step as the progress line and the step headers show it (a config step without its value). */
export function stepLabel(step: Step): string {
  return step.kind === "config" ? step.text.slice(0, step.text.indexOf("=")) : step.text;
}

/** Applies a step to the model; returns why the model refuses it (then nothing changed). */
export function applyStep(sim: Simulator, step: Step, fromCharm: boolean): string | undefined {
  try {
    apply(sim, step, fromCharm);
    return undefined;
  } catch (e) {
    if (e instanceof ModelError) return e.message;
    throw e;
  }
}

function apply(sim: Simulator, step: Step, fromCharm: boolean): void {
  switch (step.kind) {
    case "deploy":
      sim.deploy(step.bundle, (app) => app.charm.dir);
      return;
    case "add":
      sim.addUnits(onlyApp(sim, "add:N", `add-unit:APP=${step.n}`), step.n);
      return;
    case "scale": {
      const app = onlyApp(sim, "scale:N", "add-unit:APP=N");
      const alive = sim.allUnits().filter((u) => u.app === app && u.life === "alive").length;
      if (step.n < alive) throw new ModelError(`cannot scale down to ${step.n} (use remove:UNIT)`);
      sim.addUnits(app, step.n - alive);
      return;
    }
    case "add-unit":
      sim.addUnits(liveApp(sim, step.app), step.n);
      return;
    case "remove":
    case "remove-unit":
      if (!sim.allUnits().some((u) => u.name === step.unit && u.life === "alive")) throw new ModelError(`no live unit ${step.unit}${unitHint(sim, step.unit, fromCharm)}`);
      sim.removeUnit(step.unit);
      return;
    case "relate":
      sim.relate(step.a, step.b);
      return;
    case "remove-relation":
      if (!sim.relations().some((r) => !r.peer && r.life === "alive")) throw new ModelError("the model has no relation to remove");
      try {
        sim.removeRelation(step.a, step.b);
      } catch (e) {
        if (!(e instanceof ModelError)) throw e;
        const keys = sim.relations().filter((r) => !r.peer && r.life === "alive").map((r) => r.key);
        throw new ModelError(`${e.message} (the model's relations: ${keys.join("; ")})`);
      }
      return;
    case "remove-application":
      sim.removeApplication(liveApp(sim, step.app));
      return;
    case "config": {
      const app = step.app === undefined ? onlyApp(sim, "config:KEY=VALUE", `config:APP:${step.key}=VALUE`) : liveApp(sim, step.app);
      const options = Object.keys(sim.config(app));
      if (!options.includes(step.key)) {
        throw new ModelError(`application ${app} has no option "${step.key}" (${options.length ? `its options: ${options.join(", ")}` : "its charm has no config.yaml options"})`);
      }
      sim.setConfig(app, { [step.key]: step.value });
      return;
    }
    case "run-action":
      return; // run by the command itself (it is asynchronous): see cli-action.ts
  }
}

/** The one application a `--charm` step (`add:N`, `scale:N`, `config:K=V`) applies to. */
function onlyApp(sim: Simulator, form: string, instead: string): string {
  const apps = sim.applications();
  if (apps.length === 1) return apps[0]!;
  const has = apps.length ? `several (${apps.join(", ")})` : "none";
  throw new ModelError(`${form} applies to the model's only application, and this model has ${has}: name the application, e.g. ${instead}`);
}

function liveApp(sim: Simulator, app: string): string {
  const life = sim.appLife(app);
  if (life === "alive") return app;
  if (life === "dying") throw new ModelError(`application ${app} is being removed`);
  throw new ModelError(`no application "${app}" in the model (its applications: ${sim.applications().join(", ") || "none"})`);
}

function unitHint(sim: Simulator, unit: string, fromCharm: boolean): string {
  const app = unit.slice(0, unit.indexOf("/"));
  const apps = sim.applications();
  if (apps.includes(app)) return "";
  if (fromCharm && apps.length === 1) return ` (the application is named ${apps[0]}; deploy with --app ${app} to name it ${app})`;
  return ` (no application ${app}; the model's applications: ${apps.join(", ") || "none"})`;
}
