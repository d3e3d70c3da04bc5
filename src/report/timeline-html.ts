/**
 * The timeline as a standalone HTML page: the SVG of timeline.ts inline, and
 * a details panel that shows a hook's record (tool calls, logs, why it
 * failed) when a hook box is pointed at or focused. No external resource.
 *
 * The hooks' data is embedded as JSON (`<script type="application/json">`,
 * written by `safeJson`, so it cannot close its element), with every string
 * passed through `visible()` first; the page's own small script reads it and
 * fills the panel with `textContent` only. A Content-Security-Policy allows
 * that one script (by its hash) and nothing else.
 */
import { createHash } from "node:crypto";
import { visible } from "../runtime/text.js";
import { safeJson, type HookDoc, type RunDocument } from "./document.js";
import { escapeXml } from "./svg.js";
import { timelineSvg } from "./timeline.js";

/** What the panel shows of one hook: the document's record, every string made visible. */
function hookDetails(h: HookDoc) {
  const v = visible;
  return {
    seq: h.seq,
    unit: v(h.unit),
    hook: v(h.hook),
    relation: h.relationId === null ? null : v(h.relationId),
    remote: h.remoteUnit !== null ? v(h.remoteUnit) : h.remoteApp !== null ? v(h.remoteApp) : null,
    departing: h.departingUnit === null ? null : v(h.departingUnit),
    outcome: h.outcome,
    attempt: h.attempt,
    exit: h.exitCode !== null ? `exit ${h.exitCode}` : h.signal !== null ? `signal ${v(h.signal)}` : h.timedOut ? "timed out" : "none",
    startedMs: h.startedMs,
    durationMs: h.durationMs,
    status: `${v(h.statusAfter.state)}: ${v(h.statusAfter.message)}`,
    flags: h.flagsAfter.map(v),
    toolCalls: h.toolCalls.map((c) => ({ tool: v(c.tool), argv: c.argv.map(v), exitCode: c.exitCode, durationMs: c.durationMs })),
    logs: h.logs.map((l) => ({ level: v(l.level), message: v(l.message) })),
    reason: h.reason === undefined ? null : v(h.reason),
    stderrTail: (h.stderrTail ?? []).map(v),
  };
}

const PAGE_STYLE = `
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222;background:#fff}
header{padding:10px 16px;border-bottom:1px solid #ddd}
header h1{font-size:18px;margin:0 0 4px}
.summary{margin:0;color:#555}
.picture{overflow:auto;max-height:65vh;border-bottom:1px solid #ddd}
#details{padding:10px 16px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
#details h2{font:bold 15px system-ui,sans-serif;margin:4px 0}
#details h3{font:bold 13px system-ui,sans-serif;margin:10px 0 4px}
#fields{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}
#fields dt{color:#666}#fields dd{margin:0;white-space:pre-wrap;word-break:break-all}
#details ol{margin:0;padding-left:28px}#details li{white-space:pre-wrap;word-break:break-all}
.bad{color:#c92a2a}
`;

/** Fills the panel from the embedded JSON when a hook box is pointed at or focused: textContent only. */
const PAGE_SCRIPT = `
(function () {
  var hooks = JSON.parse(document.getElementById("relgen-hooks").textContent);
  var bySeq = {};
  hooks.forEach(function (h) { bySeq[String(h.seq)] = h; });
  var byId = function (id) { return document.getElementById(id); };
  var clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); };
  var add = function (parent, tag, text, cls) {
    var e = document.createElement(tag);
    e.textContent = text;
    if (cls) e.className = cls;
    parent.appendChild(e);
    return e;
  };
  var list = function (id, items) {
    var node = byId(id);
    clear(node);
    items.forEach(function (t) { add(node, "li", t); });
    byId(id + "-title").hidden = items.length === 0;
  };
  var current = null;
  function show(seq) {
    var h = bySeq[seq];
    if (!h || current === seq) return;
    current = seq;
    byId("hint").hidden = true;
    byId("hook-title").textContent = "#" + h.seq + " " + h.unit + " " + h.hook;
    var fields = byId("fields");
    clear(fields);
    var rows = [["unit", h.unit], ["hook", h.hook], ["relation", h.relation], ["remote", h.remote], ["departing", h.departing],
      ["outcome", h.outcome + (h.attempt > 1 ? " (attempt " + h.attempt + ")" : "")], ["exit", h.exit],
      ["started", h.startedMs + " ms"], ["duration", h.durationMs + " ms"], ["status after", h.status],
      ["flags after", h.flags.join(" ")], ["reason", h.reason]];
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === "") return;
      add(fields, "dt", r[0]);
      add(fields, "dd", r[1], r[0] === "reason" || (r[0] === "outcome" && h.outcome === "failed") ? "bad" : "");
    });
    list("calls", h.toolCalls.map(function (c) {
      return c.tool + " " + c.argv.join(" ") + (c.exitCode !== 0 ? "  -> exit " + c.exitCode : "") + "  (" + c.durationMs + " ms)";
    }));
    list("logs", h.logs.map(function (l) { return l.level + " " + l.message; }));
    list("stderr", h.stderrTail);
  }
  var pick = function (ev) {
    var t = ev.target;
    if (t && t.classList && t.classList.contains("hook")) show(t.getAttribute("data-seq"));
  };
  var svg = document.querySelector(".picture svg");
  svg.addEventListener("mouseover", pick);
  svg.addEventListener("focusin", pick);
})();
`;

const scriptHash = `sha256-${createHash("sha256").update(PAGE_SCRIPT).digest("base64")}`;

/** The run's timeline as a standalone HTML page (see the module comment). */
export function timelineHtml(doc: RunDocument): string {
  const seed = doc.seed === null ? "none" : String(doc.seed);
  const title = `relgen run timeline — seed ${seed}`;
  const failed = doc.hooks.filter((h) => h.outcome === "failed").length;
  const summary = [
    `seed ${seed}`,
    `${doc.hooks.length} hooks`,
    `${failed} failed`,
    `${doc.failures.length} unit${doc.failures.length === 1 ? "" : "s"} in error`,
    `${(doc.elapsedMs / 1000).toFixed(3)} s`,
    ...(doc.step ? [`after step ${doc.step.index}/${doc.step.count}: ${doc.step.text} (${doc.step.result})`] : []),
  ].join(" · ");
  const failures = doc.failures.map((f) => `<li class="bad">${escapeXml(`${f.unit}: ${f.hook} failed ${f.attempts} times: ${f.reason}`)}</li>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '${scriptHash}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeXml(title)}</h1>
<p class="summary">${escapeXml(summary)}</p>
${failures ? `<ul>${failures}</ul>` : ""}
</header>
<div class="picture">
${timelineSvg(doc, { inline: true })}
</div>
<section id="details" aria-live="polite">
<h2 id="hook-title">Hook details</h2>
<p id="hint">Point at a hook box (or move to one with Tab) to see its record here.</p>
<dl id="fields"></dl>
<h3 id="calls-title" hidden>Tool calls</h3>
<ol id="calls"></ol>
<h3 id="logs-title" hidden>Logs</h3>
<ol id="logs"></ol>
<h3 id="stderr-title" hidden>Last lines of stderr</h3>
<ol id="stderr"></ol>
</section>
<script type="application/json" id="relgen-hooks">${safeJson(doc.hooks.map(hookDetails))}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
