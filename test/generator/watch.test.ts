/** `relgen generate --watch` regenerates when a schema changes, and reports a broken edit without writing. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { generateCommand } from "../../src/cli/generate.js";
import { captureIo } from "../support/schemas.js";
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
}, 60_000);
