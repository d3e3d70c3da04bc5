/**
 * `relgen sim` on hostile input (issue 17): a YAML alias bomb in a bundle is
 * one `FILE:LINE:` line (in process and through bin/relgen.js), and what a
 * charm says (status, flags) is printed escaped: it cannot clear the
 * terminal or forge a line of the table.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { simCommand } from "../../src/sim/index.js";
import { recorderCharm } from "./helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");

async function sim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Writes `text` as bundle.yaml in a fresh temp dir; returns its path. */
function bundle(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-bundle-"));
  dirs.push(dir);
  const file = join(dir, "bundle.yaml");
  writeFileSync(file, text);
  return file;
}

/** A billion laughs: nine anchors, each a list of ten aliases of the one before (10^9 values once expanded), from line 5. */
function laughs(): string {
  const lines = ["applications:", "  web:", "    charm: ./web", "lol:", `  a: &a [${Array(10).fill('"lol"').join(", ")}]`];
  for (let k = 1; k < 9; k++) {
    const [prev, name] = [String.fromCharCode(96 + k), String.fromCharCode(97 + k)];
    lines.push(`  ${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}

describe("a bundle that is a YAML alias bomb", () => {
  const expected = (file: string) =>
    `relgen sim: ${file}:13: the aliases here expand the file to more than 100000 values (1234567917), relgen's limit (a guard against alias bombs): write the values out instead of aliasing them\n`;

  it("is one line naming the file and the line of the aliases (was: ReferenceError: Excessive alias count)", async () => {
    const file = bundle(laughs());
    const r = await sim(["--bundle", file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(expected(file));
  });

  it("is the same line from the relgen command, with no stack", async () => {
    const file = bundle(laughs());
    const r = await promisify(execFile)(process.execPath, [join(ROOT, "bin", "relgen.js"), "sim", "--bundle", file]).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in r ? r.code : 0).toBe(1);
    // bin/relgen.js warns first when src/ is newer than its build.
    expect(r.stderr.replace(/^relgen: warning: src\/ changed since the last build.*\n/, "")).toBe(expected(file));
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("an alias with no anchor, or inside what it names, is a line too (was: ReferenceError, or a value holding itself)", async () => {
    const unresolved = bundle("applications:\n  web:\n    charm: *nowhere\n");
    expect(await sim(["--bundle", unresolved])).toMatchObject({
      code: 1,
      err: `relgen sim: ${unresolved}:3: the alias *nowhere has no anchor &nowhere before it: define the anchor first, or write the value out\n`,
    });
    const itself = bundle("applications:\n  web:\n    charm: ./web\n    num_units: &n [*n]\n");
    expect(await sim(["--bundle", itself])).toMatchObject({
      code: 1,
      err: `relgen sim: ${itself}:4: the alias *n is inside the value it names (&n): a value cannot contain itself; write it out\n`,
    });
  });
});

describe("what a charm says is printed escaped", () => {
  it("a status and a flag holding ESC and newlines clear nothing and forge no line", async () => {
    const charm = recorderCharm(`if [ "$JUJU_HOOK_NAME" = start ]; then
  status-set active $'\\x1b[2J\\nX'
  printf '{"flags": ["started", "evil\\\\u001b[2J\\\\nflag"]}' > "$JUJU_CHARM_DIR/.unit-state.json"
fi
`);
    const r = await sim(["--charm", charm, "--units", "1", "--seed", "1"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    // The start row, and the unit at the end: the status and the flag as text.
    expect(r.out).toMatch(/ mysql\/0 +start +0 +\d+ +\d+  active: \\x1b\[2J\\nX +(evil\\x1b\[2J\\nflag,started|started,evil\\x1b\[2J\\nflag)\n/);
    expect(r.out).toMatch(/\n {2}mysql\/0 \(leader\) {2}active: \\x1b\[2J\\nX {2}flags: (evil\\x1b\[2J\\nflag,started|started,evil\\x1b\[2J\\nflag)\n/);
    for (const line of r.out.split("\n")) expect(line).not.toMatch(/^(X|flag)/);
  });
});
