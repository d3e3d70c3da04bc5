/** `relgen doc`: stdout, --out FILE, --out DIR, a missing schema, a bad schema, --help. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOC_USAGE, docCommand, docSchemaFiles } from "../../src/cli/doc.js";
import { main } from "../../src/cli/main.js";
import { docPages } from "../../src/doc/page.js";
import { expandSchemaArgs } from "../../src/generator/discover.js";
import { captureIo } from "../support/schemas.js";
import { tempDir } from "../support/temp.js";
import { repo } from "./support.js";

const mysql = join("schema", "mysql_client", "v0");
const expected = docPages(expandSchemaArgs([join(repo, mysql)]), repo)[0]!.markdown;

describe("relgen doc", () => {
  it("writes the page to stdout, the same for a folder and for one side's file (its other side read beside it)", async () => {
    for (const arg of [mysql, join(mysql, "requirer.json")]) {
      const io = captureIo();
      expect(await docCommand([arg], io.io, { cwd: repo })).toBe(0);
      expect(io.stderr()).toBe("");
      expect(io.stdout()).toBe(expected);
    }
  });

  it("--out FILE writes every page into one file; --out DIR one <interface>-v<N>.md per version", async () => {
    const root = tempDir("relgen-doc-cli-");
    const io = captureIo();
    expect(await docCommand(["schema", "--out", join(root, "all.md")], io.io, { cwd: repo })).toBe(0);
    const all = readFileSync(join(root, "all.md"), "utf8");
    expect(all).toContain("# mysql\\_client v0\n");
    expect(all).toContain("# mysql-innodb-cluster v0\n");
    expect(io.stdout()).toContain("wrote 2 page(s)");

    const dirIo = captureIo();
    expect(await docCommand(["schema", `--out=${join(root, "pages")}`], dirIo.io, { cwd: repo })).toBe(0);
    expect(readdirSync(join(root, "pages")).sort()).toEqual(["mysql-innodb-cluster-v0.md", "mysql_client-v0.md"]);
    expect(readFileSync(join(root, "pages", "mysql_client-v0.md"), "utf8")).toBe(expected);
    expect(dirIo.stdout()).toContain("mysql-innodb-cluster-v0.md, mysql_client-v0.md");
  });

  it("--out an existing folder named *.md is a folder", async () => {
    const root = tempDir("relgen-doc-cli-");
    mkdirSync(join(root, "x.md"));
    expect(await docCommand([mysql, "--out", join(root, "x.md")], captureIo().io, { cwd: repo })).toBe(0);
    expect(existsSync(join(root, "x.md", "mysql_client-v0.md"))).toBe(true);
  });

  it("a missing schema is one line naming it, exit 1", async () => {
    const io = captureIo();
    expect(await docCommand(["schema/nope/v0/provider.json"], io.io, { cwd: repo })).toBe(1);
    expect(io.stderr()).toBe("relgen doc: schema/nope/v0/provider.json: no such file or folder\n");
    expect(io.stdout()).toBe("");
  });

  it("a wrong schema is one line per problem naming its file and pointer, exit 1, and writes nothing", async () => {
    const root = tempDir("relgen-doc-cli-");
    const dir = join(root, "schema", "bad", "v0");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "peers.json"), JSON.stringify({ type: "object", properties: { unit: { type: "object", properties: { k: { type: 5 } } } } }));
    const io = captureIo();
    expect(await docCommand(["--out", join(root, "out"), "schema"], io.io, { cwd: root })).toBe(1);
    const lines = io.stderr().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^error: schema\/bad\/v0\/peers\.json.*\/properties\/unit\/properties\/k/);
    expect(lines.at(-1)).toMatch(/^relgen doc: \d+ problem\(s\); no page written$/);
    expect(io.stderr()).not.toMatch(/\n\s+at /); // no stack
    expect(existsSync(join(root, "out"))).toBe(false);
  });

  it("--help prints the usage (exit 0); an unknown option prints it to stderr (exit 2)", async () => {
    const io = captureIo();
    expect(await docCommand(["--help"], io.io)).toBe(0);
    expect(io.stdout()).toBe(DOC_USAGE);
    const bad = captureIo();
    expect(await docCommand(["--frobnicate"], bad.io)).toBe(2);
    expect(bad.stderr()).toBe(`relgen doc: unknown option --frobnicate\n${DOC_USAGE}`);
    const missing = captureIo();
    expect(await docCommand(["--out"], missing.io)).toBe(2);
    expect(missing.stderr()).toContain("--out needs a file or a folder");
  });

  it("is a command of relgen", async () => {
    const io = captureIo();
    expect(await main(["--help"], io.io)).toBe(0);
    expect(io.stdout()).toMatch(/^ {2}doc {8}write a Markdown page per interface version/m);
    const run = captureIo();
    expect(await main(["doc", "--help"], run.io)).toBe(0);
    expect(run.stdout()).toBe(DOC_USAGE);
  });

  it("docSchemaFiles: a folder gives its schemas, a file its other sides, none gives schema/", () => {
    expect(docSchemaFiles({ schemas: [join(mysql, "provider.json")] }, repo)).toEqual(
      ["provider.json", "requirer.json"].map((f) => join(repo, mysql, f)),
    );
    expect(docSchemaFiles({ schemas: [] }, repo).map((f) => f.slice(repo.length + 1)).sort()).toEqual([
      join("schema", "mysql-innodb-cluster", "v0", "peers.json"),
      join("schema", "mysql_client", "v0", "provider.json"),
      join("schema", "mysql_client", "v0", "requirer.json"),
    ]);
  });
});
