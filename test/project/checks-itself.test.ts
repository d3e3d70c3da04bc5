/**
 * A charm project that checks itself. `relgen build`'s up-to-date check reads
 * its record (`.relgen-build.json`): the inputs by path relative to the
 * project, with the SHA-256 of each. A copied project compares its own files,
 * not the original's; an edit that keeps the file's length and mtime is seen;
 * an older relgen's record (absolute paths, no hashes) means "rebuild". The
 * build's type-check is skipped here: it is not what decides. And the
 * project's `npm test` type-checks before it runs the tests: vitest strips
 * types without checking them, so a misspelt key read in the charm
 * (undefined at run time) would pass every test.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { BUILD_MARKER, buildCharm } from "../../src/project/build.js";
import { initProject } from "../../src/project/scaffold.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "relgen-checks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project made by init, relgen resolvable from it (a link into this checkout, as npm install would give), built once. */
const base = join(work, "shop");
await initProject({ dir: base, interfaces: [join(root, "schema", "mysql_client", "v0", "requirer.json")], endpoints: ["database"], relgen: "^0.1.0" });
mkdirSync(join(base, "node_modules"), { recursive: true });
symlinkSync(root, join(base, "node_modules", "relgen"));
const firstBuild = await buildCharm({ project: base, skipTypeCheck: true });

/** A copy of the built project (`cp -a`), beside it or at `to`. */
function copyOf(name: string, to = join(work, name)): string {
  cpSync(base, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  return to;
}

const build = async (dir: string) => (await buildCharm({ project: dir, skipTypeCheck: true })).built;
const hook = (dir: string) => readFileSync(join(dir, "build", "shop", "hook.bundle.cjs"), "utf8");

/** Replaces text in a file by text of the same length, and puts its times back as they were. */
function editKeepingTimes(file: string, from: string, to: string): void {
  expect(to).toHaveLength(from.length);
  const { atime, mtime } = statSync(file);
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  utimesSync(file, atime, mtime);
}

describe("relgen build's up-to-date check", () => {
  it("keys the record on paths relative to the project, with a hash of each input; a second build is up to date", async () => {
    expect(firstBuild.built).toBe(true);
    const dir = copyOf("touched");
    const record = JSON.parse(readFileSync(join(dir, "build", "shop", BUILD_MARKER), "utf8")) as { relgen: string; inputs: Record<string, string> };
    expect(record.relgen).toBe("build");
    expect(record.inputs["src/hook.ts"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Object.keys(record.inputs)).toEqual(expect.arrayContaining(["src/charm.ts", "metadata.yaml", "tsconfig.json", "generated/mysql_client/v0/requirer.endpoint.ts"]));
    expect(Object.keys(record.inputs).filter((p) => p.startsWith("/"))).toEqual([]);
    expect(await build(dir)).toBe(false);
    // Touching a file changes nothing it holds: still up to date.
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, "src", "charm.ts"), later, later);
    expect(await build(dir)).toBe(false);
  });

  it("in a copy, compares the copy's own files: a copy elsewhere rebuilds, an edit there rebuilds it, and the original stays as it was", async () => {
    const dir = base;
    // Beside the original, every input path leads to a file of the same content: nothing to build.
    expect(await build(copyOf("beside"))).toBe(false);
    // Deeper down, the linked relgen (outside the project) is another path from the copy: its record does not match.
    const elsewhere = copyOf("deeper", join(work, "deeper", "shop"));
    expect(await build(elsewhere)).toBe(true);
    expect(await build(elsewhere)).toBe(false);
    editKeepingTimes(join(elsewhere, "src", "charm.ts"), `"ready"`, `"ok!!!"`);
    expect(await build(elsewhere)).toBe(true);
    expect(hook(elsewhere)).toContain(`"ok!!!"`);
    expect(await build(dir)).toBe(false);
    expect(hook(dir)).not.toContain(`"ok!!!"`);
  });

  it("sees an edit of the same length within the same second (times put back), a new charm file, and a removed one", async () => {
    const dir = copyOf("skew");
    editKeepingTimes(join(dir, "src", "charm.ts"), `"ready"`, `"go!!!"`);
    expect(await build(dir)).toBe(true);
    expect(hook(dir)).toContain(`"go!!!"`);
    writeFileSync(join(dir, "config.yaml"), "options: {}\n");
    expect(await build(dir)).toBe(true);
    expect(await build(dir)).toBe(false);
    rmSync(join(dir, "config.yaml"));
    expect(await build(dir)).toBe(true);
  });

  it("rebuilds on an older relgen's record (absolute paths, no hashes), then writes its own", async () => {
    const dir = copyOf("old");
    const marker = join(dir, "build", "shop", BUILD_MARKER);
    const record = JSON.parse(readFileSync(marker, "utf8")) as { files: string[]; inputs: Record<string, string> };
    const absolute = Object.keys(record.inputs).map((p) => join(dir, p));
    for (const old of [{ relgen: "build", files: record.files, inputs: absolute }, absolute]) {
      writeFileSync(marker, JSON.stringify(old));
      // Newer than every input: an older relgen took such a record as up to date.
      utimesSync(marker, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
      expect(await build(dir)).toBe(true);
      expect(JSON.parse(readFileSync(marker, "utf8"))).toEqual(record);
      expect(await build(dir)).toBe(false);
    }
  });
});

describe("the project's npm test", () => {
  it("fails at the type-check on a misspelt key, naming it and its line, before any test runs", async () => {
    const dir = copyOf("typo");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: { test: string }; devDependencies: Record<string, string> };
    expect(pkg.scripts.test).toBe("tsc --noEmit && vitest run");
    expect(Object.keys(pkg.devDependencies)).toContain("typescript"); // so that `tsc` resolves
    // node_modules as npm install would give them: links into this checkout.
    mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
    mkdirSync(join(dir, "node_modules", ".bin"));
    for (const p of ["@types/node", "typescript", "vitest"]) symlinkSync(join(root, "node_modules", p), join(dir, "node_modules", p));
    symlinkSync(join("..", "typescript", "bin", "tsc"), join(dir, "node_modules", ".bin", "tsc"));

    // The status names the database's endpoints: `endpoint` is misspelt (the key is `endpoints`).
    const charm = join(dir, "src", "charm.ts");
    const source = readFileSync(charm, "utf8");
    const ready = `  await hook.status("active", "ready");`;
    expect(source).toContain(ready);
    writeFileSync(charm, source.replace(ready, `  const ready = database.relations.find((r) => database.isAvailable(r));\n  await hook.status("active", \`ready: \${ready?.app.received.endpoint}\`);`));
    const line = source.slice(0, source.indexOf(ready)).split("\n").length + 1;

    const r = await promisify(execFile)("npm", ["test"], { cwd: dir, env: { ...process.env, npm_config_update_notifier: "false" } }).then(
      (ok) => ({ code: 0, out: ok.stdout + ok.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(r.code).not.toBe(0);
    const errors = r.out.split("\n").filter((l) => / error TS\d+:/.test(l));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^src/charm\\.ts\\(${line},\\d+\\): error TS2551: Property 'endpoint' does not exist on type .*Did you mean 'endpoints'\\?`))]);
    expect(r.out).not.toMatch(/RUN|Test Files/); // vitest never started
  }, 180_000);
});
