/**
 * `relgen build --out`: the build writes only into a folder it made (marked by
 * `.relgen-build.json`, which lists the files it wrote), a new folder, or an
 * empty one; it replaces only the files it wrote, and refuses every other
 * path in one line. Refusals come before the type-check, and the builds that
 * succeed here skip it, so these stay quick.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { BUILD_MARKER, buildCharm, BuildError } from "../../src/project/build.js";
import { readZipEntry, zip } from "../../src/project/zip.js";
import { parse } from "yaml";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

/** A charm project of two files (no dependencies: its hook bundles on its own), inside a fresh parent folder. */
function tinyProject(): { parent: string; dir: string } {
  const parent = tempDir("relgen-build-out-");
  const dir = join(parent, "tiny");
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), "name: tiny\nsummary: s\n");
  writeFileSync(join(dir, "src", "hook.ts"), 'console.log("tiny hook");\n');
  writeFileSync(join(dir, "package.json"), '{ "name": "tiny" }\n');
  return { parent, dir };
}

/** Every file under a folder with its content, to show that a refusal touched nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), "utf8");
  }
  return files;
}

/** A refusal: exit 1 and exactly one line on stderr, naming the path and saying what to do, with no stack. */
function expectOneLine(r: { code: number; err: string }, ...parts: (string | RegExp)[]): void {
  expect(r.code, r.err).toBe(1);
  expect(r.err.split("\n").filter(Boolean), r.err).toHaveLength(1);
  expect(r.err).not.toMatch(/\n {4}at |ENOTDIR|EEXIST/);
  for (const part of parts) expect(r.err).toMatch(part);
}

describe("relgen build --out", () => {
  it("refuses a folder that holds the project (itself, its parent, through a symbolic link), a folder it did not make, and a file, touching nothing", async () => {
    const { parent, dir } = tinyProject();
    writeFileSync(join(parent, "neighbour.txt"), "keep\n");
    const before = snapshot(parent);
    const link = join(tempDir("relgen-build-link-"), "to-parent");
    symlinkSync(parent, link);

    for (const out of [dir, join(dir, ".."), link, join(link, "tiny")]) {
      expectOneLine(await cli(["build", dir, "--out", out]), "relgen build: --out ", "holds the project itself", "pass --out build/<name>");
    }
    expectOneLine(await cli(["build", dir, "--out", join(dir, "src")]), /--out \S*src is not empty and relgen build did not make it \(it has no \.relgen-build\.json\): pass --out with a new or empty folder/);
    expectOneLine(await cli(["build", dir, "--out", join(dir, "package.json")]), /--out \S*package\.json is a file, not a charm directory: .*pass --out with a new folder/);
    expectOneLine(await cli(["build", dir, "--out", join(dir, "package.json", "x")]), /--out \S*package\.json\/x: part of the path is a file, not a folder/);
    expect(snapshot(parent)).toEqual(before);
    expect(existsSync(join(dir, "build"))).toBe(false);
  });

  it("marks what it builds, takes an empty folder, and on a rebuild replaces only the files it wrote", async () => {
    const { dir } = tinyProject();
    const out = join(dir, "charm");
    mkdirSync(out); // empty: taken
    writeFileSync(join(dir, "config.yaml"), "options: {}\n");
    await buildCharm({ project: dir, out, skipTypeCheck: true });
    const record = JSON.parse(readFileSync(join(out, BUILD_MARKER), "utf8")) as { relgen: string; files: string[]; inputs: Record<string, string> };
    expect(record.relgen).toBe("build");
    expect(record.files).toEqual(["config.yaml", "dispatch", "hook.bundle.cjs", "hook.cjs", "metadata.yaml"]);
    expect(Object.keys(record.inputs)).toEqual(["config.yaml", "metadata.yaml", "src/hook.ts"]);

    // The user's file in the charm folder survives; the file the project no longer has goes.
    writeFileSync(join(out, "notes.txt"), "mine\n");
    rmSync(join(dir, "config.yaml"));
    writeFileSync(join(dir, "src", "hook.ts"), 'console.log("tiny hook, again");\n');
    expect((await buildCharm({ project: dir, out, skipTypeCheck: true, force: true })).built).toBe(true);
    expect(readdirSync(out).sort()).toEqual([BUILD_MARKER, "dispatch", "hook.bundle.cjs", "hook.cjs", "metadata.yaml", "notes.txt"]);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(out, "hook.bundle.cjs"), "utf8")).toContain("tiny hook, again");

    // A file of the user's where the build would now write one of its own is refused, not replaced.
    writeFileSync(join(out, "actions.yaml"), "mine: {}\n");
    writeFileSync(join(dir, "actions.yaml"), "go: {}\n");
    const refused = await buildCharm({ project: dir, out, skipTypeCheck: true, force: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BuildError);
    expect((refused as Error).message).toMatch(/charm\/actions\.yaml was not written by relgen build: move it away/);
    expect(readFileSync(join(out, "actions.yaml"), "utf8")).toBe("mine: {}\n");
  });

  it("replaces a .charm archive only when it packed it", async () => {
    const { parent, dir } = tinyProject();
    const out = join(parent, "charm");
    const archive = join(parent, "tiny.charm");
    writeFileSync(archive, zip([{ name: "manifest.yaml", data: Buffer.from("bases: []\n"), mode: 0o644 }]));
    const refused = await cli(["build", dir, "--out", out, "--pack"]);
    expectOneLine(refused, /tiny\.charm exists and relgen build did not pack it: move it away, or pass --out/);
    expect(existsSync(out)).toBe(false);

    rmSync(archive);
    await buildCharm({ project: dir, out, pack: true, skipTypeCheck: true });
    const first = readFileSync(archive);
    writeFileSync(join(dir, "src", "hook.ts"), 'console.log("changed");\n');
    await buildCharm({ project: dir, out, pack: true, skipTypeCheck: true });
    expect(readFileSync(archive).equals(first)).toBe(false);
    // The manifest charmcraft writes, as YAML a parser reads back: the bases asked for, both architectures each.
    const manifest = parse(readZipEntry(readFileSync(archive), "manifest.yaml")!.toString("utf8")) as Record<string, unknown>;
    expect(manifest["analysis"]).toEqual({ attributes: [{ name: "language", result: "javascript" }, { name: "framework", result: "relgen" }] });
    expect(manifest["bases"]).toEqual(["22.04", "24.04"].map((channel) => ({ architectures: ["amd64", "arm64"], channel, name: "ubuntu" })));
    expect(manifest["charmcraft-version"]).toBe("relgen-build");
    expect(Number.isNaN(Date.parse(String(manifest["charmcraft-started-at"])))).toBe(false);
  });

  it("refuses through the real relgen process too, in one line", async () => {
    const { parent, dir } = tinyProject();
    const before = snapshot(parent);
    const r = await promisify(execFile)(process.execPath, [join(root, "bin", "relgen.js"), "build", "--out", ".."], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    const err = (r as { stderr: string }).stderr.replace(/^relgen: warning: src\/ changed.*\n/m, "");
    expectOneLine({ code: (r as { code: number }).code, err }, /^relgen build: --out \/\S+ holds the project itself/);
    expect(snapshot(parent)).toEqual(before);
  });
});
