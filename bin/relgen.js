#!/usr/bin/env node
// The relgen command. It runs the compiled code in dist/ (built by `npm install`
// or `npm run build`) and warns when src/ or templates/ are newer than that build.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
const entryPath = fileURLToPath(entry);
if (!existsSync(entryPath)) {
  process.stderr.write("relgen: dist/ is missing; run `npm run build` (npm install runs it for you)\n");
  process.exit(2);
}

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${e.name}`;
    latest = Math.max(latest, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
const root = fileURLToPath(new URL("..", import.meta.url));
if (existsSync(`${root}/.git`) && newest(`${root}/src`) > statSync(entryPath).mtimeMs) {
  process.stderr.write("relgen: warning: src/ changed since the last build; run `npm run build` to use the changes\n");
}

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
