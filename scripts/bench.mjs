#!/usr/bin/env node
// npm run bench — every benchmark, one after the other.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const script of ["bench-generate.mjs", "bench-runtime.mjs", "bench-sim.mjs"]) {
  if (!existsSync(join(here, script))) continue;
  console.log(`\n== ${script.replace(/\.mjs$/, "").replace("bench-", "bench:")} ==`);
  const r = spawnSync(process.execPath, [join(here, script)], { stdio: "inherit" });
  failed ||= r.status !== 0;
}
process.exitCode = failed ? 1 : 0;
