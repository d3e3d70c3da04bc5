/**
 * `relgen generate` and `relgen doc` by registry name (a registry folder of
 * our own, in both layouts): every side of the newest version, or one side
 * and its counterpart; the choice printed; headers that name the schema as
 * `<interface>/v<N>/…` whatever the machine; a `$ref` to another registry
 * schema read through the same registry, on every path of `generate`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docCommand } from "../../src/cli/doc.js";
import { generateCommand } from "../../src/cli/generate.js";
import { registryFixture } from "../support/registry-fixture.js";
import { afterFile } from "../support/temp.js";

const registry = registryFixture();
const outBase = join(import.meta.dirname, "..", "..", ".test-output");

/** An output folder inside the package, so that generated code resolves the runtime by a relative path. */
function outDir(): string {
  mkdirSync(outBase, { recursive: true });
  const dir = mkdtempSync(join(outBase, "by-name-"));
  afterFile(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

type Command = (argv: readonly string[], io: { stdout: (t: string) => void; stderr: (t: string) => void }, options?: { cwd?: string }) => Promise<number>;
async function run(command: Command, argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await command(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, { cwd });
  return { code, out, err };
}

describe("relgen generate --interface NAME", () => {
  it("generates every side of the newest version, prints the choice, and names the schemas the same on every machine", async () => {
    const cwd = outDir();
    const r = await run(generateCommand, ["--interface", "greeting", "--registry", registry], cwd);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`relgen: greeting: v1 (the newest of v0, v1), provider and requirer, from ${registry}\n`);
    const types = readFileSync(join(cwd, "generated/greeting/v1/provider.types.ts"), "utf8");
    expect(types.split("\n")[0]).toBe("// generated from greeting/v1/provider.json by relgen; do not edit.");
    expect(readFileSync(join(cwd, "generated/greeting/v1/requirer.endpoint.ts"), "utf8")).toContain("greetingRequirer");
    // --check agrees with what was written.
    expect((await run(generateCommand, ["--interface", "greeting@v1", "--registry", registry, "--check"], cwd)).code).toBe(0);
  });

  it("with --role, one side, reading the other; --version as well as NAME@vN; a misspelt name gets the nearest", async () => {
    const cwd = outDir();
    const r = await run(generateCommand, ["--interface", "counter", "--version", "0", "--role", "provider", "--registry", registry], cwd);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`relgen: counter: v0 (as asked), the provider side, from ${registry}\n`);
    expect(readFileSync(join(cwd, "generated/counter/v0/provider.types.ts"), "utf8").split("\n")[0]).toBe("// generated from counter/v0/schemas/provider.json by relgen; do not edit.");
    const typo = await run(generateCommand, ["--interface", "countr", "--registry", registry], cwd);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/^relgen generate: --interface countr: no interface countr in the registry at .*; did you mean counter\?/);
    const both = await run(generateCommand, ["--interface", "counter@v0", "--version", "0"], cwd);
    expect(both.code).toBe(2);
    expect((await run(generateCommand, ["--interface", "counter", "--watch"], cwd)).err).toMatch(/--watch watches schema files/);
  });

  it("reads a $ref to another registry schema through the registry: by name, and for a schema file given by path", async () => {
    const cwd = outDir();
    const byName = await run(generateCommand, ["--interface", "backup", "--role", "provider", "--registry", registry], cwd);
    expect(byName.err).toBe("");
    expect(byName.code).toBe(0);
    // The counter provider's bag, inlined: the type of `target` is its schema's.
    expect(readFileSync(join(cwd, "generated/backup/v0/provider.types.ts"), "utf8")).toMatch(/count/);

    const file = join(registry, "interfaces/backup/v0/schemas/provider.json");
    const byPath = await run(generateCommand, ["--registry", registry, "--out", "by-path", file], cwd);
    expect(byPath.err).toBe("");
    expect(byPath.code).toBe(0);
    // A registry that cannot say: one line naming the file and the pointer, and what to do.
    const lost = await run(generateCommand, ["--registry", join(cwd, "no-such-registry"), "--out", "lost", file], cwd);
    expect(lost.code).toBe(1);
    expect(lost.err.trim().split("\n")).toHaveLength(1);
    expect(lost.err).toMatch(/^relgen generate: registry folder .*no-such-registry does not exist/);
  });
});

describe("relgen doc --interface NAME", () => {
  it("writes the page of a registry interface, the choice on stderr", async () => {
    const cwd = outDir();
    const r = await run(docCommand, ["--interface", "greeting@v1", "--registry", registry], cwd);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe(`relgen: greeting: v1 (as asked), provider and requirer, from ${registry}\n`);
    expect(r.out).toContain("# greeting v1");
    expect(r.out).toContain("`greeting/v1/provider.json` (provider)");
    expect(r.out).toContain("What the requirer says.");
    const typo = await run(docCommand, ["--interface", "greting", "--registry", registry], cwd);
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/did you mean greeting\?/);
  });
});
