#!/usr/bin/env node
// Two charms developed together, as a charm author gets relgen: `npm pack`
// this repository, install the tarball into an empty folder, `relgen init
// --workspace` there (a requirer and a provider of a small interface of a
// registry folder written here, whose example values give each side all the
// other needs), then at the workspace's root `npm install` (preferring npm's
// cache), `npm test` (each charm's tests and the integration test) and `npm
// start` (every charm built, the bundle on the simulator until the model is
// quiet, both charms active). Not part of npm test (about a minute).
//
//   npm run test:workspace [-- --keep]
//
// Exits 0 when every step passed; 1 when one failed (its output is printed);
// 0 with "skipped" when an install fails and the npm registry is unreachable.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const exec = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { keep: { type: "boolean", default: false } } });
const work = mkdtempSync(join(tmpdir(), "relgen-workspace-"));
const started = performance.now();
const took = [];

/** Output without terminal colours (vitest colours its summary even into a pipe). */
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, "");

async function run(cmd, args, cwd, timeout = 240_000) {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
    return { code: 0, out: plain(stdout + stderr) };
  } catch (e) {
    return { code: typeof e.code === "number" ? e.code : 1, out: plain(`${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`) };
  }
}

function finish(code, line) {
  process.stdout.write(`${line}\n`);
  if (values.keep) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  process.exit(code);
}

async function step(what, cmd, args, cwd, check = () => null) {
  const t0 = performance.now();
  const r = await run(cmd, args, cwd);
  took.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (r.code !== 0 && what.startsWith("install") && (await run("npm", ["ping"], work, 20_000)).code !== 0) {
    finish(0, `test:workspace skipped: the npm registry is unreachable and npm's cache cannot satisfy "${what}"`);
  }
  const problem = r.code !== 0 ? `exit ${r.code}` : check(r.out);
  if (problem) {
    process.stdout.write(`${r.out}\n`);
    finish(1, `test:workspace FAILED at ${what}: ${problem}`);
  }
  process.stdout.write(`ok  ${what} (${took.at(-1).split(" ").slice(-2).join(" ")})\n`);
  return r.out;
}

/** One side of the `greeting` interface in the registry's envelope: an app bag whose key is required and has an example. */
function side(title, key, description, example) {
  return {
    title,
    type: "object",
    properties: { unit: { $ref: `#/$defs/${title}Unit` }, app: { $ref: `#/$defs/${title}App` } },
    required: ["app"],
    $defs: {
      [`${title}Unit`]: { type: "object", properties: {} },
      [`${title}App`]: { type: "object", properties: { [key]: { type: "string", description, examples: [example] } }, required: [key] },
    },
  };
}

const registry = join(work, "registry");
for (const [role, doc] of [
  ["provider", side("GreetingProvider", "reply", "What the provider says back.", "hello")],
  ["requirer", side("GreetingRequirer", "message", "What the requirer says.", "hi")],
]) {
  mkdirSync(join(registry, "greeting", "v0"), { recursive: true });
  writeFileSync(join(registry, "greeting", "v0", `${role}.json`), JSON.stringify(doc, null, 2) + "\n");
}

await step("npm pack", "npm", ["pack", "--pack-destination", work], root);
const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const tarball = join(work, `${name}-${version}.tgz`);
const app = join(work, "app");
mkdirSync(app);
writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
await step("install the tarball", "npm", ["install", "--prefer-offline", tarball], app);

const relgen = join(app, "node_modules", ".bin", "relgen");
await step("relgen init --workspace", relgen, ["init", "--workspace", "shop", "--charm", "web:greeting:requirer", "--charm", "greeter:greeting:provider", "--registry", registry], app, (out) =>
  out.includes("relgen: related web:greeting greeter:greeting (greeting) in bundle.yaml") ? null : "the charms were not related",
);
const shop = join(app, "shop");
await step("install the workspace (npm install at its root)", "npm", ["install", "--prefer-offline"], shop, () => {
  // One install for all: relgen is at the root, and no charm has a copy of its own.
  if (!existsSync(join(shop, "node_modules", "relgen", "package.json"))) return "relgen is not installed at the workspace's root";
  const own = ["web", "greeter"].filter((c) => existsSync(join(shop, "charms", c, "node_modules", "relgen")));
  return own.length ? `${own.join(", ")} got a relgen of its own` : null;
});
await step("npm test", "npm", ["test"], shop, (out) => {
  const passed = [...out.matchAll(/Tests\s+(\d+) passed/g)].map((m) => Number(m[1]));
  return passed.length === 3 ? null : `expected three vitest runs (web, greeter, integration) to pass, saw ${passed.length}`;
});
await step("npm start", "npm", ["start", "--", "--quiet", "--seed", "3"], shop, (out) => {
  for (const unit of ["web/0", "greeter/0"]) if (!new RegExp(`${unit.replace("/", "\\/")} \\(leader\\)\\s+active: ready`).test(out)) return `${unit} is not active`;
  return /\b0 failed/.test(out) ? null : "a hook failed";
});
finish(0, `test:workspace passed in ${((performance.now() - started) / 1000).toFixed(0)} s: ${took.join(", ")}`);
