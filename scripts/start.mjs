#!/usr/bin/env node
// npm start — the main job: build the demo charm, check the generated bindings
// against schema/, then run the demo charm on the Juju model simulator:
// deploy 3 units, scale out to 5, remove mysql/4, and require every unit to end
// connected, available and clustered after each step.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const relgen = join(root, "bin", "relgen.js");
const started = performance.now();

function step(title, args, options = {}) {
  process.stdout.write(`\n>> ${title}\n`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", ...options });
  if (r.status !== 0) {
    process.stderr.write(`npm start: "${title}" failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

if (!existsSync(join(root, "dist", "src", "cli", "main.js"))) step("compile TypeScript", [join(root, "scripts", "build.mjs")]);
step("build the demo charm", [join(root, "scripts", "build-charm.mjs")]);
step("check the generated bindings against schema/", [relgen, "generate", "--check"]);
step("simulate: deploy 3 units, scale to 5, remove mysql/4", [
  relgen, "sim",
  "--charm", join(root, "build", "charms", "mysql-innodb-cluster"),
  "--app", "mysql",
  "--units", "3", "--then", "scale:5", "--then", "remove:mysql/4",
  "--seed", process.env.RELGEN_SEED ?? "1",
  "--expect-flags", "cluster.connected,cluster.available,cluster.clustered",
]);
process.stdout.write(`\nconverged: every unit is connected, available and clustered after each step (${((performance.now() - started) / 1000).toFixed(1)} s in all)\n`);
