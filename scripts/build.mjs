#!/usr/bin/env node
// Compiles the TypeScript sources (generator, runtime, generated bindings) to dist/,
// then copies the plain-JavaScript artifacts of the generator (ajv standalone
// validators and their declarations), which tsc does not carry over.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
const generated = join(root, "generated");
if (existsSync(generated)) {
  for (const file of walk(generated)) {
    if (file.endsWith(".js") || file.endsWith(".d.ts")) {
      cpSync(file, join(root, "dist", relative(root, file)));
    }
  }
}
