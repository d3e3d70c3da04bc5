/**
 * The timeline (src/report/timeline.ts, timeline-html.ts) drawn from the demo
 * deployment's run in the harness: a well-formed SVG with one box per hook,
 * one lane per unit, one bar per relation and one line per mark, no secret
 * and no raw control character; and from a hostile document, whose every
 * text tries to break out of the XML or the page.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { safeJson, type HookDoc, type RunDocument } from "../../src/report/document.js";
import { el, escapeXml, text } from "../../src/report/svg.js";
import { timelineHtml } from "../../src/report/timeline-html.js";
import { timelineSvg } from "../../src/report/timeline.js";
import { demoRun, type DemoRun } from "./demo-run.js";

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

interface Element {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
}

/** Every element of an XML text, in document order. */
function elements(xml: string): Element[] {
  const tree = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", processEntities: true }).parse(xml) as unknown[];
  const out: Element[] = [];
  const walk = (nodes: unknown[]): void => {
    for (const node of nodes as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ":@" || key === "#text" || key.startsWith("?")) continue;
        out.push({ name: key, attrs: (node[":@"] ?? {}) as Record<string, string> });
        if (Array.isArray(value)) walk(value);
      }
    }
  };
  walk(tree);
  return out;
}

const withClass = (els: readonly Element[], name: string, cls: string): Element[] => els.filter((e) => e.name === name && e.attrs["class"] === cls);
const hookBoxes = (els: readonly Element[]): Element[] => els.filter((e) => e.name === "rect" && /^hook (ok|retried|failed)$/.test(e.attrs["class"] ?? ""));
const valid = (xml: string): true | unknown => XMLValidator.validate(xml);

/** The `<svg>…</svg>` of an HTML page, and the JSON of its hooks. */
function pageParts(html: string): { svg: string; json: string } {
  const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + "</svg>".length);
  const open = '<script type="application/json" id="relgen-hooks">';
  const start = html.indexOf(open) + open.length;
  return { svg, json: html.slice(start, html.indexOf("</script>", start)) };
}

