/** Text formatting for `relgen sim`: the per-hook table, unit states and the summary. */
import type { HookRecord } from "../juju/engine.js";
import type { Status } from "../juju/model.js";

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + "…";
}

export function statusText(s: Status): string {
  return s.message ? `${s.state}: ${s.message}` : s.state;
}

export function hookLabel(r: HookRecord): string {
  return r.remoteUnit ? `${r.hook} (${r.remoteUnit})` : r.hook;
}

export function exitText(r: HookRecord): string {
  if (r.timedOut) return "timeout";
  if (r.spawnError) return "nostart";
  if (r.exitCode === null) return r.signal ?? "killed";
  return String(r.exitCode);
}

/** Column widths, from the application name (unit names are `<app>/<n>`). */
export interface Layout {
  readonly unit: number;
  readonly hook: number;
  readonly allFlags: boolean;
}

export function tableLayout(app: string, allFlags = false): Layout {
  const unit = Math.max(10, app.length + 3);
  return { unit, hook: Math.max(42, 28 + unit), allFlags };
}

/**
 * Flags for display: the charm's own, with the automatic `endpoint.*` ones
 * counted, and families of three or more flags that differ only after their
 * last dot (`demo.user.10-0-0-1`, ...) shown as `demo.user.*(N)`, unless `allFlags`.
 */
export function flagsText(flags: readonly string[], allFlags: boolean): string {
  if (allFlags) return flags.length ? flags.join(",") : "-";
  const own = flags.filter((f) => !f.startsWith("endpoint."));
  const auto = flags.length - own.length;
  const families = new Map<string, string[]>();
  for (const f of own) {
    const family = f.includes(".") ? f.slice(0, f.lastIndexOf(".")) : f;
    families.set(family, [...(families.get(family) ?? []), f]);
  }
  const shown: string[] = [];
  for (const f of own) {
    const family = f.includes(".") ? f.slice(0, f.lastIndexOf(".")) : f;
    const members = families.get(family)!;
    if (members.length < 3) shown.push(f);
    else if (members[0] === f) shown.push(`${family}.*(${members.length})`);
  }
  const text = shown.join(",") + (auto ? `${shown.length ? " " : ""}(+${auto} endpoint.*)` : "");
  return text || "-";
}

export function tableHeader(l: Layout): string {
  return `${lpad("#", 4)}  ${pad("unit", l.unit)} ${pad("hook (remote)", l.hook)} ${lpad("exit", 7)} ${lpad("ms", 7)} ${lpad("calls", 5)}  ${pad("status", 28)} flags after\n`;
}

export function tableRow(r: HookRecord, l: Layout): string {
  const retry = r.attempt > 1 ? ` [try ${r.attempt}]` : "";
  return (
    `${lpad(String(r.seq), 4)}  ${pad(r.unit, l.unit)} ${pad(truncate(hookLabel(r) + retry, l.hook), l.hook)} ` +
    `${lpad(exitText(r), 7)} ${lpad(r.durationMs.toFixed(0), 7)} ${lpad(String(r.trace.length), 5)}  ` +
    `${pad(truncate(statusText(r.status), 28), 28)} ${flagsText(r.flags, l.allFlags)}\n`
  );
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summaryText(hooks: readonly HookRecord[], seed: number, clientKind: string): string {
  const calls = hooks.reduce((n, h) => n + h.trace.length, 0);
  const failed = hooks.filter((h) => !h.ok).length;
  const callTimes = hooks.flatMap((h) => h.trace.map((c) => c.durationMs));
  return (
    `summary: ${hooks.length} hooks run (${failed} failed), ${calls} hook-tool calls, ` +
    `median hook ${median(hooks.map((h) => h.durationMs)).toFixed(1)} ms, ` +
    `median tool call ${median(callTimes).toFixed(2)} ms server-side, seed ${seed}, ${clientKind} client\n`
  );
}
