/** is-leader, leader-get, leader-set. */
import { checkEmpty, parseKeyValues, RunError, UsageError, goQuote } from "./flags.js";
import { Output } from "./common.js";
import type { ToolDef } from "./registry.js";

export const isLeader: ToolDef = {
  name: "is-leader",
  info: {
    name: "is-leader",
    purpose: "Print application leadership status.",
    doc: "Prints True when the local unit is the application leader, False otherwise.",
  },
  setup(ctx) {
    const out = new Output();
    return {
      flags: out.flags(),
      run(args, io) {
        checkEmpty(args);
        return out.write(ctx.isLeader(), io.cwd);
      },
    };
  },
};

export const leaderGet: ToolDef = {
  name: "leader-get",
  info: {
    name: "leader-get",
    args: "[<key>]",
    purpose: "Print application leadership settings.",
    doc: 'Prints one leadership setting, or all of them when the key is "-" or absent. A missing key prints nothing (null in JSON).',
  },
  setup(ctx) {
    const out = new Output();
    return {
      flags: out.flags(),
      run(args, io) {
        let key = "";
        if (args.length > 0) {
          const k = args[0]!;
          if (k !== "-") {
            if (k.includes("=")) throw new UsageError(`invalid key ${goQuote(k)}`);
            key = k;
          }
          checkEmpty(args.slice(1));
        }
        const settings = ctx.leaderSettings();
        if (key === "") return out.write(settings, io.cwd);
        return out.write(Object.hasOwn(settings, key) ? settings[key]! : null, io.cwd);
      },
    };
  },
};

export const leaderSet: ToolDef = {
  name: "leader-set",
  info: {
    name: "leader-set",
    args: "<key>=<value> [...]",
    purpose: "Write application leadership settings.",
    doc: "Writes key=value pairs to the application's leadership settings at once (not at the end of the hook). Only the leader may write; an empty value deletes the key. Non-leaders are told with a leader-settings-changed hook.",
  },
  setup(ctx) {
    return {
      flags: [],
      run(args) {
        const changes = parseKeyValues(args);
        if (!ctx.isLeader()) {
          throw new RunError("cannot write leadership settings: cannot write settings: not the leader");
        }
        ctx.writeLeaderSettings(changes);
        return "";
      },
    };
  },
};
