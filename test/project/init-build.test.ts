/**
 * `relgen init` and `relgen build` in this process (the packed-tarball run
 * is test/package/consumer.test.ts): what init writes and refuses, the
 * build's type-check, up-to-date check, dispatch and archive.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { buildCharm, BuildError, dispatchScript } from "../../src/project/build.js";
import { ChooseError } from "../../src/project/choose.js";
import { initProject } from "../../src/project/scaffold.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "relgen-init-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const schema = (role: string) => join(root, "schema", "mysql_client", "v0", `${role}.json`);

/** Runs the CLI in process, collecting what it prints. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** A project made by init, with relgen and Node's types resolvable from it (links into this checkout, as npm install would give). */
async function project(name: string, interfaces = [schema("requirer")], endpoints = ["database"]): Promise<string> {
  const dir = join(work, name);
  await initProject({ dir, interfaces, endpoints, relgen: "file:../relgen.tgz" });
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "relgen"));
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
  return dir;
}

describe("relgen init", () => {
  it("writes a project: metadata with the endpoints asked for, schemas with the other side, generated bindings, a charm, a test, a bundle", async () => {
    const dir = await project("webshop");
    const metadata = readFileSync(join(dir, "metadata.yaml"), "utf8");
    expect(metadata).toMatch(/^name: webshop\n/);
    expect(metadata).toContain("requires:\n  database:\n    interface: mysql_client\n");
    for (const f of ["schema/mysql_client/v0/requirer.json", "schema/mysql_client/v0/provider.json", "generated/mysql_client/v0/requirer.endpoint.ts", "src/hook.ts", "test/charm.test.ts", "bundle.yaml", "tsconfig.json", ".gitignore"]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { scripts: Record<string, string>; devDependencies: Record<string, string>; dependencies?: unknown };
    expect(Object.keys(pkg.scripts).sort()).toEqual(["build", "generate", "pack", "start", "test"]);
    expect(pkg.devDependencies.relgen).toBe("file:../relgen.tgz");
    expect(pkg.dependencies).toBeUndefined(); // the bundled hook holds the runtime: relgen is a dev dependency
    const charm = readFileSync(join(dir, "src", "charm.ts"), "utf8");
    expect(charm).toContain(`export const database = mysqlClientRequirer("database");`);
    // The schema's examples become the first publish: a charm that works against a real provider at once.
    // A scalar key is a config option with the example as its default (src/project/config-options.ts); the rest are examples.
    expect(charm).toContain(`database.publishApp({ database: hook.config.database, requestedSecrets: ["username", "password"] })`);
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toContain("  database:\n    type: string\n");
    const generated = readFileSync(join(dir, "generated", "mysql_client", "v0", "requirer.endpoint.ts"), "utf8");
    expect(generated).toContain(`from "relgen/runtime"`);
  });

  it("refuses a folder that is not empty unless forced, a path that says no interface, and a folder of both sides without --role", async () => {
    const full = join(work, "full");
    mkdirSync(full);
    writeFileSync(join(full, "notes.txt"), "mine\n");
    await expect(initProject({ dir: full, interfaces: [schema("requirer")] })).rejects.toThrow(/is not empty: .*pass --force/);
    await initProject({ dir: full, interfaces: [schema("requirer")], force: true, relgen: "^0.1.0" });
    expect(readFileSync(join(full, "notes.txt"), "utf8")).toBe("mine\n");

    const odd = join(work, "odd.json");
    writeFileSync(odd, readFileSync(schema("requirer"), "utf8").replace(/"x-juju"[\s\S]*$/, '"title": "x" }'));
    const noIdentity = await initProject({ dir: join(work, "p1"), interfaces: [odd] }).catch((e: unknown) => e);
    expect(noIdentity).toBeInstanceOf(ChooseError); // init and add choose interfaces alike (project/choose.ts)
    expect((noIdentity as Error).message).toMatch(/<interface>\/v<N>\/<provider\|requirer\|peers>\.json .*x-juju/);

    const both = await cli(["init", join(work, "p2"), "--interface", join(root, "schema", "mysql_client", "v0")]);
    expect(both.code).toBe(1);
    expect(both.err).toContain("holds both sides (provider, requirer): pass --role provider or --role requirer");
    const asProvider = await cli(["init", join(work, "p3"), "--interface", join(root, "schema", "mysql_client", "v0"), "--role", "provider", "--endpoint", "db", "--relgen", "^0.1.0"]);
    expect(asProvider.code, asProvider.err).toBe(0);
    expect(readFileSync(join(work, "p3", "metadata.yaml"), "utf8")).toContain("provides:\n  db:\n    interface: mysql_client\n");
    expect((await cli(["init", join(work, "p4"), "--interface", "/nonexistent/x.json"])).err).toContain("--interface /nonexistent/x.json: no such file or folder");
  });
});

describe("relgen build", () => {
  it("type-checks, bundles, writes metadata and a dispatch, packs a .charm, and rebuilds only when an input changed", async () => {
    const dir = await project("shop");
    const first = await buildCharm({ project: dir, pack: true });
    expect(first).toMatchObject({ name: "shop", built: true });
    for (const f of ["hook.cjs", "hook.bundle.cjs", "dispatch", "metadata.yaml"]) expect(existsSync(join(first.dir, f)), f).toBe(true);
    expect(readFileSync(join(first.dir, "dispatch"), "utf8")).toBe(dispatchScript());
    expect(existsSync(first.archive!)).toBe(true);
    expect(readFileSync(join(first.dir, "hook.cjs"), "utf8")).toContain("// Written by relgen build");
    const hook = readFileSync(join(first.dir, "hook.bundle.cjs"), "utf8");
    expect(hook.startsWith("// Bundled by relgen build")).toBe(true);
    expect(hook).not.toMatch(/ts-morph|handlebars|json-schema-to-typescript/);

    expect((await buildCharm({ project: dir, pack: true })).built).toBe(false);
    const charm = join(dir, "src", "charm.ts");
    writeFileSync(charm, readFileSync(charm, "utf8").replace(`"ready"`, `"ready!"`));
    expect((await buildCharm({ project: dir })).built).toBe(true);
  });

  it("refuses a charm that does not type-check, naming the key and the line, and writes nothing", async () => {
    const dir = await project("typo");
    const source = join(dir, "src", "charm.ts");
    writeFileSync(source, readFileSync(source, "utf8").replace("publishApp({ database:", "publishApp({ databse:"));
    const r = await cli(["build", dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/src\/charm\.ts:\d+: Object literal may only specify known properties, but 'databse' does not exist/);
    expect(existsSync(join(dir, "build"))).toBe(false);
  });

  it("says what is missing: no metadata, no entry", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    await expect(buildCharm({ project: empty })).rejects.toThrow(/has no metadata.yaml .*relgen init makes one/);
    writeFileSync(join(empty, "metadata.yaml"), "name: empty\n");
    await expect(buildCharm({ project: empty })).rejects.toBeInstanceOf(BuildError);
    await expect(buildCharm({ project: empty })).rejects.toThrow(/src\/hook\.ts does not exist \(pass --entry FILE\)/);
  });

  it("gives a dispatch that fails clearly, saying what to install, when there is no Node", async () => {
    const dir = join(work, "nonode");
    mkdirSync(dir);
    writeFileSync(join(dir, "dispatch"), dispatchScript(), { mode: 0o755 });
    const r = await promisify(execFile)("/bin/sh", [join(dir, "dispatch")], { env: { RELGEN_NODE: "/nonexistent/node", JUJU_UNIT_NAME: "shop/0", PATH: "/usr/bin:/bin" } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(r).toMatchObject({ code: 1 });
    expect((r as { stderr: string }).stderr).toContain("no Node.js on this machine");
    expect((r as { stderr: string }).stderr).toContain("snap install node --classic --channel=20), then: juju resolve shop/0");
  });
});
