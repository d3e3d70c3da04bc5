/**
 * What `relgen sim` reports besides its table: the `juju-log` stream
 * (`--log`, `--log-level`), the run as JSON after each step (`--format
 * json`), and the timeline picture (`--timeline FILE.svg|.html`). The data
 * comes from src/report, which the harness uses too.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { extname, join } from "node:path";
import type { HookRecord, JujuEngine } from "../juju/engine.js";
import type { LogEntry } from "../juju/model.js";
import type { LogLevel } from "../juju/tools/types.js";
import { fsReason, isSystemError, writeAtomically } from "../generator/fs-text.js";
import { runDocument, safeJson, type StepDoc } from "../report/document.js";
import { timelineOf } from "../report/index.js";
import { ModelSecrets } from "../report/secrets.js";
import { MAX_LOG_BYTES, shown, visible } from "../runtime/text.js";
import { stderrTail } from "../report/why.js";

/** juju-log's levels, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

/** `--log-level`'s value (any case), or null. */
export function parseLogLevel(text: string): LogLevel | null {
  const level = text.toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : null;
}

/**
 * The model's secrets as a scrubber, made again after each hook (a hook may
 * have added one), so that a log line or a failure shows none of them.
 */
export class Scrubber {
  #secrets: ModelSecrets | null = null;
  constructor(private readonly engine: JujuEngine<unknown>) {}
  /** Call after every hook. */
  invalidate(): void {
    this.#secrets = null;
  }
  scrub = (text: string): string => (this.#secrets ??= new ModelSecrets(this.engine)).scrub(text);
}

/** One streamed `juju-log` line: `mysql/0 INFO cluster-relation-joined: message`, escaped, scrubbed, bounded. */
export function logLine(unit: string, entry: LogEntry, scrub: (text: string) => string): string {
  return `${visible(unit)} ${visible(entry.level)} ${visible(entry.hook)}: ${shown(scrub(entry.message), MAX_LOG_BYTES)}\n`;
}

/** Whether a log line of `level` passes the `--log-level` threshold (a level juju-log does not know always does). */
export function logPasses(level: string, threshold: LogLevel): boolean {
  const at = (LOG_LEVELS as readonly string[]).indexOf(level);
  return at < 0 || at >= LOG_LEVELS.indexOf(threshold);
}

/** The document printed after a step with `--format json`: one line of JSON. */
export function stepJson(engine: JujuEngine<unknown>, step: StepDoc, firstHook: number): string {
  return safeJson(runDocument(engine, { step, hooks: engine.hooks.slice(firstHook) })) + "\n";
}

/** `--timeline`'s kinds of file, by extension. */
export function timelineKind(file: string): "svg" | "html" | null {
  const ext = extname(file).toLowerCase();
  return ext === ".svg" ? "svg" : ext === ".html" || ext === ".htm" ? "html" : null;
}

/** Writes the run's timeline (whole or not at all); returns why not as text. */
export function writeTimeline(engine: JujuEngine<unknown>, file: string): string | null {
  const text = timelineOf(engine, timelineKind(file) === "html" ? "html" : "svg");
  try {
    writeAtomically(file, text);
    return null;
  } catch (e) {
    if (!isSystemError(e)) throw e;
    return fsReason(e);
  }
}

/**
 * With `--keep-workdir`, each unit's log is kept as Juju keeps one on its
 * machine: `<workDir>/logs/<unit>.log`, a line per `juju-log` call and the
 * last lines of each failed hook's stderr, after the hook's header line
 * (scrubbed, escaped, bounded as on the screen).
 */
export function keepUnitLog(dir: string, record: HookRecord, scrub: (text: string) => string): void {
  const remote = record.remoteUnit || record.remoteApp;
  let text = `-- #${record.seq} ${visible(record.hook)}${remote ? ` (${visible(remote)})` : ""}${record.attempt > 1 ? ` try ${record.attempt}` : ""}: ${record.ok ? "ok" : "failed"}\n`;
  for (const l of record.logs) text += `${l.level} ${shown(scrub(l.message), MAX_LOG_BYTES)}\n`;
  if (!record.ok) for (const line of stderrTail(record.stderr, 40)) text += `stderr ${shown(scrub(line), MAX_LOG_BYTES)}\n`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  appendFileSync(join(dir, `${record.unit.replace("/", "-")}.log`), text);
}
