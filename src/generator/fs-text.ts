/**
 * How the CLI's commands speak of the user's files: a path as the user sees
 * it, a file system error as one short clause, and a file written whole or
 * not at all. Paths may hold anything
 * (an escape sequence, a newline), so they are shown through `visible()`.
 */
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { visible } from "../runtime/text.js";

/** A path as shown in messages: relative to the working directory when inside it, escaped for the terminal. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return visible(rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel);
}

/** Whether `e` is Node's error from a system call (a file that could not be read or written): its message names the path. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

/** A file system error as one short clause (the path it names escaped). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const at = err.path === undefined ? "" : ` (${shownPath(err.path)})`;
  switch (err.code) {
    case "ENAMETOOLONG":
      return "a name is longer than the file system allows";
    case "ENOTDIR":
      return "part of the path is a file, not a folder";
    case "EISDIR":
      return `${err.path === undefined ? "a path" : shownPath(err.path)} is a folder, not a file`;
    case "ENOSPC":
      return "no space left on the device";
    case "EACCES":
    case "EPERM":
      return `permission denied${at}`;
    default:
      return visible(err instanceof Error ? err.message : String(e));
  }
}

/** Writes a file whole or not at all (a temporary file beside it, renamed onto it). */
export function writeAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.relgen-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(temp, text);
  try {
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
