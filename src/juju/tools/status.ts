/** status-set, application-version-set, juju-log. */
import { boolFlag, checkEmpty, goQuote, RunError, stringFlag, UsageError } from "./flags.js";
import type { ToolDef } from "./registry.js";
import type { LogLevel, WorkloadState } from "./types.js";

const STATES: readonly WorkloadState[] = ["maintenance", "blocked", "waiting", "active"];

export const statusSet: ToolDef = {
  name: "status-set",
  info: {
    name: "status-set",
    args: "<maintenance | blocked | waiting | active> [message]",
    purpose: "Set status information.",
    doc: "Sets the workload status of the unit, or with --application the application's status (leader only). The message is optional.",
  },
  setup(ctx) {
    let application = false;
    return {
      flags: [boolFlag(["application"], "Set the status of the application (leader only)", (v) => (application = v))],
      run(args) {
        if (args.length < 1) throw new UsageError("invalid args, require <status> [message]");
        const state = args[0]! as WorkloadState;
        if (!STATES.includes(state)) {
          throw new UsageError(`invalid status ${goQuote(args[0]!)}, expected one of [${STATES.join(" ")}]`);
        }
        const message = args[1] ?? "";
        checkEmpty(args.slice(2));
        if (application && !ctx.isLeader()) throw new RunError("this unit is not the leader");
        ctx.setStatus(application, state, message);
        return "";
      },
    };
  },
};

export const applicationVersionSet: ToolDef = {
  name: "application-version-set",
  info: {
    name: "application-version-set",
    args: "<new-version>",
    purpose: "Specify which version of the application is deployed.",
    doc: "Records the version of the workload software, as shown by juju status.",
  },
  setup(ctx) {
    return {
      flags: [],
      run(args) {
        if (args.length < 1) throw new UsageError("no version specified");
        checkEmpty(args.slice(1));
        ctx.setWorkloadVersion(args[0]!);
        return "";
      },
    };
  },
};

const LEVELS: Record<string, LogLevel> = {
  TRACE: "TRACE",
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARNING",
  WARNING: "WARNING",
  ERROR: "ERROR",
  CRITICAL: "CRITICAL",
};

export const jujuLog: ToolDef = {
  name: "juju-log",
  info: { name: "juju-log", args: "<message>", purpose: "Write a message to the juju log." },
  setup(ctx) {
    let debug = false;
    let level = "INFO";
    let format = "";
    return {
      flags: [
        boolFlag(["debug"], "Log at debug level", (v) => (debug = v)),
        stringFlag(["l", "log-level"], "Send the message at the given level", "INFO", (v) => (level = v)),
        stringFlag(["format"], "Deprecated; accepted and ignored", "", (v) => (format = v)),
      ],
      run(args) {
        if (args.length === 0) throw new UsageError("no message specified");
        const message = args.join(" ");
        let logLevel: LogLevel = "INFO";
        if (debug) logLevel = "DEBUG";
        else if (level !== "") {
          const parsed = LEVELS[level.toUpperCase()];
          if (parsed) logLevel = parsed;
          else ctx.log("WARNING", `Specified log level of ${goQuote(level)} is not valid`);
        }
        const rel = ctx.hookRelationId === null ? undefined : ctx.relation(ctx.hookRelationId);
        ctx.log(logLevel, (rel ? rel.fakeId + ": " : "") + message);
        return { stdout: "", stderr: format !== "" ? `--format flag deprecated for command "juju-log"` : "" };
      },
    };
  },
};
