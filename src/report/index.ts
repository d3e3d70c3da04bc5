/**
 * A run as data and as a picture, for both drivers: `runDocument` (what
 * `relgen sim --format json` prints, `toJSON()` returns), `timelineSvg` and
 * `timelineHtml` (what `--timeline` writes, `timeline()` returns).
 */
import type { JujuEngine } from "../juju/engine.js";
import { runDocument } from "./document.js";
import { timelineHtml } from "./timeline-html.js";
import { timelineSvg } from "./timeline.js";

export { runDocument, safeJson, RUN_FORMAT } from "./document.js";
export type {
  ApplicationDoc, FailureDoc, HookDoc, HookOutcome, RelationDoc, RunDocument, SecretDoc, StatusDoc, StepDoc, ToolCallDoc, UnitDoc,
} from "./document.js";
export { timelineHtml, timelineSvg };

/** The run of `engine` so far as a timeline: SVG, or an HTML page where hovering a hook shows its tool calls. */
export function timelineOf(engine: JujuEngine<unknown>, format: "svg" | "html" = "svg"): string {
  const doc = runDocument(engine);
  return format === "html" ? timelineHtml(doc) : timelineSvg(doc);
}
