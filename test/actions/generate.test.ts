/** `relgen generate` of a project's actions: types, validators, doc comments escaped, `--check`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { emitActions, readActionsSource } from "../../src/generator/actions.js";
import { tempDir } from "../support/temp.js";

const io = () => {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
};

describe("generated actions", () => {
  it("the demo charm's generated/actions.ts is what its actions.yaml generates (--check)", async () => {
    const { out, io: o } = io();
    expect(await generateCommand(["--check"], o, { cwd: join(import.meta.dirname, "..", "..", "examples", "mysql-innodb-cluster") })).toBe(0);
    expect(out.stdout).toContain("3 generated action files are up to date");
  });

  it("charmcraft.yaml's actions: typed, descriptions escaped, validators with defaults", async () => {
    const dir = tempDir("relgen-actions-");
    writeFileSync(
      join(dir, "charmcraft.yaml"),
      'name: x\nactions:\n  add-user:\n    description: "ends a comment */ here"\n    params:\n      name: { type: string, description: "*/ evil" }\n      count: { type: integer, default: 2 }\n    required: [name]\n    additionalProperties: false\n',
    );
    const source = readActionsSource(dir)!;
    const files = await emitActions(source, "relgen/runtime");
    const types = files.find((f) => f.path === "actions.ts")!.content;
    expect(types).toContain('export interface AddUserParams {\n  /**\n   * *\\/ evil\n   */\n  name: string;');
    expect(types).toContain(" * ends a comment *\\/ here\n");
    expect(types).toContain('description: "ends a comment */ here"'); // a string literal, where it is harmless
    mkdirSync(join(dir, "out"));
    const { io: o } = io();
    expect(await generateCommand(["--out", "out"], o, { cwd: dir })).toBe(0);
    const { validateAddUser } = (await import(join(dir, "out", "actions.validate.js"))) as { validateAddUser: ((d: unknown) => boolean) & { errors: unknown[] } };
    const params: Record<string, unknown> = { name: "ann" };
    expect(validateAddUser(params)).toBe(true);
    expect(params).toEqual({ name: "ann", count: 2 });
    expect(validateAddUser({ count: "x" })).toBe(false);
    writeFileSync(join(dir, "out", "actions.ts"), "// generated from x by relgen; do not edit.\n");
    const check = io();
    expect(await generateCommand(["--out", "out", "--check"], check.io, { cwd: dir })).toBe(1);
    expect(check.out.stderr).toContain("stale: out/actions.ts differs from what charmcraft.yaml generates");
  });
});
