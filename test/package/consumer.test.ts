/**
 * relgen as a charm author gets it: `npm pack` this repository, install the
 * tarball into an empty project, `relgen init` a charm there with the
 * mysql_client requirer by name (the package's schema/ as the registry),
 * `relgen add` two more endpoints by name and paste what it prints where it
 * says, then in that charm `npm install`, `npm run build`, `npm test`, and
 * (with RELGEN_E2E=full, as
 * `npm run test:e2e` runs it) `npm run generate`, `npm run pack` and `npm start`
 * (the charm related to this repository's demo cluster on the simulator,
 * until the model is quiet and the charm active). A misspelt key fails the
 * build, naming the key. Every export of the package resolves, for types and
 * at run time, from the installed tarball, and nothing else does. Installs
 * prefer npm's cache; the test is skipped, saying so, only when an install
 * fails and the npm registry is unreachable.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildExampleCharm } from "../demo/support.js";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "relgen-consumer-"));
afterAll(() => rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

interface Run {
  readonly code: number;
  readonly out: string;
}

/** A safety net, not a measure: ten times what the slowest step (an npm install) takes on a loaded 2-core machine. */
async function run(cmd: string, args: readonly string[], cwd: string, timeout = 600_000): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(cmd, [...args], { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === "number" ? err.code : 1, out: `${err.stdout ?? ""}${err.stderr ?? ""}${err.message}` };
  }
}

/** Whether the npm registry answers (when an install failed, this tells a broken package from a network without npm). */
async function registryReachable(): Promise<boolean> {
  return (await run("npm", ["ping"], work, 20_000)).code === 0;
}

/** Lists a ZIP archive's entries with their Unix modes, reading the central directory (independently of relgen's writer). */
function zipEntries(file: string): Map<string, number> {
  const buf = readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const mode = buf.readUInt32LE(at + 38) >>> 16;
    out.set(buf.toString("utf8", at + 46, at + 46 + nameLength), mode & 0o7777);
    at += 46 + nameLength + extra + commentLength;
  }
  return out;
}

/**
 * Pastes what `relgen add` printed into the charm, where it says: the
 * endpoint's declaration before defineCharm, the endpoint into defineCharm's
 * list, and the handler after it.
 */
