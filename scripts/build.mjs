#!/usr/bin/env node
// Compiles the TypeScript sources (generator, runtime, simulator, generated
// bindings, examples) to dist/, then copies what tsc does not carry over: the
// generator's plain-JavaScript artifacts (of generated/ and examples/*/generated/) (ajv standalone validators and their
// declarations) and the simulator's C client source. Skips the work when
// dist/ is newer than every source, unless --force.
//
// It needs relgen's dev dependencies (TypeScript): in a git clone, run
// `npm install` first. A project that uses relgen installs the packed tarball,
// which holds dist/ already.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { distIsStale } from "./lib/stale.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!process.argv.includes("--force") && !distIsStale(root)) process.exit(0);

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
if (!existsSync(tsc)) {
  process.stderr.write(
    `relgen: cannot compile: TypeScript is not installed in ${root}.\n` +
      "  In a git clone of relgen, run `npm install` there first (it installs the dev dependencies and builds).\n" +
      "  To use relgen in another project, make a tarball in the clone (`npm pack`) and install that: `npm install /path/to/relgen-<version>.tgz`.\n",
  );
  process.exit(1);
}
// A clean build: files of modules that no longer exist must not linger (or be packed).
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
// The plain-JavaScript validators (and their declarations) of generated/ and of each
// example charm's generated/, which the demo charms import in process.
const examples = join(root, "examples");
const generatedDirs = [join(root, "generated"), ...readdirSync(examples).map((name) => join(examples, name, "generated"))];
for (const generated of generatedDirs.filter((dir) => existsSync(dir) && statSync(dir).isDirectory())) {
  for (const file of walk(generated)) {
    if (file.endsWith(".js") || file.endsWith(".d.ts")) cpSync(file, join(root, "dist", relative(root, file)));
  }
}
cpSync(join(root, "src", "sim", "client", "jujuc.c"), join(root, "dist", "src", "sim", "client", "jujuc.c"));
