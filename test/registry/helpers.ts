/**
 * What the registry tests compare against: the sides each corpus folder holds,
 * and a checkout built as symbolic links to the corpus (never copies).
 */
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Role } from "../../src/registry/index.js";
import { corpus } from "../support/corpus.js";

const ROLES: readonly Role[] = ["provider", "requirer", "peers"];

/** `name@version` -> the roles that folder has a file for, in order, for one corpus collection. */
export function collectionSides(dir: string): Map<string, Role[]> {
  const out = new Map<string, Role[]>();
  for (const name of readdirSync(dir).sort()) {
    if (!/^[a-z]/.test(name)) continue;
    for (const folder of readdirSync(join(dir, name))) {
      const version = /^v(\d+)$/.exec(folder);
      if (!version) continue;
      const files = readdirSync(join(dir, name, folder));
      out.set(`${name}@${version[1]}`, ROLES.filter((r) => files.includes(`${r}.json`)));
    }
  }
  return out;
}

/** The index those sides make: name -> versions, ascending, names sorted. */
export function expectedIndex(sides: Map<string, readonly Role[]>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const key of [...sides.keys()].sort()) {
    const [name, version] = key.split("@") as [string, string];
    out.set(name, [...(out.get(name) ?? []), Number(version)].sort((a, b) => a - b));
  }
  return out;
}

/**
 * A checkout of the registry under `root`: `docs/json_schemas/…` linking to the
 * corpus's generated schemas and `interfaces/<n>/v<N>/schemas/…` to its older ones.
 */
export function linkCheckout(root: string, which: { modern?: boolean; legacy?: boolean } = {}): string {
  const parts: [boolean, string, (n: string, v: string, f: string) => string[]][] = [
    [which.modern ?? true, "charm-relation-interfaces", (n, v, f) => ["docs", "json_schemas", n, v, f]],
    [which.legacy ?? true, "charm-relation-interfaces-legacy", (n, v, f) => ["interfaces", n, v, "schemas", f]],
  ];
  for (const [wanted, collection, place] of parts) {
    if (!wanted) continue;
    const dir = join(corpus, collection);
    for (const [key, roles] of collectionSides(dir)) {
      const [name, version] = key.split("@") as [string, string];
      for (const role of roles) {
        const link = join(root, ...place(name, `v${version}`, `${role}.json`));
        mkdirSync(dirname(link), { recursive: true });
        symlinkSync(join(dir, name, `v${version}`, `${role}.json`), link);
      }
    }
  }
  return root;
}
