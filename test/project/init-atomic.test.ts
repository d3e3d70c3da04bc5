/**
 * `relgen init` is all or nothing: it writes the project into a temporary
 * folder beside the target and moves it into place at the end, so an init
 * that fails at any step leaves neither the project nor the temporary folder.
 * A path it cannot use is one line; `--force` adds files to a folder that has
 * some and replaces none of them.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { initProject } from "../../src/project/scaffold.js";
import { tempDir } from "../support/temp.js";

const root = join(import.meta.dirname, "..", "..");
const requirer = join(root, "schema", "mysql_client", "v0", "requirer.json");

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

function expectOneLine(r: { code: number; err: string }, pattern: RegExp): void {
  expect(r.code, r.err).toBe(1);
  expect(r.err.split("\n").filter(Boolean), r.err).toHaveLength(1);
  expect(r.err).not.toMatch(/\n {4}at |ENOTDIR|ENAMETOOLONG|EISDIR/);
  expect(r.err).toMatch(pattern);
}

describe("relgen init, all or nothing", () => {
  it("leaves nothing when a step fails midway: a schema copied, then the other side cannot be", async () => {
    const parent = tempDir("relgen-init-atomic-");
    const schemas = join(tempDir("relgen-init-schemas-"), "mysql_client", "v0");
    mkdirSync(join(schemas, "provider.json"), { recursive: true }); // the other side's "file" is a folder: its copy fails
    cpSync(requirer, join(schemas, "requirer.json"));
    const r = await cli(["init", join(parent, "shop"), "--interface", join(schemas, "requirer.json"), "--relgen", "^0.1.0"]);
    expectOneLine(r, /^relgen init: cannot write the project into \S+shop: \S+provider\.json is a folder, not a file; nothing was written$/m);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("leaves nothing, not even the folders on the way, when the schemas do not generate", async () => {
    const parent = tempDir("relgen-init-atomic-");
    const schemas = join(tempDir("relgen-init-schemas-"), "mysql_client", "v0");
    mkdirSync(schemas, { recursive: true });
    writeFileSync(join(schemas, "requirer.json"), readFileSync(requirer, "utf8").replace('"type": "object"', '"type": "objekt"'));
    const r = await cli(["init", join(parent, "a", "b", "shop"), "--interface", join(schemas, "requirer.json"), "--relgen", "^0.1.0"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: schema\/mysql_client\/v0\/requirer\.json:\d+:\d+ /m);
    expect(readdirSync(parent)).toEqual([]);

    // An empty folder is taken as it is (the staged project replaces it), with the usual permissions.
    const dir = join(parent, "shop");
    mkdirSync(dir);
    await initProject({ dir, interfaces: [requirer], relgen: "^0.1.0" });
    expect(readFileSync(join(dir, "metadata.yaml"), "utf8")).toMatch(/^name: shop\n/);
    expect(statSync(dir).mode & 0o777).toBe(0o777 & ~process.umask());
    expect(readdirSync(parent)).toEqual(["shop"]);
  });

  it("refuses, in one line, a file given as DIR, a DIR under a file, and a name over the file system's limit", async () => {
    const parent = tempDir("relgen-init-atomic-");
    const file = join(parent, "notes.txt");
    writeFileSync(file, "mine\n");
    expectOneLine(await cli(["init", file, "--interface", requirer]), /^relgen init: \S+notes\.txt is a file, not a folder: give the name of a new folder/);
    expectOneLine(await cli(["init", join(file, "shop"), "--interface", requirer]), /^relgen init: \S+notes\.txt\/shop: part of the path is a file, not a folder: give the name of a new folder/);
    const long = join(parent, "a".repeat(300));
    expectOneLine(await cli(["init", long, "--interface", requirer]), /^relgen init: \S+a{300}: the name is longer than the file system allows .*: give a shorter folder name/);
    expect(readdirSync(parent)).toEqual(["notes.txt"]);
    expect(readFileSync(file, "utf8")).toBe("mine\n");
  });

  it("with --force, adds its files to a folder that has some and replaces none of them, naming each one it left", async () => {
    const dir = join(tempDir("relgen-init-atomic-"), "shop");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "README.md"), "# my shop\n");
    writeFileSync(join(dir, "src", "charm.ts"), "// my charm\n");
    writeFileSync(join(dir, "test"), "a file where init puts a folder\n");
    const r = await cli(["init", dir, "--interface", requirer, "--relgen", "^0.1.0", "--force"]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# my shop\n");
    expect(readFileSync(join(dir, "src", "charm.ts"), "utf8")).toBe("// my charm\n");
    expect(readFileSync(join(dir, "test"), "utf8")).toBe("a file where init puts a folder\n");
    expect(r.err.split("\n").filter(Boolean)).toEqual(
      ["README.md", "src/charm.ts", "test"].map((f) => `warning: ${join(dir, f)} exists: left as it is (relgen init replaces no file; compare it with what init writes there)`),
    );
    expect(existsSync(join(dir, "src", "hook.ts"))).toBe(true);
    expect(existsSync(join(dir, "generated", "mysql_client", "v0", "requirer.endpoint.ts"))).toBe(true);
    expect(readdirSync(join(dir, "..")).filter((n) => n.startsWith(".relgen-"))).toEqual([]);
  });
});
