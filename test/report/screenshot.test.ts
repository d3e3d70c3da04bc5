/**
 * The timeline as a browser draws it: the demo deployment's SVG rendered by
 * headless Chromium (scripts/lib/chromium.mjs) is a PNG of the requested
 * size that is not blank and shows the hooks' colours. Skipped, with the
 * reason, where Chromium is missing and cannot be installed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { timelineSvg } from "../../src/report/timeline.js";
import { ensureChromium, screenshotSvg } from "../../scripts/lib/chromium.mjs";
import { tempDir } from "../support/temp.js";
import { demoRun } from "./demo-run.js";

/** Chromium copes with pictures up to this size in each direction. */
const MAX_SIDE = 4000;
/** The fill of an ok hook box (timeline.ts's style). */
const OK_GREEN = [0x2f, 0x9e, 0x44] as const;

const near = (png: PNG, i: number, [r, g, b]: readonly number[]): boolean =>
  Math.abs(png.data[i]! - r!) <= 6 && Math.abs(png.data[i + 1]! - g!) <= 6 && Math.abs(png.data[i + 2]! - b!) <= 6;

describe("the timeline in a browser", () => {
  it("renders to a PNG of its size, not blank, with the hooks' colours", async (ctx) => {
    const chromium = await ensureChromium();
    if (typeof chromium !== "string") {
      console.warn(`screenshot test skipped: ${chromium.skipped}`);
      ctx.skip();
      return;
    }
    const { doc } = await demoRun(2);
    const svg = timelineSvg(doc);
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    const width = Math.min(Number(w), MAX_SIDE);
    const height = Math.min(Number(h), MAX_SIDE);
    expect(width).toBeGreaterThan(900);

    const dir = tempDir("relgen-screenshot-");
    const svgPath = join(dir, "timeline.svg");
    const pngPath = join(dir, "timeline.png");
    writeFileSync(svgPath, svg);
    await screenshotSvg(svgPath, pngPath, width, height, chromium);

    const png = PNG.sync.read(readFileSync(pngPath));
    expect([png.width, png.height]).toEqual([width, height]);
    const colours = new Set<number>();
    let notWhite = 0;
    let green = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
      colours.add((r << 16) | (g << 8) | b);
      if (r < 245 || g < 245 || b < 245) notWhite++;
      if (near(png, i, OK_GREEN)) green++;
    }
    const pixels = width * height;
    expect(colours.size).toBeGreaterThan(3);
    expect(notWhite / pixels).toBeGreaterThan(0.05);
    // Every hook of the demo succeeds at the first try: their boxes are green.
    expect(doc.hooks.every((hook) => hook.outcome === "ok")).toBe(true);
    expect(green).toBeGreaterThan(doc.hooks.length * 2 * 10);
  }, 15 * 60_000);
});
