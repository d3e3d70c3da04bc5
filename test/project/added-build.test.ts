/**
 * A project made by `relgen init` with one interface by name, then given two
 * more by `relgen add` (by name, from a registry folder of our own), with the
 * handlers add printed pasted into its charm: it builds, and its scaffolded
 * test passes, run by vitest in the project as `npm test` runs it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { buildCharm } from "../../src/project/build.js";
import { registryFixture } from "../support/registry-fixture.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

const between = (text: string, from: string, to: string): string => text.slice(text.indexOf(from) + from.length, text.indexOf(to, text.indexOf(from)));

/** Links relgen, vitest and Node's types into the project, as npm install would give them. */
function install(dir: string): void {
  mkdirSync(join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "relgen"));
  symlinkSync(join(root, "node_modules", "vitest"), join(dir, "node_modules", "vitest"));
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"));
}

describe("a project with interfaces added by name", () => {
  it("builds with the printed handlers pasted in, and passes its scaffolded test", async () => {
    const registry = registryFixture();
    const dir = join(tempDir(), "greeter");
    const init = await cli(["init", dir, "--interface", "greeting", "--role", "requirer", "--registry", registry, "--relgen", "^0.1.0"]);
    expect(init.code).toBe(0);
    install(dir);
    const charmFile = join(dir, "src", "charm.ts");
    for (const [spec, endpoint] of [["counter", "tally"], ["greeting@v0", "old-greeting"]] as const) {
      const r = await cli(["add", dir, "--interface", spec, "--role", "provider", "--endpoint", endpoint, "--registry", registry]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      // relgen is installed here: what add generated was type-checked.
      expect(r.out).not.toContain("not type-checked");
      // Pasted where add says: the declaration before defineCharm, which gets the endpoint, and the handler after it.
      const declaration = between(r.out, "In src/charm.ts, beside the other endpoints (before defineCharm):\n\n", "\n\nthen add ");
      const variable = /^then add (\w+) to defineCharm/m.exec(r.out)![1]!;
      const handler = r.out.slice(r.out.indexOf("and a handler after it:\n\n") + "and a handler after it:\n\n".length);
      const charm = readFileSync(charmFile, "utf8")
        .replace("export const charm = defineCharm(", `${declaration}\nexport const charm = defineCharm(`)
        .replace(/defineCharm\(\{ endpoints: \[([^\]]*)\] \}\)/, (_, list: string) => `defineCharm({ endpoints: [${list}, ${variable}] })`);
      writeFileSync(charmFile, charm + "\n" + handler);
    }
    const metadata = readFileSync(join(dir, "metadata.yaml"), "utf8");
    expect(metadata).toContain("requires:\n  greeting:\n    interface: greeting\n");
    expect(metadata).toContain("provides:\n  tally:\n    interface: counter\n  old-greeting:\n    interface: greeting\n");

    const built = await buildCharm({ project: dir });
    expect(built.built).toBe(true);

    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const run = await promisify(execFile)(process.execPath, [vitest, "run"], { cwd: dir, env: { ...process.env, CI: "1", NO_COLOR: "1" } }).catch(
      (e: { stdout: string; stderr: string; code: number }) => e,
    );
    expect(run.stdout + run.stderr).toMatch(/Tests\s+\d+ passed/);
    expect(run.stdout + run.stderr).not.toMatch(/failed/);
  });
});
