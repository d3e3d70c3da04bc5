/**
 * Stage 7: write. Each interface folder is built complete in a temporary
 * sibling folder and swapped in with renames, so a failed or interrupted run
 * never leaves a half-written `generated/`. `checkFiles` compares instead of
 * writing, for `--check`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GeneratedFile } from "./emit/names.js";

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path, `${prefix}${name}/`));
    else out.push(prefix + name);
  }
  return out;
}

function ownerOf(path: string): string {
  return path.slice(0, path.indexOf("/"));
}

/** Writes the files of the given interface folders under outDir, replacing those folders whole. */
export function writeFiles(outDir: string, interfaces: readonly string[], files: readonly GeneratedFile[]): void {
  mkdirSync(outDir, { recursive: true });
  const token = `${process.pid}-${Date.now().toString(36)}`;
  for (const iface of interfaces) {
    const target = join(outDir, iface);
    const temp = join(outDir, `.relgen-tmp-${iface}-${token}`);
    const old = join(outDir, `.relgen-old-${iface}-${token}`);
    rmSync(temp, { recursive: true, force: true });
    for (const f of files.filter((x) => ownerOf(x.path) === iface)) {
      const path = join(temp, f.path.slice(iface.length + 1));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(temp, target);
    rmSync(old, { recursive: true, force: true });
  }
}

export interface CheckResult {
  /** Files whose content differs from what the schemas generate. */
  readonly changed: string[];
  /** Files the schemas generate that are missing on disk. */
  readonly missing: string[];
  /** Files on disk in a generated interface folder that the schemas do not generate. */
  readonly extra: string[];
}

export function checkFiles(outDir: string, interfaces: readonly string[], files: readonly GeneratedFile[]): CheckResult {
  const result: CheckResult = { changed: [], missing: [], extra: [] };
  const expected = new Map(files.map((f) => [f.path, f.content]));
  for (const [path, content] of expected) {
    const full = join(outDir, path);
    if (!existsSync(full)) result.missing.push(path);
    else if (readFileSync(full, "utf8") !== content) result.changed.push(path);
  }
  for (const iface of interfaces) {
    for (const path of listFiles(join(outDir, iface), `${iface}/`)) if (!expected.has(path)) result.extra.push(path);
  }
  return result;
}

export function isClean(check: CheckResult): boolean {
  return check.changed.length + check.missing.length + check.extra.length === 0;
}
