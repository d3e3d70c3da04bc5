/**
 * `relgen generate --watch` regenerates when a schema changes, and reports a
 * broken edit without writing; a save the reader refuses does not stop it, and
 * it watches what it was given.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { captureIo, demoSchema, positionOf } from "../support/schemas.js";
import { tempDir } from "../support/temp.js";

const repo = join(import.meta.dirname, "..", "..");

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

it("regenerates after a schema edit, and leaves the output alone after a broken one", async () => {
  const work = tempDir("relgen-watch-");
  cpSync(join(repo, "schema"), join(work, "schema"), { recursive: true });
  const schema = join(work, "schema", "mysql-innodb-cluster", "v0", "peers.json");
  const types = join(work, "generated", "mysql-innodb-cluster", "v0", "peers.types.ts");
  const runtime = relative(join(work, "generated", "i", "v"), join(repo, "src", "runtime"));
  const capture = captureIo();
  const stop = new AbortController();
  const done = generateCommand(["--watch", "--runtime", runtime], capture.io, { cwd: work, signal: stop.signal });
  try {
    await until(() => capture.stdout().includes("watching"));
    expect(readFileSync(types, "utf8")).toContain("Set once this unit's instance has joined");

    const original = readFileSync(schema, "utf8");
    writeFileSync(schema, original.replace("Set once this unit's instance has joined", "Set when the instance joined"));
    await until(() => /regenerated in \d+ ms \(ok\)/.test(capture.stdout()));
    expect(readFileSync(types, "utf8")).toContain("Set when the instance joined");

    writeFileSync(schema, original.replace('"role": "peers"', '"role": "peerz"'));
    await until(() => /regenerated in \d+ ms \(failed\)/.test(capture.stdout()));
    expect(capture.stderr()).toContain("/x-juju/role");
    expect(readFileSync(types, "utf8")).toContain("Set when the instance joined");
  } finally {
    stop.abort();
  }
  expect(await done).toBe(1);
}, 180_000);

/** This repository's runtime, for output written outside it. */
const RUNTIME = join(repo, "src", "runtime");

it("watches the schema file given when there is no schema/ folder; a bad save is reported in one line and the next good one regenerates", async () => {
  const work = tempDir("relgen-watch-");
  const dir = join(work, "interfaces", "demo", "v0");
  mkdirSync(dir, { recursive: true });
  const schema = join(dir, "peers.json");
  const good = demoSchema();
  writeFileSync(schema, good);
  const types = join(work, "generated", "demo", "v0", "peers.types.ts");
  const capture = captureIo();
  const stop = new AbortController();
  const done = generateCommand(["interfaces/demo/v0/peers.json", "--watch", "--runtime", RUNTIME], capture.io, { cwd: work, signal: stop.signal });
  const runs = (outcome: string) => capture.stdout().split(`(${outcome})`).length - 1;
  try {
    await until(() => capture.stdout().includes("watching"));
    expect(capture.stdout()).toContain("relgen: watching interfaces/demo/v0/, templates/ (Ctrl-C to stop)\n");
    expect(readFileSync(types, "utf8")).toContain("A raw key.");

    const bad = good.replace("A raw key.", "A raw \\x key.");
    writeFileSync(schema, bad);
    await until(() => runs("failed") === 1);
    const pos = positionOf(bad, "\\x");
    expect(capture.stderr()).toBe(
      `error: interfaces/demo/v0/peers.json:${pos.line}:${pos.column} at /$defs/DemoUnit/properties/foo-bar/description: malformed JSON: invalid escape \\x in a string: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX (write a backslash itself as \\\\)\n` +
        "relgen: 1 problem(s); generated/ was left unchanged\n",
    );

    writeFileSync(schema, good.replace("A raw key.", "A key, raw."));
    await until(() => runs("ok") === 1);
    expect(readFileSync(types, "utf8")).toContain("A key, raw.");
  } finally {
    stop.abort();
  }
  expect(await done).toBe(0);
}, 180_000);

it("says there is nothing to watch when there is no schema/ folder and no schema is given", async () => {
  const work = tempDir("relgen-watch-");
  const capture = captureIo();
  expect(await generateCommand(["--watch", "--runtime", RUNTIME], capture.io, { cwd: work })).toBe(1);
  expect(capture.stderr()).toBe(
    "relgen generate: no schemas given and none found under schema/\n" +
      "relgen generate: nothing to watch: there is no schema/ folder here; give schema files or folders that exist\n",
  );
});
