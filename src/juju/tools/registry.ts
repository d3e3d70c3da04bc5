/**
 * The hook tools by name, and the one function that runs a tool call the way
 * juju/cmd's `Main` does: parse flags (exit 2 on error), `--help` (exit 0),
 * validate and run (exit 2 for argument errors, 1 for run errors), errors
 * printed as `ERROR <message>` on stderr.
 */
import { helpText, parseFlags, RunError, UsageError, type FlagSpec, type HelpInfo } from "./flags.js";
import { ACTION_TOOLS } from "./action.js";
import { isLeader, leaderGet, leaderSet } from "./leader.js";
import { relationGet, relationIds, relationList, relationSet } from "./relation.js";
import { SECRET_TOOLS } from "./secret.js";
import { applicationVersionSet, jujuLog, statusSet } from "./status.js";
import { configGet, networkGet, unitGet } from "./unit.js";
import type { ToolContext, ToolIO, ToolOutput } from "./types.js";

export interface ToolInstance {
  readonly flags: FlagSpec[];
  /** Runs with the positional arguments; returns stdout, or stdout and stderr. */
  run(args: string[], io: ToolIO): string | { stdout: string; stderr: string };
}

export interface ToolDef {
  readonly name: string;
  readonly info: HelpInfo;
  setup(ctx: ToolContext): ToolInstance;
}

const ALL: readonly ToolDef[] = [
  relationIds,
  relationList,
  relationGet,
  relationSet,
  networkGet,
  jujuLog,
  isLeader,
  leaderGet,
  leaderSet,
  statusSet,
  configGet,
  unitGet,
  applicationVersionSet,
  ...SECRET_TOOLS,
  ...ACTION_TOOLS,
];

const BY_NAME = new Map(ALL.map((t) => [t.name, t]));

/** Every tool name the simulator puts on the hook's PATH. */
export const TOOL_NAMES: readonly string[] = ALL.map((t) => t.name);

export function runTool(name: string, ctx: ToolContext, args: readonly string[], io: ToolIO): ToolOutput {
  const def = BY_NAME.get(name);
  if (!def) return { stdout: "", stderr: `ERROR unknown command "${name}"\n`, code: 1 };
  try {
    const inst = def.setup(ctx);
    const parsed = parseFlags(args, inst.flags);
    if (parsed.help) return { stdout: helpText(def.info, inst.flags), stderr: "", code: 0 };
    const result = inst.run(parsed.positional, io);
    return typeof result === "string" ? { stdout: result, stderr: "", code: 0 } : { ...result, code: 0 };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof UsageError ? 2 : 1;
    if (!(e instanceof UsageError) && !(e instanceof RunError) && !(e as NodeJS.ErrnoException).code) {
      // An unexpected exception is a simulator bug: say so rather than pretend Juju said it.
      return { stdout: "", stderr: `ERROR internal simulator error: ${message}\n`, code: 1 };
    }
    return { stdout: "", stderr: `ERROR ${message}\n`, code };
  }
}
