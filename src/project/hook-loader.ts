/**
 * The program Juju runs (through `dispatch`): `hook.cjs`, a small CommonJS
 * loader of the bundled charm (`hook.bundle.cjs`). CommonJS starts faster
 * than an ES module, and the loader compiles the bundle with V8's code cache
 * (`.hook.bundle.cache` beside it, written by the first hook that finds none,
 * after the hook ran, so that it holds the functions the hook compiled).
 * Node checks the cache against its own version and the bundle, and compiles
 * from source when it does not fit. A charm whose hook program awaits at its
 * top level cannot be CommonJS: it is bundled as `hook.bundle.mjs`, which the
 * loader imports.
 */
import { CODE_CACHE_FILE } from "../common/hook-files.js";

export const HOOK_PROGRAM = "hook.cjs";
export const HOOK_BUNDLE_CJS = "hook.bundle.cjs";
export const HOOK_BUNDLE_ESM = "hook.bundle.mjs";
export { CODE_CACHE_FILE };

/** The first lines of the hook program: an old Node stops with the same advice instead of a syntax error later. */
export function versionGuard(minNode: number): string {
  return `if (Number(process.versions.node.split(".")[0]) < ${minNode}) {
  process.stderr.write("this charm needs Node.js ${minNode} or newer; found " + process.version + " (sudo snap install node --classic --channel=${minNode}), then juju resolve the unit\\n");
  process.exit(1);
}`;
}

/** `hook.cjs`: the loader of a CommonJS bundle (with the code cache), or of an ES module bundle. */
export function loaderSource(minNode: number, format: "cjs" | "esm"): string {
  const head = `"use strict";
// Written by relgen build; do not edit. Juju runs this, through dispatch, for every event.
${versionGuard(minNode)}`;
  if (format === "esm") {
    return `${head}
// The charm's hook program awaits at its top level, so it is an ES module.
import(require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(HOOK_BUNDLE_ESM)})).href).catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\\n");
  process.exitCode = 1;
});
`;
  }
  return `${head}
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
const { wrap } = require("node:module");
const bundle = join(__dirname, ${JSON.stringify(HOOK_BUNDLE_CJS)});
const cache = join(__dirname, ${JSON.stringify(CODE_CACHE_FILE)});
let cachedData;
try {
  cachedData = readFileSync(cache);
} catch {
  // none yet: this hook writes it
}
const script = new Script(wrap(readFileSync(bundle, "utf8")), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (cachedData === undefined || script.cachedDataRejected) {
  // After the hook: the cache then holds the functions it compiled. Best effort: a read-only directory keeps none.
  process.once("exit", () => {
    try {
      writeFileSync(cache + ".tmp", script.createCachedData(), { mode: 0o600 });
      renameSync(cache + ".tmp", cache);
    } catch {
      // no cache: the next hook compiles from source, as this one did
    }
  });
}
const hookModule = { exports: {}, id: bundle, filename: bundle, loaded: false };
script.runInThisContext()(hookModule.exports, require, hookModule, bundle, __dirname);
`;
}
