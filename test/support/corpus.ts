/**
 * Where the registry corpus lives (read in place from ../shared/corpus, never
 * copied into the project) and how its schema files and version folders are
 * listed. Corpus tests skip with a message when the folder is absent.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const corpus = join(import.meta.dirname, "..", "..", "..", "shared", "corpus");
export const corpusPresent = existsSync(corpus);

/** Every schema file under `dir`, sorted. */
export function corpusSchemas(dir = corpus): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...corpusSchemas(path));
    else if (name.endsWith(".json") && name !== "README.json") out.push(path);
  }
  return out;
}

/** A version folder of the corpus: `<collection>/<interface>/v<N>`, and which side files it holds. */
export interface VersionFolder {
  /** Relative to the corpus, with `/` separators, e.g. `charm-relation-interfaces/ingress/v2`. */
  readonly rel: string;
  readonly provider: boolean;
  readonly requirer: boolean;
}

/** Every folder that holds a provider.json or requirer.json, sorted. */
export function versionFolders(files: readonly string[]): VersionFolder[] {
  const byFolder = new Map<string, { provider: boolean; requirer: boolean }>();
  for (const file of files) {
    const rel = relative(corpus, file).split(sep).join("/");
    const cut = rel.lastIndexOf("/");
    const folder = rel.slice(0, cut);
    const name = rel.slice(cut + 1);
    if (name !== "provider.json" && name !== "requirer.json") continue;
    const entry = byFolder.get(folder) ?? { provider: false, requirer: false };
    entry[name === "provider.json" ? "provider" : "requirer"] = true;
    byFolder.set(folder, entry);
  }
  return [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1)).map(([rel, sides]) => ({ rel, ...sides }));
}
