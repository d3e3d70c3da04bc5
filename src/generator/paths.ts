/** Where relgen's own files are, whether it runs from `src/` (tests) or `dist/src/` (the CLI). */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "schema", "meta"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("relgen: cannot find the package root (schema/meta is missing)");
    dir = parent;
  }
}

/** The relgen package root (holds package.json, schema/meta, templates/, src/runtime). */
export const PACKAGE_ROOT = findPackageRoot();
export const META_SCHEMA_FILE = join(PACKAGE_ROOT, "schema", "meta", "x-juju.schema.json");
export const TEMPLATES_DIR = join(PACKAGE_ROOT, "templates");
/** The runtime sources the generated code imports (type-checked together with it). */
export const RUNTIME_SOURCE_DIR = join(PACKAGE_ROOT, "src", "runtime");