describe("the timeline of the demo deployment", () => {
  let run: DemoRun;
  let svg: string;
  let html: string;
  beforeAll(async () => {
    run = await demoRun(6);
    svg = timelineSvg(run.doc);
    html = timelineHtml(run.doc);
  });

  it("is a well-formed SVG with a box per hook, a lane per unit, a bar per relation and a line per mark", () => {
    const { doc } = run;
    expect(doc.hooks.length).toBeGreaterThan(100);
    expect(valid(svg)).toBe(true);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="')).toBe(true);
    const els = elements(svg);
    const root = els[0]!;
    expect(root.name).toBe("svg");
    expect(root.attrs["viewBox"]).toBe(`0 0 ${root.attrs["width"]} ${root.attrs["height"]}`);
    expect(els.some((e) => e.name === "style")).toBe(true);
    expect(els.find((e) => e.name === "rect")?.attrs).toMatchObject({ class: "bg", fill: "#ffffff" });

    const boxes = hookBoxes(els);
    expect(boxes.length).toBe(doc.hooks.length);
    expect(boxes.map((b) => Number(b.attrs["data-seq"]))).toEqual(doc.hooks.map((h) => h.seq));
    for (const b of boxes) expect(Number(b.attrs["width"])).toBeGreaterThanOrEqual(2);

    const units = new Set([...doc.applications.flatMap((a) => a.units.map((u) => u.name)), ...doc.hooks.map((h) => h.unit)]);
    const lanes = els.filter((e) => e.name === "rect" && /^lane( alt)?$/.test(e.attrs["class"] ?? ""));
    expect(lanes.map((l) => l.attrs["data-unit"]).sort()).toEqual([...units].sort());
    // Grouped by application (mysql first, as in the document), units in numeric order; mysql/4 was removed.
    expect(lanes.map((l) => l.attrs["data-unit"])).toEqual(["mysql/0", "mysql/1", "mysql/2", "mysql/3", "mysql/4", "webapp/0", "webapp/1", "webapp/2"]);
    expect(svg).toContain(`${doc.applications[0]!.leader} (leader)`);
    expect(svg).toContain("mysql/4 (removed)");

    const relationIds = new Set(doc.hooks.flatMap((h) => (h.relationId ? [h.relationId.split(":")[1]] : [])));
    const bars = els.filter((e) => e.name === "rect" && /^relation( broken)?$/.test(e.attrs["class"] ?? ""));
    expect(bars.map((b) => b.attrs["data-relation"]).sort()).toEqual([...relationIds].sort());
    // The first database relation was removed (broken); the second and the peer relation last to the end.
    expect(bars.map((b) => b.attrs["class"])).toEqual(["relation", "relation broken", "relation"]);

    expect(doc.marks.length).toBeGreaterThan(0);
    expect(withClass(els, "line", "mark").length).toBe(doc.marks.length);
    expect(withClass(els, "polygon", "leader").length).toBe(doc.hooks.filter((h) => h.hook === "leader-elected").length);
    expect(withClass(els, "text", "mark-label").length).toBe(doc.marks.length);
    expect(els.filter((e) => e.name === "text" && e.attrs["class"] === "hook-label").length).toBeLessThan(doc.hooks.length);
    expect(timelineSvg(doc)).toBe(svg);
  });

  it("holds no raw control character and none of the model's secrets", () => {
    expect(run.secrets.size).toBeGreaterThan(1);
    for (const page of [svg, html]) {
      expect(page).not.toMatch(CONTROL);
      for (const secret of run.secrets) expect(page.includes(secret)).toBe(false);
    }
  });

  it("as a page: the SVG inline, every hook's tool calls as JSON, a details panel", () => {
    expect(html).toContain(timelineSvg(run.doc, { inline: true }));
    const { svg: inline, json } = pageParts(html);
    expect(valid(inline)).toBe(true);
    const hooks = JSON.parse(json) as { seq: number; toolCalls: unknown }[];
    expect(hooks.map((h) => h.seq)).toEqual(run.doc.hooks.map((h) => h.seq));
    for (const h of run.doc.hooks) expect(html).toContain(safeJson(h.toolCalls));
    expect(html).toContain("<title>relgen run timeline — seed 1</title>");
    expect(html).toContain('id="details"');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toContain("innerHTML");
  });
});

const EVIL = '</text><script>alert(1)</script>"\'&amp; \u001b[2J\u0000\u202e\ud800 \udc00 ]]> \u0085\u2028\uffff';

function hook(seq: number, over: Partial<HookDoc> = {}): HookDoc {
  return {
    seq,
    unit: `${EVIL}/${seq % 2}`,
    app: EVIL,
    hook: `${EVIL}-relation-changed`,
    relationId: `${EVIL}:7`,
    remoteUnit: `${EVIL}/9`,
    remoteApp: EVIL,
    departingUnit: null,
    attempt: 1,
    outcome: "ok",
    exitCode: 0,
    signal: null,
    timedOut: false,
    adhoc: false,
    startedMs: seq * 100,
    durationMs: 5000,
    toolCalls: [{ tool: EVIL, argv: ["--", EVIL, "<redacted>"], exitCode: 0, durationMs: 1 }],
    logs: [{ level: "INFO", message: EVIL }],
    statusAfter: { state: "active", message: EVIL },
    flagsAfter: [EVIL],
    ...over,
  };
}

const hostile: RunDocument = {
  format: "relgen-sim-run/1",
  seed: 7,
  step: { index: 1, count: 1, text: EVIL, result: "hooks-failing", problem: EVIL },
  elapsedMs: 12_000,
  applications: [
    {
      name: EVIL,
      charm: EVIL,
      status: { state: "error", message: EVIL },
      leader: `${EVIL}/0`,
      units: [{ name: `${EVIL}/0`, life: "alive", leader: true, address: EVIL, status: { state: "error", message: EVIL }, workloadVersion: EVIL, flags: [EVIL] }],
    },
  ],
  relations: [
    { id: 7, key: EVIL, interface: EVIL, peer: false, life: "alive", endpoints: [{ app: EVIL, endpoint: EVIL, role: EVIL }], units: [], applicationData: {}, unitData: {} },
  ],
  secrets: [],
  marks: [{ atMs: 10, label: EVIL }, { atMs: 11, label: EVIL }],
  hooks: [
    hook(1),
    hook(2, { hook: "leader-elected", relationId: null, remoteUnit: null, remoteApp: null }),
    hook(3, { outcome: "retried", attempt: 2 }),
    hook(4, { outcome: "failed", exitCode: 1, reason: EVIL, stderrTail: [EVIL, EVIL] }),
    // Relation 8 is gone from the model: its bar ends with its -relation-broken hook.
    hook(5, { hook: `${EVIL}-relation-broken`, relationId: `${EVIL}:8`, durationMs: 0.01 }),
  ],
  failures: [{ unit: `${EVIL}/0`, hook: EVIL, attempts: 3, reason: EVIL }],
};

