/**
 * `relgen test-interface` on the charm that `relgen init` scaffolds (bounded
 * runs): it bundles the project's charm, finds the endpoint, reads the other
 * side's schema from the project's schema/, and runs the interface tester.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { initProject } from "../../src/project/scaffold.js";

const root = resolve(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "relgen-test-interface-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe("relgen test-interface", () => {
  it("tests the scaffolded mysql_client requirer against the provider's schema", async () => {
    const dir = join(work, "shop");
    await initProject({ dir, interfaces: [join(root, "schema", "mysql_client", "v0", "requirer.json")], endpoints: ["database"], relgen: "file:../relgen.tgz" });
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(root, join(dir, "node_modules", "relgen"));
    const r = await cli(["test-interface", dir, "--endpoint", "database", "--runs", "40"]);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^database: 40 cases \(.*\d+ valid.*\), seed 2026: every property held\n$/);
    expect(r.code).toBe(0);

    expect(await cli(["test-interface", dir, "--endpoint", "db"])).toMatchObject({ code: 2, err: 'relgen test-interface: the charm has no endpoint "db" (its endpoints: database)\n' });
    expect(await cli(["test-interface", dir])).toMatchObject({ code: 2, err: "relgen test-interface: --endpoint NAME is required (see relgen test-interface --help)\n" });
  }, 120_000);

  it("says when the project's charm cannot be loaded", async () => {
    const dir = join(work, "empty");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "charm.ts"), "export const nothing = 1;\n");
    const r = await cli(["test-interface", dir, "--endpoint", "database"]);
    expect(r).toMatchObject({ code: 1, err: `relgen test-interface: ${join(dir, "src", "charm.ts")} exports no charm (what defineCharm returns)\n` });
  });
});
