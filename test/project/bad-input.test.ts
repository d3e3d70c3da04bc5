/**
 * `relgen build` on a tsconfig.json TypeScript cannot read, or an entry that
 * is a folder (issue 17): one line naming the file (and the line and column),
 * what is wrong and what to do, exit code 1 and nothing built, instead of
 * ts-morph's raw Error. Comments and trailing commas are fine, as they are to
 * TypeScript.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { tempDir } from "../support/temp.js";

/** A charm project with nothing to import: metadata, a hook, the tsconfig given. */
function project(tsconfig: string): string {
  const dir = tempDir("relgen-bad-tsconfig-");
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "metadata.yaml"), "name: plain\nsummary: a charm with nothing to import\n");
  writeFileSync(join(dir, "src", "hook.ts"), "export const answer: number = 42;\n");
  writeFileSync(join(dir, "tsconfig.json"), tsconfig);
  return dir;
}

async function build(dir: string, ...options: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["build", dir, ...options], { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe("relgen build with a bad tsconfig.json", () => {
  it("a syntax error: one line at its line and column (was: ts-morph's raw Error: ',' expected.)", async () => {
    // The comment and the trailing comma before it are fine, as they are to TypeScript.
    const dir = project('{\n  // options\n  "compilerOptions": {\n    "strict": true,\n  }\n  "include": ["src"]\n}\n');
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`relgen build: ${join(dir, "tsconfig.json")}:6:3: ',' expected. (the tsconfig is not valid JSON with comments: fix it, or pass --tsconfig FILE)\n`);
    expect(existsSync(join(dir, "build"))).toBe(false);
  });

  it("an unknown option: one line at the option", async () => {
    const dir = project('{ "compilerOptions": { "strct": true } }\n');
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`relgen build: ${join(dir, "tsconfig.json")}:1:24: Unknown compiler option 'strct'. Did you mean 'strict'? (fix it, or pass --tsconfig FILE)\n`);
  });

  it("an entry that is a folder: one line (was: ts-morph's raw EISDIR)", async () => {
    const dir = project("{}\n");
    const r = await build(dir, "--entry", join(dir, "src"));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`relgen build: the hook program's entry ${join(dir, "src")} is not a file (pass --entry FILE)\n`);
  });
});

describe("relgen build and init print user text escaped", () => {
  it("a path holding ESC and a newline reaches the terminal escaped, one line (was: raw, so a name could clear the screen or forge a line)", async () => {
    const root = tempDir("relgen-escaped-");
    const evil = join(root, "x\u001b[2J\ny");
    writeFileSync(evil, "a file, not a project folder\n");
    for (const argv of [["build", evil], ["init", evil, "--interface", join(root, "missing.json")]]) {
      let err = "";
      const code = await main(argv, { stdout: () => {}, stderr: (t) => void (err += t) });
      expect(code).toBe(1);
      expect(err).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(err).toContain("x\\x1b[2J\\ny");
      expect(err.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});