describe("a hostile document", () => {
  it("escapes text and attribute values; names come from our code", () => {
    const escaped = escapeXml(EVIL);
    expect(escaped).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/);
    expect(escaped).not.toMatch(CONTROL);
    expect(escaped).not.toMatch(/[\u202e\u2028\ud800-\udfff\uffff]/);
    expect(valid(el("a", { title: EVIL, n: 1.23456, gone: null }, text(EVIL)))).toBe(true);
    expect(el("a", { n: 1.23456, off: false, gone: null })).toBe('<a n="1.23"/>');
    expect(() => el("a b", {})).toThrow(/not an XML element name/);
    expect(() => el("a", { 'x="1" onload': "y" })).toThrow(/not an XML attribute name/);
  });

  it("stays a well-formed SVG with no raw control character and nothing of its text as markup", () => {
    const svg = timelineSvg(hostile, { plotWidth: 16_000 });
    expect(valid(svg)).toBe(true);
    expect(svg).not.toMatch(CONTROL);
    expect(svg).not.toMatch(/[\u202e\u2028\ud800-\udfff\uffff]/);
    expect(svg).not.toContain("<script");
    const els = elements(svg);
    expect(new Set(els.map((e) => e.name))).toEqual(new Set(["svg", "title", "style", "rect", "text", "line", "g", "polygon"]));
    expect(hookBoxes(els).map((b) => b.attrs["class"])).toEqual(["hook ok", "hook ok", "hook retried", "hook failed", "hook ok"]);
    // A 5 s hook in a 12 s run is wide enough for its label; the 0.01 ms one is drawn 2 px wide, unlabelled.
    expect(hookBoxes(els)[4]!.attrs["width"]).toBe("2");
    expect(withClass(els, "text", "hook-label").length).toBe(4);
    expect(withClass(els, "polygon", "leader").length).toBe(1);
    expect(withClass(els, "line", "mark").length).toBe(2);
    const bars = els.filter((e) => e.name === "rect" && e.attrs["class"]?.startsWith("relation"));
    expect(bars.map((e) => [e.attrs["data-relation"], e.attrs["class"]])).toEqual([["7", "relation"], ["8", "relation broken"]]);
  });

  it("stays a well-formed page: the JSON parses back, closes no element, and holds the text made visible", () => {
    const html = timelineHtml(hostile);
    expect(html).not.toMatch(CONTROL);
    expect(html.match(/<script/g)?.length).toBe(2);
    expect(html.match(/<\/script/gi)?.length).toBe(2);
    const { svg, json } = pageParts(html);
    expect(valid(svg)).toBe(true);
    expect(json).not.toMatch(/<\/script|[<>&]/i);
    const hooks = JSON.parse(json) as { seq: number; unit: string; toolCalls: { argv: string[] }[]; reason: string | null; stderrTail: string[] }[];
    expect(hooks.map((h) => h.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(hooks[0]!.toolCalls[0]!.argv).toEqual(["--", expect.stringContaining("</text><script>alert(1)</script>"), "<redacted>"]);
    expect(hooks[0]!.unit).toContain("\\x1b[2J\\0\\u202e\uFFFD \uFFFD ]]>");
    expect(hooks[3]!.reason).toContain("\\x1b");
    expect(hooks[3]!.stderrTail).toHaveLength(2);
    expect(JSON.stringify(hooks)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028\ud800-\udfff]/);
  });
});
