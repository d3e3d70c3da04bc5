/**
 * Text formatting for `relgen sim`: the per-hook table, units, relations and
 * the summary. Every text that came from a charm, a bundle or the model
 * (names, statuses, flags, messages) is printed through `visible()`: a charm
 * cannot clear the terminal (`\x1b[2J`) or forge a line of the table (`\n`).
 */
import type { HookRecord, RelationSummary } from "../juju/engine.js";
import type { Status } from "../juju/model.js";
import type { FailureDoc } from "../report/document.js";
import type { HookTrouble } from "../report/why.js";
import { visible } from "../runtime/text.js";

export { visible };

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + "…";
}

/** A unit's status as shown: `state: message`, escaped. */
export function statusText(s: Status): string {
  return visible(s.message ? `${s.state}: ${s.message}` : s.state);
}

/** Who is on the other side of a relation hook: the remote unit, or `app <name>` when the hook has none. */
export function remoteText(r: HookRecord): string {
  if (r.relationId === null) return "";
  return visible(r.remoteUnit || `app ${r.remoteApp}`);
}

export function exitText(r: HookRecord): string {
  if (r.timedOut) return "timeout";
  if (r.spawnError) return "nostart";
  if (r.exitCode === null) return visible(r.signal ?? "killed");
  return String(r.exitCode);
}

/** Column widths, from the applications' names and endpoints (unit names are `<app>/<n>`). */
export interface Layout {
  readonly unit: number;
  readonly hook: number;
  readonly relation: number;
  readonly remote: number;
  readonly allFlags: boolean;
}

export interface AppShape {
  readonly name: string;
  readonly endpoints: readonly { readonly name: string }[];
}

export function tableLayout(apps: readonly AppShape[], allFlags = false): Layout {
  const app = Math.max(0, ...apps.map((a) => a.name.length));
  const endpoint = Math.max(0, ...apps.flatMap((a) => a.endpoints.map((e) => e.name.length)));
  const unit = Math.max(10, app + 3);
  return {
    unit,
    // The longest hooks: `leader-settings-changed`, `<endpoint>-relation-departed`; room for ` [try N]`.
    hook: Math.max(23, endpoint + 18) + 8,
    relation: Math.max(8, endpoint + 3),
    remote: Math.max(unit, app + 4),
    allFlags,
  };
}

/**
 * Flags for display: the charm's own, with the automatic `endpoint.*` ones
 * counted, and families of three or more flags that differ only after their
 * last dot (`demo.user.10-0-0-1`, ...) shown as `demo.user.*(N)`, unless `allFlags`.
 */
export function flagsText(given: readonly string[], allFlags: boolean): string {
  const flags = given.map(visible);
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
  return (
    `${lpad("#", 4)}  ${pad("unit", l.unit)} ${pad("hook", l.hook)} ${pad("relation", l.relation)} ${pad("remote", l.remote)} ` +
    `${lpad("exit", 7)} ${lpad("ms", 7)} ${lpad("calls", 5)}  ${pad("status", 28)} flags after\n`
  );
}

export function tableRow(r: HookRecord, l: Layout): string {
  const retry = r.attempt > 1 ? ` [try ${r.attempt}]` : "";
  return (
    `${lpad(String(r.seq), 4)}  ${pad(visible(r.unit), l.unit)} ${pad(truncate(visible(r.hook) + retry, l.hook), l.hook)} ` +
    `${pad(visible(r.relationId ?? ""), l.relation)} ${pad(remoteText(r), l.remote)} ` +
    `${lpad(exitText(r), 7)} ${lpad(r.durationMs.toFixed(0), 7)} ${lpad(String(r.trace.length), 5)}  ` +
    `${pad(truncate(statusText(r.status), 28), 28)} ${flagsText(r.flags, l.allFlags)}\n`
  );
}

export interface UnitState {
  readonly name: string;
  readonly leader: boolean;
  readonly status: Status;
  readonly flags: readonly string[];
}

/**
 * The `units:` section: each application's units together, in deploy order,
 * each status whole. With `width` (a terminal's), a line longer than it is
 * wrapped at spaces, its continuation indented; without, never cut.
 */
export function unitsText(apps: readonly { readonly name: string; readonly units: readonly UnitState[] }[], allFlags: boolean, width?: number): string {
  let out = "\nunits:\n";
  for (const app of apps) {
    if (app.units.length === 0) out += `  ${visible(app.name)}: no units\n`;
    for (const u of app.units) {
      const line = `  ${visible(u.name)}${u.leader ? " (leader)" : ""}  ${statusText(u.status)}  flags: ${flagsText(u.flags, allFlags)}`;
      out += (width === undefined ? line : wrap(line, width, 6)) + "\n";
    }
  }
  return out;
}

/**
 * A line cut into lines of at most `width` characters, at spaces where it can
 * (a longer word is cut where it must), each after the first indented by
 * `indent` spaces. A width too small to hold anything past the indent leaves
 * the line as it is.
 */
export function wrap(line: string, width: number, indent: number): string {
  if (line.length <= width || width - indent < 10) return line;
  const lines: string[] = [];
  let rest = line;
  let room = width;
  while (rest.length > room) {
    let at = rest.lastIndexOf(" ", room);
    if (at <= (lines.length === 0 ? 0 : indent)) at = room; // no space to break at: cut the word
    lines.push(rest.slice(0, at).trimEnd());
    rest = " ".repeat(indent) + rest.slice(at).trimStart();
    room = width;
  }
  lines.push(rest);
  return lines.join("\n");
}

/** The lines under a failed hook's row: its ERROR and WARNING log lines and its stderr's last lines (all escaped, bounded, scrubbed). */
export function troubleText(trouble: HookTrouble): string {
  let out = "";
  for (const l of trouble.logs) out += `        ${pad(l.level, 8)}${l.message}\n`;
  for (const line of trouble.stderr) out += `        stderr  ${line}\n`;
  if (out === "") out = `        ${trouble.reason}\n`;
  return out;
}

/** The end summary of the units in error: the hook, its tries, and the last reason. */
export function failuresText(failures: readonly FailureDoc[]): string {
  if (failures.length === 0) return "";
  let out = "\nunits in error:\n";
  for (const f of failures) {
    out += `  ${visible(f.unit)}  ${visible(f.hook)}  failed ${f.attempts} time${f.attempts === 1 ? "" : "s"}: ${f.reason}\n`;
  }
  return out;
}

/** The `relations:` section: id, endpoints, interface and how many units are in scope. */
export function relationsText(relations: readonly RelationSummary[]): string {
  if (relations.length === 0) return "\nrelations: none\n";
  const ends = (r: RelationSummary): string => visible(r.endpoints.map((e) => `${e.app}:${e.endpoint}`).join(" ")) + (r.peer ? " (peer)" : "");
  const idw = Math.max(2, ...relations.map((r) => String(r.id).length));
  const endw = Math.max(9, ...relations.map((r) => ends(r).length));
  const ifw = Math.max(9, ...relations.map((r) => visible(r.interface).length));
  let out = `\nrelations:\n  ${lpad("id", idw)}  ${pad("endpoints", endw)}  ${pad("interface", ifw)}  in scope\n`;
  for (const r of relations) {
    const scope = `${r.units.length} unit${r.units.length === 1 ? "" : "s"}${r.life === "dying" ? " (dying)" : ""}`;
    out += `  ${lpad(String(r.id), idw)}  ${pad(ends(r), endw)}  ${pad(visible(r.interface), ifw)}  ${scope}\n`;
  }
  return out;
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
