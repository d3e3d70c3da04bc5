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

/** The files a run reads, and which of them only as the other side of a file given. */
export interface ExpandedSchemas {
  /** Every file to read, sorted. */
  readonly files: readonly string[];
  /**
   * The files read only because they sit beside a file given (its other
   * sides), neither given nor in a folder given: a problem in one is a
   * warning (see `GenerateOptions.counterparts`). Sorted.
   */
  readonly siblings: readonly string[];
}

/**
 * The files a `relgen generate` run reads for its arguments: a folder gives
 * every schema in it; a file gives itself and the other sides beside it.
 */
export function expandSchemaArgs(paths: readonly string[]): string[] {
  return [...expandSchemaArgsWithSiblings(paths).files];
}

/** `expandSchemaArgs`, telling apart the files added only as the other sides of a file given. */
export function expandSchemaArgsWithSiblings(paths: readonly string[]): ExpandedSchemas {
  const named = new Set<string>();
  const beside = new Set<string>();
  for (const path of paths) {
    if (existsSync(path) && statSync(path).isDirectory()) for (const f of discoverSchemas(path)) named.add(f);
    else {
      named.add(path);
      for (const f of siblingSides(path)) beside.add(f);
    }
  }
  const files = [...new Set([...named, ...beside])].sort();
  return { files, siblings: [...beside].filter((f) => !named.has(f)).sort() };
}
