/**
 * action-get, action-set, action-fail, action-log, as jujuc parses and runs
 * them (the rules are listed in ../actions.ts with their Juju sources).
 * Arguments are checked first (exit 2), then the context is asked, which
 * outside an action fails with `not running an action` (exit 1).
 */
import { actionKeyProblem, DEFAULT_FAIL_MESSAGE } from "../actions.js";
import { Output } from "./common.js";
import { checkEmpty, goQuote, UsageError } from "./flags.js";
import type { GoValue } from "./gojson.js";
import type { ToolDef } from "./registry.js";

/** The value at a dotted path of the parameters, or undefined (jujuc `recurseMapOnKeys`). */
function atPath(params: Readonly<Record<string, unknown>>, keys: readonly string[]): unknown {
  let node: unknown = params;
  for (const key of keys) {
    if (node === null || typeof node !== "object" || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export const actionGet: ToolDef = {
  name: "action-get",
  info: {
    name: "action-get",
    args: "[<key>[.<key>.<key>...]]",
    purpose: "Get action parameters.",
    doc: "Prints the value of the parameter at the given key (a dotted path recurses into maps), or every parameter.",
  },
  setup(ctx) {
    const out = new Output("smart");
    return {
      flags: out.flags(),
      run(args, io) {
        if (args.length > 0) checkEmpty(args.slice(1));
        const params = ctx.actionParams();
        const value = args.length === 0 ? params : atPath(params, args[0]!.split("."));
        return out.write((value ?? null) as GoValue, io.cwd);
      },
    };
  },
};

export const actionSet: ToolDef = {
  name: "action-set",
  info: {
    name: "action-set",
    args: "<key>=<value> [<key>=<value> ...]",
    purpose: "Set action results.",
    doc: "Adds the given values to the results map of the action; a dotted key builds nested maps. Keys must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods. Reserved: stdout, stdout-encoding, stderr, stderr-encoding.",
  },
  setup(ctx) {
    return {
      flags: [],
      run(args) {
        const parsed: { keys: string[]; value: string }[] = [];
        for (const arg of args) {
          const eq = arg.indexOf("=");
          if (eq < 0) throw new UsageError(`argument ${goQuote(arg)} must be of the form key...=value`);
          const keys = arg.slice(0, eq).split(".");
          for (const key of keys) {
            const problem = actionKeyProblem(key);
            if (problem) throw new UsageError(problem);
          }
          parsed.push({ keys, value: arg.slice(eq + 1) });
        }
        for (const { keys, value } of parsed) ctx.updateActionResults(keys, value);
        return "";
      },
    };
  },
};

export const actionFail: ToolDef = {
  name: "action-fail",
  info: { name: "action-fail", args: '["<failure message>"]', purpose: "Set action fail status with message." },
  setup(ctx) {
    return {
      flags: [],
      run(args) {
        const message = args.length === 0 ? DEFAULT_FAIL_MESSAGE : args[0]!;
        checkEmpty(args.slice(1));
        ctx.setActionFailed(message);
        return "";
      },
    };
  },
};

export const actionLog: ToolDef = {
  name: "action-log",
  info: { name: "action-log", args: "<message>", purpose: "Record a progress message for the current action." },
  setup(ctx) {
    return {
      flags: [],
      run(args) {
        if (args.length === 0) throw new UsageError("no message specified");
        ctx.logActionMessage(args.join(" "));
        return "";
      },
    };
  },
};

export const ACTION_TOOLS: readonly ToolDef[] = [actionGet, actionSet, actionFail, actionLog];
