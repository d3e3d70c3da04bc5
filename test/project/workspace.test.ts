/**
 * `relgen init --workspace` in this process (the packed-tarball run, with
 * npm install, npm test and npm start, is scripts/test-workspace.mjs): two
 * charms by name from the package's own schema/ (the mysql_client requirer
 * and provider), their bundle relating them, and the root integration test
 * passing under vitest with node_modules linked into this checkout, as npm
 * install would give; a workspace that fails leaves nothing behind.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { parseMember } from "../../src/project/workspace.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");
const registry = join(root, "schema");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** Links what `npm install` at the workspace's root would give: relgen, vitest and Node's types. */
function linkModules(dir: string): void {
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "relgen"));
  symlinkSync(join(root, "node_modules", "vitest"), join(dir, "node_modules", "vitest"));
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
}

describe("relgen init --workspace", () => {
  it("scaffolds two charms that relate, a bundle relating them, and an integration test that passes", async () => {
    const work = tempDir("relgen-workspace-");
    const dir = join(work, "shop");
    const r = await cli(["init", "--workspace", dir, "--charm", "web:mysql_client:requirer", "--charm", "db:mysql_client:provider", "--registry", registry, "--relgen", "^0.1.0"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("relgen: related web:mysql-client db:mysql-client (mysql_client) in bundle.yaml and test/integration.test.ts");

    // Each member is a charm project as relgen init makes it.
    expect(readFileSync(join(dir, "charms", "web", "metadata.yaml"), "utf8")).toContain("requires:\n  mysql-client:\n    interface: mysql_client\n");
    expect(readFileSync(join(dir, "charms", "db", "metadata.yaml"), "utf8")).toContain("provides:\n  mysql-client:\n    interface: mysql_client\n");
    for (const m of ["web", "db"]) for (const f of ["package.json", "src/charm.ts", "test/charm.test.ts", "generated/mysql_client/index.ts"]) expect(existsSync(join(dir, "charms", m, f)), `${m}/${f}`).toBe(true);

    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { workspaces: string[]; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.workspaces).toEqual(["charms/*"]);
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(["@types/node", "relgen", "typescript", "vitest"]);
    expect(pkg.scripts.start).toBe("npm run build --workspaces && relgen sim --bundle bundle.yaml");

    const bundleText = readFileSync(join(dir, "bundle.yaml"), "utf8");
    expect(bundleText).toMatch(/^# Related by relgen init: the endpoints that share an interface/m);
    const bundle = parse(bundleText) as { applications: Record<string, { charm: string; num_units: number }>; relations: string[][] };
    expect(bundle.applications).toEqual({ web: { charm: "./charms/web/build/web", num_units: 1 }, db: { charm: "./charms/db/build/db", num_units: 1 } });
    expect(bundle.relations).toEqual([["web:mysql-client", "db:mysql-client"]]);

    // The integration test knows what each side reaches: the provider's first answer lacks the credentials the requirer needs.
    const test = readFileSync(join(dir, "test", "integration.test.ts"), "utf8");
    expect(test).toContain(`expect(h.status("db/0")).toEqual({"state":"active","message":"ready"});`);
    expect(test).toContain(`expect(h.status("web/0")).toEqual({"state":"waiting","message":"waiting for mysql-client"});`);

    linkModules(dir);
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const run = await promisify(execFile)(process.execPath, [vitest, "run", "--dir", "test"], { cwd: dir, env: { ...process.env, NO_COLOR: "1", CI: "1" } }).catch(
      (e: { stdout: string; stderr: string }) => ({ stdout: e.stdout, stderr: e.stderr, failed: true }),
    );
    expect("failed" in run, `${run.stdout}${run.stderr}`).toBe(false);
    expect(run.stdout).toMatch(/Tests\s+1 passed/);
  }, 180_000);

  it("refuses unknown interfaces, twice the same name and a bad --charm in one line, and a failure leaves nothing", async () => {
    const work = tempDir("relgen-workspace-bad-");
    const dir = join(work, "shop");
    const unknown = await cli(["init", "--workspace", dir, "--charm", "web:mysql_clinet:requirer", "--charm", "db:mysql_client:provider", "--registry", registry]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^relgen init: --charm web: .*mysql_clinet.*did you mean mysql_client/);
    expect(unknown.err.trim().split("\n")).toHaveLength(1);
    const twice = await cli(["init", "--workspace", dir, "--charm", "web:mysql_client:requirer", "--charm", "web:mysql_client:provider"]);
    expect(twice.err).toBe(`relgen init: two charms named "web": give each --charm a name of its own\n`);
    expect((await cli(["init", "--workspace", dir, "--charm", "web"])).err).toContain("--charm web: give the charm's name and its interface, as NAME:INTERFACE[:ROLE]");
    const noRole = await cli(["init", "--workspace", dir, "--charm", "web:mysql_client", "--registry", registry]);
    expect(noRole.err).toContain("(give it as --charm web:mysql_client:provider or :requirer)");
    expect((await cli(["init", "--charm", "web:mysql_client:requirer"])).err).toBe("relgen init: --charm makes a workspace: give its folder with --workspace DIR\n");

    // The second charm fails after the first was written (its schema does not generate): nothing is left.
    const bad = join(work, "bad", "v0", "provider.json");
    mkdirSync(join(work, "bad", "v0"), { recursive: true });
    writeFileSync(bad, JSON.stringify({ type: "object", properties: { app: { type: "object", properties: { x: { type: "string" } } } }, "x-juju": { flags: { ready: { rule: { app: { valid: ["nope"] } } } } } }));
    const failed = await cli(["init", "--workspace", dir, "--charm", "web:mysql_client:requirer", "--charm", `db:${bad}`, "--registry", registry]);
    expect(failed.code, failed.out).toBe(1);
    expect(readdirSync(work).sort()).toEqual(["bad"]);

    // A charm that relates to nothing is made, with a warning saying what it lacks.
    const solo = await cli(["init", "--workspace", join(work, "solo"), "--charm", "web:mysql_client:requirer", "--registry", registry, "--relgen", "^0.1.0"]);
    expect(solo.code, solo.err).toBe(0);
    expect(solo.err).toBe("warning: web relates to nothing in the workspace: no other charm here is a mysql_client provider\n");
    expect(readFileSync(join(work, "solo", "bundle.yaml"), "utf8")).not.toMatch(/^relations:/m);
  }, 180_000);

  it("reads --charm as a name, interfaces and roles", () => {
    expect(parseMember("web:ingress:requirer,mysql_client@v0:requirer,mysql-innodb-cluster")).toEqual({
      name: "web",
      interfaces: [
        { given: "ingress", role: "requirer" },
        { given: "mysql_client@v0", role: "requirer" },
        { given: "mysql-innodb-cluster", role: undefined },
      ],
    });
    expect(() => parseMember("Web:ingress")).toThrow(/"Web" is not a charm name/);
  });
});
