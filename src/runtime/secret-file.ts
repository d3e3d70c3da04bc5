/**
 * Secret content on its way to `secret-add` and `secret-set`: a JSON document
 * in a file of mode 0600, in a folder of mode 0700 of its own, removed as soon
 * as the tool has run, whatever happened. Never in argv, never in a log. The
 * folder is named after the hook's process, so that the folder of a hook
 * killed during the call is removed by the next hook that writes a secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawBag } from "./backend.js";
import { removeOrphans } from "./orphans.js";

const PREFIX = "relgen-secret-";
const OWNER = /^relgen-secret-(\d+)-/;

export async function withSecretFile<T>(content: RawBag, use: (path: string) => Promise<T>): Promise<T> {
  const base = tmpdir();
  removeOrphans(base, OWNER); // the folders of hooks that died during a secret call
  const dir = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
  try {
    const path = join(dir, "content.json");
    writeFileSync(path, JSON.stringify(content), { mode: 0o600, flag: "wx" });
    return await use(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
