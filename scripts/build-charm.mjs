#!/usr/bin/env node
// Builds the demo charms (examples/mysql-innodb-cluster, examples/webapp) into
// build/charms/<name>/: metadata.yaml, an executable `dispatch`, and the hook
// program bundled into one file (hook.mjs), so each directory needs only `node`
// on PATH and can be copied anywhere.
import { chmodSync, copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHARMS = ["mysql-innodb-cluster", "webapp"];

/** Bundles one hook entry point into a single ES module file. */
export async function bundleHook(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: false,
    legalComments: "none",
    logLevel: "warning",
    banner: { js: "// Bundled by relgen's scripts/build-charm.mjs; do not edit." },
  });
}

/** Builds one example charm into `out`. */
export async function buildCharm(name, out = join(root, "build", "charms", name)) {
  const source = join(root, "examples", name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await bundleHook(join(source, "src", "hook.ts"), join(out, "hook.mjs"));
  copyFileSync(join(source, "metadata.yaml"), join(out, "metadata.yaml"));
  copyFileSync(join(source, "dispatch"), join(out, "dispatch"));
  chmodSync(join(out, "dispatch"), 0o755);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const name of CHARMS) console.log(`built ${await buildCharm(name)}`);
}
