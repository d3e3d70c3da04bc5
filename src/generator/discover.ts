/** Finds the interface schemas under a folder: `<interface>/v<N>/<role>.json`, skipping `meta/`. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function discoverSchemas(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!(depth === 0 && name === "meta") && !name.startsWith(".")) walk(path, depth + 1);
      } else if (name.endsWith(".json") && depth >= 1) {
        out.push(path);
      }
    }
  };
  walk(root, 0);
  return out;
}
