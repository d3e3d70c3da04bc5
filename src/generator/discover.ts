/**
 * Which schema files a run reads: every side under a folder (the schema root
 * or one interface version's folder), and, for a file, the other sides of
 * its interface version found beside it, so that each side reads its
 * counterpart's bags typed.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SetupError } from "./errors.js";

const SIDES = ["provider.json", "requirer.json", "peers.json"];

/**
 * Every `.json` schema under a folder, at any depth, skipping `meta/` at its
 * top and hidden folders. A folder reached twice (a symbolic link back up) is
 * read once; a `.json` entry that cannot be read (a dangling link) is listed,
 * so that loading it names it. A folder that cannot be listed is a SetupError.
 */
export function discoverSchemas(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      const real = realpathSync(dir);
      if (seen.has(real)) return;
      seen.add(real);
      names = readdirSync(dir).sort();
    } catch (e) {
      throw new SetupError(`cannot read the folder ${dir}: ${(e as Error).message}`);
    }
    for (const name of names) {
      const path = join(dir, name);
      let isDirectory = false;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch {
        // dangling or looping link: not a folder
      }
      if (isDirectory) {
        if (!(depth === 0 && name === "meta") && !name.startsWith(".")) walk(path, depth + 1);
      } else if (name.endsWith(".json")) {
        out.push(path);
      }
    }
  };
  walk(root, 0);
  return out;
}

/** The other sides of a schema's interface version: `provider.json`, `requirer.json` or `peers.json` beside it. */
export function siblingSides(file: string): string[] {
  if (!SIDES.includes(basename(file))) return [];
  const dir = dirname(file);
  return SIDES.filter((name) => name !== basename(file)).map((name) => join(dir, name)).filter((path) => existsSync(path));
}

/**
 * The files a `relgen generate` run reads for its arguments: a folder gives
 * every schema in it; a file gives itself and the other sides beside it.
 */
export function expandSchemaArgs(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) for (const f of discoverSchemas(path)) out.add(f);
    else {
      out.add(path);
      for (const f of siblingSides(path)) out.add(f);
    }
  }
  return [...out].sort();
}