function pasteAdded(charmFile: string, printed: string): void {
  const from = "In src/charm.ts, beside the other endpoints (before defineCharm):\n\n";
  const declaration = printed.slice(printed.indexOf(from) + from.length, printed.indexOf("\n\nthen add "));
  const variable = /^then add (\w+) to defineCharm/m.exec(printed)![1]!;
  const after = "and a handler after it:\n\n";
  // The handler, to its closing line (warnings on stderr may follow it in the combined output).
  const rest = printed.slice(printed.indexOf(after) + after.length);
  const handler = rest.slice(0, rest.indexOf("\n});\n") + "\n});\n".length);
  const charm = readFileSync(charmFile, "utf8")
    .replace("export const charm = defineCharm(", `${declaration}\nexport const charm = defineCharm(`)
    .replace(/defineCharm\(\{ endpoints: \[([^\]]*)\]/, (_, list: string) => `defineCharm({ endpoints: [${list}, ${variable}]`);
  writeFileSync(charmFile, charm + "\n" + handler);
}

/** The whole flow, with `npm run generate`, `npm run pack` and `npm start` (about 25 s more): `npm run test:e2e`. */
const FULL = process.env["RELGEN_E2E"] === "full";

describe("relgen from its packed tarball", () => {
  it(FULL ? "starts a charm project that generates, builds, tests, packs and runs on the simulator" : "starts a charm project that generates, builds and tests (packs and runs it: npm run test:e2e)", async (ctx) => {
    const started = performance.now();
    const took: string[] = [];
    const step = async (what: string, cmd: string, args: readonly string[], cwd: string): Promise<string> => {
      const t0 = performance.now();
      const r = await run(cmd, args, cwd);
      took.push(`${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      console.info(`consumer: ${took.at(-1)}`); // as it goes: a slow machine shows where the time went
      if (r.code !== 0 && what.startsWith("install") && !(await registryReachable())) {
        ctx.skip(`the npm registry is unreachable and npm's cache cannot satisfy "${what}": ${r.out.split("\n").find((l) => /ERR/.test(l)) ?? ""}`);
      }
      expect(r.code, `${what}:\n${r.out}`).toBe(0);
      return r.out;
    };

    // The tarball: compiled code and declarations, templates, schemas, the C client; no tests, fixtures or CI.
    await step("npm pack", "npm", ["pack", "--pack-destination", work], root);
    const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string };
    const tarball = join(work, `${name}-${version}.tgz`);
    const listing = (await step("tar", "tar", ["-tzf", tarball], work)).split("\n").map((l) => l.replace(/^package\//, ""));
    for (const f of ["bin/relgen.js", "dist/src/runtime/index.js", "dist/src/runtime/index.d.ts", "dist/src/sim/client/jujuc.c", "templates/endpoint.ts.hbs", "schema/meta/x-juju.schema.json", "dist/generated/mysql_client/index.d.ts"]) {
      expect(listing, f).toContain(f);
    }
    expect(listing.filter((f) => /^(test|\.ci|examples|scripts|dist\/test|dist\/examples|dist\/scripts)\//.test(f))).toEqual([]);

    // An empty project installs it, and relgen init makes a charm next to it.
    const app = join(work, "app");
    await step("mkdir", "mkdir", ["-p", app], work);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    await step("install the tarball", "npm", ["install", "--prefer-offline", tarball], app);
    // By name, from a registry folder: the package's own schema/ is one (<interface>/v<N>/<role>.json).
    const relgen = join(app, "node_modules", ".bin", "relgen");
    const registry = join(app, "node_modules", "relgen", "schema");
    const init = await step("relgen init", relgen, ["init", "mycharm", "--interface", "mysql_client", "--role", "requirer", "--registry", registry, "--endpoint", "database"], app);
    expect(init).toContain(`relgen: mysql_client: v0 (its only version), the requirer side, from ${registry}`);
    expect(init).toContain("npm install");
    const charm = join(app, "mycharm");
    // Two more endpoints by name, with relgen add; what it prints is pasted where it says, and must build.
    const charmFile = join(charm, "src", "charm.ts");
    for (const [args, said] of [
      [["--interface", "mysql-innodb-cluster", "--endpoint", "cluster"], "cluster (peers mysql-innodb-cluster v0)"],
      [["--interface", "mysql_client", "--role", "provider", "--endpoint", "db"], "db (provides mysql_client v0)"],
    ] as const) {
      const added = await step("relgen add", relgen, ["add", ...args, "--registry", registry], charm);
      expect(added).toContain(`relgen: added the endpoint ${said} to metadata.yaml`);
      pasteAdded(charmFile, added);
    }
    const metadata = readFileSync(join(charm, "metadata.yaml"), "utf8");
    expect(metadata).toContain("peers:\n  cluster:\n    interface: mysql-innodb-cluster\n");
    expect(metadata).toContain("provides:\n  db:\n    interface: mysql_client\n");
    expect(JSON.parse(readFileSync(join(charm, "package.json"), "utf8")).devDependencies.relgen).toBe(`file:${tarball}`);

    await step("install the charm's dependencies", "npm", ["install", "--prefer-offline"], charm);
    if (FULL) await step("npm run generate", "npm", ["run", "generate"], charm); // add generated already; test/generator/by-name runs doc and generate by name
    await step("npm run build", "npm", ["run", "build"], charm);
    const tests = await step("npm test", "npm", ["test"], charm);
    expect(tests).toMatch(/2 passed/);

    // The bundled hook holds the runtime and the bindings, and no build-time tool.
    const inputs = Object.keys((JSON.parse(readFileSync(join(charm, "build", "mycharm", ".relgen-build.json"), "utf8")) as { inputs: Record<string, string> }).inputs);
    const packages = [...new Set(inputs.filter((i) => i.includes("node_modules/")).map((i) => i.slice(i.lastIndexOf("node_modules/") + 13).split("/").slice(0, 1)[0]))].sort();
    expect(packages).toEqual(["ajv-formats", "relgen"]);
    expect(inputs.filter((i) => /node_modules\/relgen\/dist\/src\/(generator|cli|sim|juju|project|testing)\//.test(i))).toEqual([]);

    // A misspelt key does not build, and the message names it.
    const source = join(charm, "src", "charm.ts");
    const good = readFileSync(source, "utf8");
    expect(good).toContain("publishApp({ database:");
    writeFileSync(source, good.replace("publishApp({ database:", "publishApp({ databse:"));
    const typo = await run("npm", ["run", "build"], charm);
    expect(typo.code).not.toBe(0);
    expect(typo.out).toMatch(/'databse' does not exist/);
    writeFileSync(source, good);

    // The .charm archive, laid out as charmcraft lays one out (npm run test:e2e; in process, test/project/init-build packs one).
    if (FULL) {
      await step("npm run pack", "npm", ["run", "pack"], charm);
      const entries = zipEntries(join(charm, "build", "mycharm.charm"));
      expect([...entries.keys()].sort()).toEqual(["config.yaml", "dispatch", "hook.bundle.cjs", "hook.cjs", "manifest.yaml", "metadata.yaml"]);
      expect(entries.get("dispatch")).toBe(0o755);
    }

    // Every export resolves from the installed package, for the compiler and at run time; internals do not.
    writeFileSync(
      join(charm, "exports.ts"),
      [
        `import { defineCharm } from "relgen/runtime";`,
        `import { formats } from "relgen/runtime/formats";`,
        `import { Harness, runEvent, relation } from "relgen/testing";`,
        `import { Simulator } from "relgen/sim";`,
        `import { generate } from "relgen/generator";`,
        `import { mysqlClientRequirer } from "relgen/mysql_client";`,
        `import { mysqlInnodbClusterPeers } from "relgen/mysql-innodb-cluster";`,
        `import type { RunDocument } from "relgen/testing";`,
        `export const runFormat: RunDocument["format"] = "relgen-sim-run/1";`,
        `export const all = [defineCharm, formats, Harness, runEvent, relation, Simulator, generate, mysqlClientRequirer, mysqlInnodbClusterPeers];`,
        "",
      ].join("\n"),
    );
    await step("tsc over every export", join(charm, "node_modules", ".bin", "tsc"), ["--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--types", "node", "--skipLibCheck", "exports.ts"], charm);
    const imports = await step("import every export", process.execPath, [
      "--input-type=module",
      "-e",
      `for (const m of ["relgen/runtime", "relgen/runtime/formats", "relgen/testing", "relgen/sim", "relgen/generator", "relgen/mysql_client", "relgen/mysql-innodb-cluster"]) await import(m);
       const schema = (await import("relgen/sim-run.schema.json", { with: { type: "json" } })).default;
       console.log("run schema:", schema.properties.format.const);
       const { createRequire } = await import("node:module");
       console.log(createRequire(process.cwd() + "/").resolve("relgen/package.json"));
       try { await import("relgen/runtime/codec"); console.log("internal reachable"); } catch (e) { console.log(e.code); }`,
    ], charm);
    expect(imports).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
    expect(imports).toContain("run schema: relgen-sim-run/1");
    expect(imports).not.toContain("internal reachable");

    // npm start: the charm related to the demo cluster on the simulator (npm run test:e2e).
    if (!FULL) {
      console.info(`consumer run took ${((performance.now() - started) / 1000).toFixed(0)} s (npm run pack and npm start: npm run test:e2e): ${took.join(", ")}`);
      return;
    }
    const cluster = await buildExampleCharm("mysql-innodb-cluster");
    writeFileSync(
      join(charm, "bundle.yaml"),
      readFileSync(join(charm, "bundle.yaml"), "utf8") +
        `  mysql:\n    charm: ${JSON.stringify(cluster)}\n    num_units: 3\nrelations:\n  - [mycharm:database, mysql:database]\n`,
    );
    const start = await step("npm start", "npm", ["start", "--", "--quiet", "--seed", "3"], charm);
    expect(start).toMatch(/mycharm\/0 \(leader\)\s+active: ready/);
    expect(start).toMatch(/0 failed/);
    ctx.annotate?.(`consumer run took ${((performance.now() - started) / 1000).toFixed(0)} s: ${took.join(", ")}`);
  }, 1_200_000); // a safety net: about ten times the full flow's minute on a loaded 2-core machine
});
