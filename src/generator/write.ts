/**
 * Stage 7: write. Each interface folder is built complete in a temporary
 * sibling folder and swapped in with renames, so a failed or interrupted run
 * never leaves a half-written `generated/`. A run owns only the files that
 * carry its header (`// generated … by relgen; do not edit.`): every other
 * file in an interface folder (a hand-written `helpers.ts`, a symbolic link,
 * an empty folder) is linked into the new folder before the swap, so it stays
 * where it was (even if the run is killed midway), and is named to the caller. `checkFiles` compares instead of
 * writing, for `--check`.
 */
import { closeSync, constants, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { GeneratedFile } from "./emit/names.js";
import { SetupError } from "./errors.js";
import { fsReason, shownPath } from "./fs-text.js";

/** The first line of every file the generator writes (see `header` in emit/names.ts and emit/index-file.ts). */
const HEADER = /^\/\/ generated (?:from [^\n]* )?by relgen; do not edit\./;

/** Whether the file at `path` is a regular file whose first line is the generator's header: the files a run may replace or remove. */
export function generatedByRelgen(path: string): boolean {
  if (!lstatSync(path, { throwIfNoEntry: false })?.isFile()) return false;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false; // unreadable: not known to be relgen's
  }
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    return HEADER.test(head.toString("utf8", 0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * The entries of an interface folder that a run does not own, relative to it:
 * files without the header, symbolic links and other non-files (never
 * followed), and empty folders. `owned` gets the files that carry the header.
 */
function notOwned(dir: string, prefix = "", owned: string[] = []): string[] {
  const kept: string[] = [];
  const names = readdirSync(dir).sort();
  if (names.length === 0 && prefix !== "") return [prefix.slice(0, -1)];
  for (const name of names) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) kept.push(...notOwned(path, `${prefix}${name}/`, owned));
    else if (generatedByRelgen(path)) owned.push(prefix + name);
    else kept.push(prefix + name);
  }
  return kept;
}

/** Files under `dir` that carry the header, relative to it, with `/`. */
function ownedFiles(dir: string): string[] {
  const owned: string[] = [];
  if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) notOwned(dir, "", owned);
  return owned;
}

function ownerOf(path: string): string {
  return path.slice(0, path.indexOf("/"));
}


export interface WriteResult {
  /** Files (and empty folders) in the interface folders that relgen did not generate and left in place, relative to the output folder. */
  readonly kept: string[];
}

/**
 * Gives a hand-written entry a second name in the new folder: a hard link (the
 * same file, never followed if it is a symbolic link), or where the file
 * system has none, a copy; an empty folder is made anew.
 */
function keepEntry(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const stat = lstatSync(from);
  if (stat.isDirectory()) {
    mkdirSync(to);
    return;
  }
  try {
    linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "EXDEV" && code !== "ENOTSUP" && code !== "EMLINK") throw e;
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to, constants.COPYFILE_EXCL);
  }
}

/**
 * Writes the files of the given interface folders under outDir. In each
 * folder, the files relgen generated are replaced as a whole; any other entry
 * stays. A file the run would write where a hand-written one is refuses the
 * run (SetupError), as does any failure to write: the folder is then left as
 * it was.
 */
export function writeFiles(outDir: string, interfaces: readonly string[], files: readonly GeneratedFile[]): WriteResult {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    throw new SetupError(`cannot make the output folder ${shownPath(outDir)}: ${fsReason(e)}`);
  }
  const token = `${process.pid}-${Date.now().toString(36)}`;
  // First every folder is read and checked, then every new folder is staged, then each is swapped in:
  // a refusal or a failed write leaves every folder as it was.
  const plans = interfaces.map((iface) => {
    const target = join(outDir, iface);
    const stat = lstatSync(target, { throwIfNoEntry: false });
    if (stat && !stat.isDirectory()) {
      throw new SetupError(`${shownPath(target)} is ${stat.isSymbolicLink() ? "a symbolic link" : "a file"}, not a folder relgen generated: move it away (relgen generate writes its own folder there)`);
    }
    const mine = files.filter((x) => ownerOf(x.path) === iface).map((f) => ({ rel: f.path.slice(iface.length + 1), content: f.content }));
    const kept = stat ? notOwned(target) : [];
    for (const k of kept) {
      const clash = mine.find((f) => f.rel === k || f.rel.startsWith(`${k}/`) || k.startsWith(`${f.rel}/`));
      if (clash) {
        throw new SetupError(`${shownPath(join(target, k))} was not generated by relgen (it has no "generated … by relgen" header) and this run would write ${shownPath(join(target, clash.rel))}: move it away or rename it; nothing was written`);
      }
    }
    return { iface, target, exists: stat !== undefined, mine, kept, temp: join(outDir, `.relgen-tmp-${iface}-${token}`), old: join(outDir, `.relgen-old-${iface}-${token}`) };
  });

  try {
    for (const plan of plans) {
      rmSync(plan.temp, { recursive: true, force: true });
      for (const f of plan.mine) {
        const path = join(plan.temp, f.rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content);
      }
    }
  } catch (e) {
    for (const plan of plans) rmSync(plan.temp, { recursive: true, force: true });
    throw new SetupError(`cannot write into ${shownPath(outDir)}: ${fsReason(e)}; nothing in it was changed`);
  }

  const allKept: string[] = [];
  for (const [i, { iface, target, exists, kept, temp, old }] of plans.entries()) {
    // The hand-written entries are linked (or copied) into the new folder, which then takes the old
    // one's place: at every moment each of them is at its own path, so a run killed here loses none.
    let swapped = false;
    try {
      for (const k of kept) keepEntry(join(target, k), join(temp, k));
      if (exists) renameSync(target, old);
      swapped = true;
      renameSync(temp, target);
    } catch (e) {
      if (swapped && exists && !existsSync(target)) renameSync(old, target);
      for (const plan of plans.slice(i)) rmSync(plan.temp, { recursive: true, force: true });
      throw new SetupError(`cannot replace ${shownPath(target)}: ${fsReason(e)}; it was left as it was`);
    }
    // The old folder's entries: relgen's own files, and second names of the kept ones.
    try {
      rmSync(old, { recursive: true, force: true });
    } catch {
      // the new folder is in place; a leftover of relgen's own files is harmless
    }
    allKept.push(...kept.map((k) => `${iface}/${k}`));
  }
  return { kept: allKept };
}

export interface CheckResult {
  /** Files whose content differs from what the schemas generate. */
  readonly changed: string[];
  /** Files the schemas generate that are missing on disk. */
  readonly missing: string[];
  /** Files on disk in a generated interface folder, generated by relgen, that the schemas no longer generate (hand-written files are not counted). */
  readonly extra: string[];
}

export function checkFiles(outDir: string, interfaces: readonly string[], files: readonly GeneratedFile[]): CheckResult {
  const result: CheckResult = { changed: [], missing: [], extra: [] };
  const expected = new Map(files.map((f) => [f.path, f.content]));
  for (const [path, content] of expected) {
    const full = join(outDir, path);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat) result.missing.push(path);
    else if (!stat.isFile() || readFileSync(full, "utf8") !== content) result.changed.push(path);
  }
  for (const iface of interfaces) {
    for (const rel of ownedFiles(join(outDir, iface))) if (!expected.has(`${iface}/${rel}`)) result.extra.push(`${iface}/${rel}`);
  }
  return result;
}

export function isClean(check: CheckResult): boolean {
  return check.changed.length + check.missing.length + check.extra.length === 0;
}
