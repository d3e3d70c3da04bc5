#!/usr/bin/env node
// Builds the demo charms (examples/mysql-innodb-cluster, examples/webapp) into
// build/charms/<name>/ with `relgen build`: type-checked against the
// repository's tsconfig.json, bundled into hook.bundle.cjs (run by hook.cjs), with metadata.yaml and a
// dispatch. A charm already newer than its inputs is left as it is.
// Skipped under `npm pack`, which packs no charm.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const EXAMPLES = ["mysql-innodb-cluster", "webapp"];

if (process.env.npm_command === "pack" || process.env.npm_command === "publish") process.exit(0);
const cli = join(root, "dist", "src", "cli", "main.js");
if (!existsSync(cli)) {
  process.stderr.write("build-charm: dist/ is missing: run `node scripts/build.mjs` first (npm install runs both)\n");
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
for (const name of EXAMPLES) {
  const code = await main(["build", join(root, "examples", name), "--out", join(root, "build", "charms", name), "--tsconfig", join(root, "tsconfig.json")]);
  if (code !== 0) process.exit(code);
}
