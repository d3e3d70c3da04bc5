/**
 * Why a hook failed, as `juju debug-log` would let a person see it: the
 * hook's ERROR and WARNING `juju-log` lines and the last lines of its stderr,
 * and one line of reason (`failureReason`). Everything is scrubbed of the
 * model's secrets, escaped (no control character reaches a terminal) and
 * bounded (a few lines, each at most `LINE_BYTES`).
 */
import { failureReason, type HookRecord } from "../juju/engine.js";
import type { LogEntry } from "../juju/model.js";
import { shown } from "../runtime/text.js";

/** The longest line shown of a log message, a stderr line or a reason. */
export const LINE_BYTES = 400;
/** ERROR and WARNING lines shown under a failed hook: its last ones. */
export const MAX_LOG_LINES = 5;
/** Lines of stderr shown under a failed hook: its last ones. */
export const MAX_STDERR_LINES = 8;

export interface HookTrouble {
  /** One line: why the hook failed. */
  readonly reason: string;
  /** Its last ERROR, CRITICAL and WARNING `juju-log` lines. */
  readonly logs: readonly LogEntry[];
  /** The last lines of its stderr (blank lines left out). */
  readonly stderr: readonly string[];
}

const SERIOUS: ReadonlySet<string> = new Set(["CRITICAL", "ERROR", "WARNING"]);

/** A line as shown: scrubbed, escaped, bounded. */
export function shownLine(text: string, scrub: (text: string) => string): string {
  return shown(scrub(text), LINE_BYTES);
}

export function hookTrouble(record: HookRecord, scrub: (text: string) => string): HookTrouble {
  const logs = record.logs
    .filter((l) => SERIOUS.has(l.level))
    .slice(-MAX_LOG_LINES)
    .map((l) => ({ ...l, message: shownLine(l.message, scrub) }));
  const stderr = stderrTail(record.stderr).map((line) => shownLine(line, scrub));
  return { reason: shownLine(failureReason(record), scrub), logs, stderr };
}

/** The last non-blank lines of a stream, looking at no more than its last 64 KiB. */
export function stderrTail(text: string, lines = MAX_STDERR_LINES): string[] {
  const tail = text.length > 65536 ? text.slice(-65536) : text;
  return tail
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(-lines);
}
