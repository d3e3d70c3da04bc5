/**
 * The timeline of a run as a standalone SVG picture: one lane per unit
 * (grouped by application), one box per hook placed by its start time and
 * duration and coloured by its outcome, the run's marks as dashed lines, one
 * bar per relation for the time it existed, and a marker where a unit was
 * elected leader. Drawn from a `RunDocument` only, deterministically. Every
 * piece of text from the document goes through `escapeXml()` (svg.ts).
 */
import type { HookDoc, RunDocument } from "./document.js";
import { visible } from "../runtime/text.js";
import { el, fragment, raw, text, type Xml } from "./svg.js";

export interface TimelineOptions {
  /** Width of the plotting area in px (default: clamp(hooks × 40, 900, 16000)). */
  readonly plotWidth?: number;
  /** Leave out the XML declaration (to embed the picture in an HTML page). */
  readonly inline?: boolean;
}

const PAD = 12;
const LANE_H = 24;
const BOX_Y = 2;
const BOX_H = 14;
const REL_H = 18;
const HEADER_H = 26;
const MARK_ROW_H = 14;
const AXIS_H = 22;
const APP_GAP = 6;
/** Estimated width of a character: hook and relation labels (10 px), other text (11 px). */
const SMALL_CHAR = 6.2;
const CHAR = 6.7;
const MAX_MARK_ROWS = 3;

const STYLE = `
text{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:11px;fill:#222}
.title{font-size:13px;font-weight:bold}
.lane{fill:#f6f7f9}.lane.alt{fill:#eceff3}
.grid{stroke:#d5d9e0;stroke-width:1}
.axis{stroke:#888;stroke-width:1}
.tick{font-size:10px;fill:#555}
.hook{stroke:#fff;stroke-width:1;cursor:pointer}
.hook:hover,.hook:focus{stroke:#000;stroke-width:1.5;outline:none}
.ok{fill:#2f9e44}.retried{fill:#f2a516}.failed{fill:#e03131}
.hook-label,.relation-label{font-size:10px;fill:#fff;pointer-events:none}
.relation{fill:#748ffc}.relation.broken{fill:#adb5bd}
.relation-label{fill:#102040}
.mark{stroke:#7048e8;stroke-width:1;stroke-dasharray:4 3}
.mark-label{fill:#5f3dc4;font-size:10px}
.leader{fill:#f59f00;stroke:#8a5a00;stroke-width:.5}
.gone{fill:#888}
`;

interface Lane {
  readonly unit: string;
  readonly app: string;
  readonly label: string;
  readonly gone: boolean;
  readonly y: number;
  readonly alt: boolean;
}

interface RelationBar {
  readonly id: number;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly broken: boolean;
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/**
 * A hook's labels, longest first: the hook and its remote unit
 * (`cluster-relation-changed mysql/1`), the same without `-relation`
 * (`cluster-changed mysql/1`), the kind with it (`changed mysql/1`), then
 * the short hook or the kind alone (relation hooks). The box shows the
 * first that fits in it; its tooltip always has everything.
 */
function hookLabels(h: HookDoc): string[] {
  const remote = h.remoteUnit ?? h.remoteApp;
  const short = h.hook.replace(/-relation-(?=[a-z]+$)/, "-");
  if (h.relationId === null) return [h.hook];
  const kind = h.hook.slice(h.hook.lastIndexOf("-") + 1); // joined, changed...
  return remote ? [`${h.hook} ${remote}`, `${short} ${remote}`, `${kind} ${remote}`, short, kind] : [h.hook, short, kind];
}
const finite = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);
const hookEnd = (h: HookDoc): number => finite(h.startedMs) + finite(h.durationMs);

/** How many characters `value` takes once shown (escaped by `visible()`). */
const shownLength = (value: string): number => Array.from(visible(value)).length;

/** Text as shown (`visible()`), cut to `max` characters (code points), with `…` when cut. */
export function clip(value: string, max: number): string {
  const chars = Array.from(visible(value));
  return chars.length <= max ? value : chars.slice(0, Math.max(0, max - 1)).join("") + "…";
}

