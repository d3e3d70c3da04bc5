// Whether compiled output is older than the sources it comes from (for the
// build scripts, which skip work that is already done).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Newest modification time of the files under `dirs` (relative to `root`) whose names end in one of `exts`; 0 when none. */
export function newestSource(root, dirs, exts = [".ts"]) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (exts.some((e) => entry.name.endsWith(e))) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return newest;
}

/** Modification time of `file` (relative to `root`), or -1 when it does not exist. */
export function builtAt(root, file) {
  try {
    return statSync(join(root, file)).mtimeMs;
  } catch {
    return -1;
  }
}

/** The TypeScript sources that dist/ is compiled from. */
export const SOURCE_DIRS = ["src", "generated", "examples", "scripts"];

/** Whether dist/ is older than a source (or missing). */
export function distIsStale(root) {
  const compiled = Math.min(builtAt(root, "dist/src/cli/main.js"), builtAt(root, "dist/examples/deployment.js"));
  return compiled < newestSource(root, SOURCE_DIRS, [".ts", ".js", ".c"]);
}
