#!/usr/bin/env node
// The relgen command. It runs the compiled code in dist/ (built by `npm install`
// or `npm run build`) and warns when src/ or templates/ are newer than that build.
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/src/cli/main.js", import.meta.url);
const entryPath = fileURLToPath(entry);
const root = fileURLToPath(new URL("..", import.meta.url));
if (!existsSync(entryPath)) {
  // Say what to do where the user is: in a clone of relgen, or in a project that installed it.
  const clone = existsSync(`${root}/scripts/build.mjs`);
  process.stderr.write(
    clone
      ? `relgen: ${root} is not built yet: run \`npm install\` there (it builds dist/), or \`npm run build\` after editing\n`
      : `relgen: the relgen installed in ${root} has no compiled code (dist/): install it from a tarball that \`npm pack\` made in a built clone of relgen (npm install /path/to/relgen-<version>.tgz)\n`,
  );
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
if (existsSync(`${root}/.git`) && newest(`${root}/src`) > statSync(entryPath).mtimeMs) {
  process.stderr.write("relgen: warning: src/ changed since the last build; run `npm run build` to use the changes\n");
}

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
