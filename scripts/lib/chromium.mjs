// Headless Chromium for pictures: find it (or install it with apt-get when we
// may), and screenshot an SVG file to a PNG of a given size. Used by
// scripts/timeline-picture.mjs and test/report/screenshot.test.ts.
//
// Every child process here is bounded (a timer kills it), and everything it
// writes on disk (its profile, its temp files) goes into a fresh temp dir that
// is removed afterwards.
import { spawn } from "node:child_process";
import { accessSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const RENDER_TIMEOUT_MS = 2 * 60_000;

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** `name` on PATH, or null. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** /usr/bin/chromium, or `chromium` on PATH, or null. */
export function findChromium() {
  return executable("/usr/bin/chromium") ? "/usr/bin/chromium" : onPath("chromium");
}

/**
 * Runs a command with its output going to `log` (or ignored), killed after
 * `timeoutMs`. Resolves to { code, signal, timedOut }; never rejects.
 */
function run(command, args, { log, timeoutMs, env = process.env }) {
  return new Promise((resolve) => {
    const fd = log ? openSync(log, "a") : null;
    const stdio = ["ignore", fd ?? "ignore", fd ?? "ignore"];
    let timedOut = false;
    let child;
    try {
      child = spawn(command, args, { stdio, env });
    } catch (error) {
      if (fd !== null) closeSync(fd);
      resolve({ code: null, signal: null, timedOut: false, error: String(error) });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const done = (result) => {
      clearTimeout(timer);
      if (fd !== null) closeSync(fd);
      resolve({ timedOut, ...result });
    };
    child.on("error", (error) => done({ code: null, signal: null, error: String(error) }));
    child.on("close", (code, signal) => done({ code, signal }));
  });
}

const tail = (file, lines = 8) => {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
};

/**
 * The path of Chromium; when it is missing and we are root on Debian with
 * apt-get, installs it first (`apt-get install -y chromium`, after `apt-get
 * update` when the package is not known yet; 10 minutes at most in all,
 * output in a log file under the OS temp dir, removed afterwards). Otherwise
 * `{ skipped: reason }`.
 */
export async function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.platform !== "linux" || !existsSync("/etc/debian_version")) return { skipped: "chromium is not installed, and this is not Debian (no /etc/debian_version) to install it with apt-get" };
  if (process.getuid?.() !== 0) return { skipped: "chromium is not installed, and installing it with apt-get needs root" };
  const aptGet = onPath("apt-get");
  if (!aptGet) return { skipped: "chromium is not installed, and apt-get is not on PATH" };
  const dir = mkdtempSync(join(tmpdir(), "relgen-chromium-install-"));
  const log = join(dir, "apt-get.log");
  try {
    const deadline = Date.now() + INSTALL_TIMEOUT_MS;
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const install = () => run(aptGet, ["install", "-y", "chromium"], { log, env, timeoutMs: Math.max(1000, deadline - Date.now()) });
    let result = await install();
    if (result.code !== 0 && !result.timedOut) {
      await run(aptGet, ["update"], { log, env, timeoutMs: Math.max(1000, deadline - Date.now()) });
      result = await install();
    }
    const path = findChromium();
    if (path) return path;
    const why = result.timedOut ? "timed out after 10 minutes" : result.error ?? `exit ${result.code ?? result.signal}`;
    return { skipped: `chromium is not installed, and apt-get install -y chromium failed (${why}):\n${tail(log)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Renders the SVG file `svgPath` with headless Chromium into `pngPath`, a
 * `width` × `height` PNG. Uses a new profile and temp dir, removed afterwards.
 * Throws when Chromium is missing or writes no picture.
 */
export async function screenshotSvg(svgPath, pngPath, width, height, chromium = findChromium()) {
  if (!chromium) throw new Error("chromium is not installed (see ensureChromium())");
  const work = mkdtempSync(join(tmpdir(), "relgen-chromium-"));
  try {
    const profile = join(work, "profile");
    const tmp = join(work, "tmp");
    mkdirSync(profile);
    mkdirSync(tmp);
    const log = join(work, "chromium.log");
    rmSync(pngPath, { force: true });
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      `--user-data-dir=${profile}`,
      `--window-size=${Math.round(width)},${Math.round(height)}`,
      `--screenshot=${pngPath}`,
      pathToFileURL(svgPath).href,
    ];
    // Chromium's own temp files go into `work` too (TMPDIR), so nothing is left behind.
    const result = await run(chromium, args, { log, timeoutMs: RENDER_TIMEOUT_MS, env: { ...process.env, TMPDIR: tmp } });
    if (!existsSync(pngPath)) {
      const why = result.timedOut ? "timed out" : result.error ?? `exit ${result.code ?? result.signal}`;
      throw new Error(`chromium wrote no screenshot (${why}):\n${tail(log)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
