/**
 * Where copies of a registry URL's files are kept, and how they are written.
 *
 * Layout: `<cacheRoot>/registry/<folder>/<path in the registry>`, with the
 * ETag the server gave in `<file>.etag` beside it. `<folder>` is made from the
 * URL (letters, digits, `.`, `_` and `-` only, plus a hash of the whole URL so
 * two URLs never share one). The relative path comes from layout.ts, which
 * accepts only checked names, versions and roles: nothing a server says picks
 * a path. Files are written to a temporary name and renamed, so a run killed
 * half-way leaves the old copy or none, never half a file.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { RegistryError, quoted, reasonOf } from "./errors.js";

/**
 * The folder relgen keeps its caches in: RELGEN_CACHE_DIR, else
 * `$XDG_CACHE_HOME/relgen`, else the platform's user cache folder
 * (`~/.cache/relgen`; macOS `~/Library/Caches/relgen`; Windows
 * `%LOCALAPPDATA%\relgen\Cache`).
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const own = env["RELGEN_CACHE_DIR"];
  if (own) return resolve(own);
  const xdg = env["XDG_CACHE_HOME"];
  // The XDG spec says a relative value is to be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, "relgen");
  const home = env["HOME"] || env["USERPROFILE"] || homedir();
  if (process.platform === "darwin") return join(home, "Library", "Caches", "relgen");
  if (process.platform === "win32") return join(env["LOCALAPPDATA"] || join(home, "AppData", "Local"), "relgen", "Cache");
  return join(home, ".cache", "relgen");
}

/** A folder name for a registry URL: readable, safe on every file system, and unique to the URL. */
export function cacheFolderName(url: string): string {
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 12);
  const readable = url
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._-]+|[._-]+$/g, "")
    .slice(0, 80);
  return `${readable || "registry"}-${hash}`;
}

/** The longest ETag kept; a longer one (or one with characters no header carries) is not stored. */
const MAX_ETAG = 512;

export function validEtag(etag: string | null): etag is string {
  return etag !== null && etag.length > 0 && etag.length <= MAX_ETAG && /^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(etag);
}

/** One URL's cache folder. */
export class RegistryCache {
  /** `folder` is `<cacheRoot>/registry/<cacheFolderName(url)>`. */
  constructor(readonly folder: string) {}

  static forUrl(root: string, url: string): RegistryCache {
    return new RegistryCache(join(root, "registry", cacheFolderName(url)));
  }

  /** The cached copy of a file of the registry, by its checked path segments (layout.ts). */
  file(segments: readonly string[]): string {
    if (segments.length === 0 || segments.some((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) || s.includes(".."))) {
      throw new TypeError(`unsafe cache path ${JSON.stringify(segments)}`);
    }
    return join(this.folder, ...segments);
  }

  /** The cached copy's ETag, when both the copy and its ETag are there. */
  async etag(file: string): Promise<string | null> {
    try {
      await stat(file);
      const etag = (await readFile(`${file}.etag`, "utf8")).trim();
      return validEtag(etag) ? etag : null;
    } catch {
      return null;
    }
  }

  /** When the copy was fetched or last found current, or null when there is no copy. */
  async cachedOn(file: string): Promise<Date | null> {
    try {
      const s = await stat(file);
      return s.isFile() ? s.mtime : null;
    } catch {
      return null;
    }
  }

  /** Stores a fresh copy: the old ETag goes first, so a run killed half-way never pairs a new ETag with an old body. */
  async store(file: string, body: Uint8Array, etag: string | null): Promise<void> {
    try {
      await mkdir(dirname(file), { recursive: true });
      await rm(`${file}.etag`, { force: true });
      await atomicWrite(file, body);
      if (validEtag(etag)) await atomicWrite(`${file}.etag`, Buffer.from(`${etag}\n`));
    } catch (e) {
      throw this.unwritable(e);
    }
  }

  /** The server says the copy is current: note when. */
  async touch(file: string): Promise<void> {
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
  }

  /** The registry no longer has the file: forget the copy, so an offline run cannot bring it back. */
  async forget(file: string): Promise<void> {
    await rm(`${file}.etag`, { force: true }).catch(() => undefined);
    await rm(file, { force: true }).catch(() => undefined);
  }

  unwritable(error: unknown): RegistryError {
    return new RegistryError(`cannot write the registry cache in ${quoted(this.folder)} (${reasonOf(error)}): set RELGEN_CACHE_DIR to a folder you can write`);
  }
}

async function atomicWrite(file: string, data: Uint8Array): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(temp, data, { flag: "wx" });
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
