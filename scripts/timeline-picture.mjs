#!/usr/bin/env node
// The picture of the demo's timeline for the docs: runs the first steps of the
// demo deployment (examples/deployment.ts) on the simulator, as npm start
// does, and writes docs/images/demo-timeline.svg and, rendered
// by headless Chromium, docs/images/demo-timeline.png.
//
// Needs dist/ (`npm run build`) and Chromium (installed with apt-get when
// missing, as root on Debian). RELGEN_SEED=N picks the event order (default 1).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureChromium, screenshotSvg } from "./lib/chromium.mjs";
import { distIsStale } from "./lib/stale.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The first steps: deploy the bundle (the cluster forms, the client connects), scale mysql to 5. */
const STEPS = 2;
/** Width of the plotting area: the whole run fits a picture under 4000 px wide. */
const PLOT_WIDTH = 3200;

const fail = (message) => {
  process.stderr.write(`timeline-picture: ${message}\n`);
  process.exit(1);
};
const dist = (path) => join(root, "dist", path);
if (!existsSync(dist("src/report/timeline.js"))) fail("dist/ has no timeline: run `npm run build` first");
if (distIsStale(root)) process.stderr.write("timeline-picture: warning: dist/ is older than the sources (`npm run build` rebuilds it)\n");

const load = (path) => import(pathToFileURL(dist(path)).href);
const { Simulator } = await load("src/sim/index.js");
const { readBundle } = await load("src/juju/bundle.js");
const { runDeployment } = await load("examples/deployment.js");
const { runDocument } = await load("src/report/document.js");
const { timelineSvg } = await load("src/report/timeline.js");

// The demo charms as npm start runs them: real hook processes on the simulator.
execFileSync(process.execPath, [join(root, "scripts", "build-charm.mjs")], { stdio: "ignore" });
const bundle = readBundle(join(root, "examples", "bundle.yaml"));
const charms = Object.fromEntries(bundle.applications.map((a) => [a.name, a.charm.dir]));
const seed = Number(process.env.RELGEN_SEED ?? 1);
const sim = await Simulator.create({ seed });
let doc;
try {
  // runDeployment marks each step: the timeline draws them.
  await runDeployment(sim, charms, {
    bundle,
    jobs: 2,
    steps: STEPS,
    onStep(report) {
      for (const problem of report.problems) process.stderr.write(`timeline-picture: ${report.step}: ${problem}\n`);
    },
  });
  doc = runDocument(sim);
} finally {
  await sim.close();
}

const svg = timelineSvg(doc, { plotWidth: PLOT_WIDTH });
const [, width, height] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
const out = join(root, "docs", "images");
mkdirSync(out, { recursive: true });
const svgPath = join(out, "demo-timeline.svg");
const pngPath = join(out, "demo-timeline.png");
writeFileSync(svgPath, svg);
process.stdout.write(`${relative(root, svgPath)}: ${doc.hooks.length} hooks, ${width}×${height} px\n`);

const chromium = await ensureChromium();
if (typeof chromium !== "string") fail(`no PNG: ${chromium.skipped}`);
await screenshotSvg(svgPath, pngPath, Number(width), Number(height), chromium);
process.stdout.write(`${relative(root, pngPath)}: ${Math.round(statSync(pngPath).size / 1024)} KB\n`);