/** `mysql/10` after `mysql/9`: by the number after the slash, then by name. */
function unitOrder(a: string, b: string): number {
  const na = /\/(\d+)$/.exec(a)?.[1];
  const nb = /\/(\d+)$/.exec(b)?.[1];
  if (na !== undefined && nb !== undefined && na !== nb) return Number(na) - Number(nb);
  if ((na === undefined) !== (nb === undefined)) return na === undefined ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Units by application (the document's order, then applications seen only in hooks), each in numeric order. */
function laneUnits(doc: RunDocument): { app: string; units: { name: string; leader: boolean; gone: boolean }[] }[] {
  const apps = new Map<string, Map<string, { leader: boolean; gone: boolean }>>();
  const seen = new Set<string>();
  for (const app of doc.applications) {
    const units = new Map<string, { leader: boolean; gone: boolean }>();
    apps.set(app.name, units);
    for (const u of app.units) {
      if (seen.has(u.name)) continue;
      seen.add(u.name);
      units.set(u.name, { leader: app.leader === u.name, gone: false });
    }
  }
  for (const h of doc.hooks) {
    if (seen.has(h.unit)) continue;
    seen.add(h.unit);
    if (!apps.has(h.app)) apps.set(h.app, new Map());
    apps.get(h.app)!.set(h.unit, { leader: false, gone: true });
  }
  return [...apps].map(([app, units]) => ({
    app,
    units: [...units].sort(([a], [b]) => unitOrder(a, b)).map(([name, u]) => ({ name, ...u })),
  }));
}

/**
 * One bar per relation id that hooks ran for: from its first hook to the end
 * of its last `-relation-broken` when it is no longer in the model, else to the end of the run.
 */
function relationBars(doc: RunDocument, runEnd: number): RelationBar[] {
  const byId = new Map<number, { name: string; hooks: HookDoc[] }>();
  for (const h of doc.hooks) {
    const m = h.relationId === null ? null : /^([\s\S]*):(\d+)$/.exec(h.relationId);
    if (!m) continue;
    const id = Number(m[2]);
    if (!byId.has(id)) byId.set(id, { name: m[1]!, hooks: [] });
    byId.get(id)!.hooks.push(h);
  }
  return [...byId]
    .sort(([a], [b]) => a - b)
    .map(([id, { name, hooks }]) => {
      const rel = doc.relations.find((r) => r.id === id);
      // A unit that leaves runs -relation-broken too: only a relation no longer in the model was broken.
      const broken = rel ? [] : hooks.filter((h) => h.hook.endsWith("-relation-broken"));
      const apps = [...new Set(hooks.map((h) => h.app))].join(", ");
      const label = rel ? `#${id} ${rel.key} (${rel.interface}${rel.peer ? ", peer" : ""})` : `#${id} ${name}: ${apps} (removed)`;
      const start = hooks.reduce((min, h) => Math.min(min, finite(h.startedMs)), Infinity);
      const end = broken.length > 0 ? broken.reduce((max, h) => Math.max(max, hookEnd(h)), 0) : runEnd;
      return { id, label, start, end: Math.max(end, start), broken: broken.length > 0 };
    });
}

/** A tick step of 1, 2 or 5 × 10^k ms, about 100 px apart at `scale` px/ms. */
function tickStep(scale: number): number {
  const want = 100 / scale;
  const base = 10 ** Math.floor(Math.log10(want));
  return [1, 2, 5, 10].map((f) => f * base).find((s) => s >= want) ?? 10 * base;
}

function seconds(ms: number, step: number): string {
  const decimals = Math.max(0, Math.ceil(-Math.log10(step / 1000) - 1e-9));
  return `${(ms / 1000).toFixed(decimals)} s`;
}

function hookTitle(h: HookDoc): Xml {
  const remote = h.remoteUnit ?? h.remoteApp;
  const exit = h.exitCode !== null ? `exit ${h.exitCode}` : h.signal !== null ? `signal ${h.signal}` : "no exit code";
  const calls = `${h.toolCalls.length} tool call${h.toolCalls.length === 1 ? "" : "s"}`;
  const attempt = h.attempt > 1 ? `, attempt ${h.attempt}` : "";
  const line = `#${h.seq} ${h.unit} ${h.hook}${remote ? ` (${remote})` : ""} — ${h.outcome}, ${exit}, ${h.durationMs} ms, ${calls}${attempt}`;
  return el("title", {}, text(line), h.reason ? fragment(raw("&#10;"), text(h.reason)) : null);
}

/** The run's timeline as a standalone SVG document (see the module comment). */
export function timelineSvg(doc: RunDocument, options: TimelineOptions = {}): string {
  const hooks = doc.hooks;
  const runEnd = hooks.reduce((end, h) => Math.max(end, hookEnd(h)), Math.max(finite(doc.elapsedMs), 1));
  const plotW = Math.round(clamp(options.plotWidth ?? hooks.length * 40, options.plotWidth ? 100 : 900, options.plotWidth ? 100_000 : 16_000));
  const scale = plotW / runEnd;
  const groups = laneUnits(doc);
  const bars = relationBars(doc, runEnd);

  // The label column: wide enough for the longest label, within bounds (longer labels are clipped).
  const laneLabels = groups.flatMap((g) => g.units.map((u) => `${u.name}${u.leader ? " (leader)" : ""}${u.gone ? " (removed)" : ""}`));
  const relLabels = bars.map((b) => `relation #${b.id}`);
  const maxChars = [...laneLabels, ...relLabels].reduce((max, l) => Math.max(max, shownLength(l)), 8);
  const labelW = clamp(Math.ceil(maxChars * CHAR) + 16, 90, 300);
  const labelChars = Math.floor((labelW - 16) / CHAR);
  const x0 = PAD + labelW;
  const xOf = (ms: number): number => x0 + clamp(ms, 0, runEnd) * scale;
  const width = x0 + plotW + PAD * 2;

  // Mark labels, in up to MAX_MARK_ROWS rows so that they do not overlap (greedy, in the document's order).
  const rowEnds: number[] = [];
  const markLabels = doc.marks.map((m) => {
    const label = clip(m.label, 60);
    const x = xOf(finite(m.atMs));
    const w = Array.from(label).length * SMALL_CHAR;
    const right = x + 3 + w <= width - PAD;
    const span = right ? [x + 3, x + 3 + w] : [x - 3 - w, x - 3];
    let row = rowEnds.findIndex((end) => end < span[0]!);
    if (row < 0 && rowEnds.length < MAX_MARK_ROWS) row = rowEnds.push(-Infinity) - 1;
    if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
    rowEnds[row] = span[1]!;
    return { m, label, x, right, row };
  });
  const markTop = HEADER_H;
  const axisY = markTop + Math.max(1, rowEnds.length) * MARK_ROW_H + AXIS_H;
  const lanesTop = axisY + 4;

  const lanes: Lane[] = [];
  let y = lanesTop;
  groups.forEach((g, gi) => {
    if (gi > 0) y += APP_GAP;
    for (const u of g.units) {
      lanes.push({ unit: u.name, app: g.app, label: laneLabels[lanes.length]!, gone: u.gone, y, alt: gi % 2 === 1 });
      y += LANE_H;
    }
  });
  const lanesBottom = y;
  const relTop = lanesBottom + (bars.length > 0 ? 14 : 0);
  const bottom = relTop + bars.length * REL_H;
  const height = bottom + PAD;
  const laneOf = new Map(lanes.map((l) => [l.unit, l]));

  const step = tickStep(scale);
  const ticks: Xml[] = [];
  for (let i = 0; i * step <= runEnd + 1e-9; i++) {
    const t = i * step;
    const x = xOf(t);
    ticks.push(el("line", { class: "grid", x1: x, x2: x, y1: axisY, y2: bottom }));
    ticks.push(el("text", { class: "tick", x: x + 2, y: axisY - 6 }, text(seconds(t, step))));
  }

  const header = fragment(
    el("text", { class: "title", x: PAD, y: 18 }, text(`relgen run timeline — seed ${doc.seed ?? "none"}, ${hooks.length} hooks, ${seconds(runEnd, 1)}`)),
    legend(width - PAD - 330, 8),
  );

  const laneRects = lanes.map((l) =>
    fragment(
      el("rect", { class: l.alt ? "lane alt" : "lane", "data-unit": l.unit, x: PAD, y: l.y, width: labelW + plotW, height: LANE_H - 1 }),
      el("text", { class: l.gone ? "gone" : null, x: PAD + 4, y: l.y + 15 }, text(clip(l.label, labelChars))),
    ),
  );

  const boxes = hooks.map((h) => {
    const lane = laneOf.get(h.unit)!;
    const x = xOf(finite(h.startedMs));
    const w = Math.max(2, finite(h.durationMs) * scale);
    const label = hookLabels(h).find((l) => shownLength(l) * SMALL_CHAR + 6 <= w);
    return fragment(
      el("rect", { class: `hook ${h.outcome}`, "data-seq": h.seq, tabindex: 0, x, y: lane.y + BOX_Y, width: w, height: BOX_H }, hookTitle(h)),
      label !== undefined ? el("text", { class: "hook-label", x: x + 3, y: lane.y + BOX_Y + 11 }, text(label)) : null,
    );
  });

  const leaders = hooks
    .filter((h) => h.hook === "leader-elected")
    .map((h) => {
      const lane = laneOf.get(h.unit)!;
      const x = xOf(finite(h.startedMs));
      const top = lane.y + BOX_Y + BOX_H + 1;
      return el("polygon", { class: "leader", points: `${x},${top} ${x - 4},${top + 6} ${x + 4},${top + 6}` }, el("title", {}, text(`${h.unit} elected leader (#${h.seq})`)));
    });

  const relations = bars.map((b, i) => {
    const ry = relTop + i * REL_H;
    const x = xOf(b.start);
    const w = Math.max(2, xOf(b.end) - x);
    const span = `${seconds(b.start, 1)} – ${b.broken ? seconds(b.end, 1) : "end of run"}`;
    return fragment(
      el("text", { x: PAD + 4, y: ry + 12 }, text(`relation #${b.id}`)),
      el("rect", { class: b.broken ? "relation broken" : "relation", "data-relation": b.id, x, y: ry + 2, width: w, height: REL_H - 5 }, el("title", {}, text(`${b.label}: ${span}`))),
      shownLength(b.label) * SMALL_CHAR + 6 <= w ? el("text", { class: "relation-label", x: x + 3, y: ry + 12 }, text(b.label)) : null,
    );
  });

  const marks = markLabels.map(({ label, x, right, row, m }) =>
    fragment(
      el("line", { class: "mark", x1: x, x2: x, y1: markTop + row * MARK_ROW_H + 2, y2: bottom }, el("title", {}, text(`${m.label} (${seconds(finite(m.atMs), 1)})`))),
      el("text", { class: "mark-label", x: right ? x + 3 : x - 3, y: markTop + row * MARK_ROW_H + 11, "text-anchor": right ? null : "end" }, text(label)),
    ),
  );

  const svg = el(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width: Math.ceil(width), height: Math.ceil(height), viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, role: "img" },
    el("title", {}, text(`relgen run timeline, seed ${doc.seed ?? "none"}`)),
    el("style", {}, raw(STYLE)),
    el("rect", { class: "bg", x: 0, y: 0, width: "100%", height: "100%", fill: "#ffffff" }),
    header,
    laneRects,
    ticks,
    el("line", { class: "axis", x1: x0, x2: x0 + plotW, y1: axisY, y2: axisY }),
    boxes,
    leaders,
    bars.length > 0 ? el("text", { x: PAD, y: relTop - 3, class: "tick" }, text("relations")) : null,
    relations,
    marks,
  );
  return options.inline ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}

/** ok / retried / failed swatches, the leader marker and a mark, in a row at (x, y). */
function legend(x: number, y: number): Xml {
  const items: Xml[] = [];
  let at = x;
  for (const outcome of ["ok", "retried", "failed"] as const) {
    items.push(el("rect", { class: `swatch ${outcome}`, x: at, y, width: 14, height: 12 }), el("text", { x: at + 18, y: y + 10 }, text(outcome)));
    at += 26 + outcome.length * CHAR;
  }
  items.push(el("polygon", { class: "swatch leader", points: `${at + 5},${y + 2} ${at + 1},${y + 10} ${at + 9},${y + 10}` }), el("text", { x: at + 14, y: y + 10 }, text("leader")));
  at += 22 + 6 * CHAR;
  items.push(el("line", { class: "swatch mark", x1: at + 4, x2: at + 4, y1: y, y2: y + 12 }), el("text", { x: at + 10, y: y + 10 }, text("step")));
  return el("g", { class: "legend" }, items);
}
