/**
 * A registry at a URL: the index from `<url>/index.json`, each side from
 * `docs/json_schemas/<n>/v<N>/<role>.json`, else
 * `interfaces/<n>/v<N>/schemas/<role>.json`, else `<n>/v<N>/<role>.json`. A
 * server with no index.json (a plain folder of schemas served over HTTP) still
 * answers names: their versions are found by asking for v0 to v9. Every file read is kept in the
 * cache (cache.ts) with its ETag and re-validated on the next run (a 304 reads
 * the copy). When the server cannot be reached, the cached copies answer, with
 * one note saying so; with nothing cached, a RegistryError says how to use a
 * folder instead. Each file is fetched at most once per Registry.
 */
import { readFile } from "node:fs/promises";
import type { RegistryCache } from "./cache.js";
import { PASS_DIR, RegistryError, quoted } from "./errors.js";
import { type Fetched, Unreachable, get } from "./http.js";
import { type Layout, ROLES, type Role, URL_LAYOUTS, isName, isRole, isVersion, schemaSegments } from "./layout.js";
import { type RefSource, refTarget, resolveRef } from "./refs.js";
import type { Registry } from "./types.js";

export interface UrlOptions {
  readonly cache: RegistryCache;
  readonly fetch: typeof fetch;
  readonly onNote: (line: string) => void;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** A file read: its local copy, absent from the registry, or unknown (server unreachable, no copy). */
type Read = { readonly file: string } | "missing" | "uncached";

/** Index entries named one by one before the rest are only counted. */
const MAX_SKIP_NOTES = 5;

/** The versions asked for when a registry has no index.json (the registry's newest is v2). */
const PROBED_VERSIONS = Array.from({ length: 10 }, (_, v) => v);

export class UrlRegistry implements Registry, RefSource {
  readonly kind = "url" as const;
  /** Why the server could not be reached; once set, this registry reads only its cache. */
  private offline: string | null = null;
  private noted = false;
  private readonly reads = new Map<string, Promise<Read>>();
  private indexRead: Promise<ReadonlyMap<string, readonly number[]>> | null = null;
  /** Set when the server has no index.json: names are then found one by one. */
  private unindexed = false;

  /** `location` is the registry URL without a trailing `/`. */
  constructor(
    readonly location: string,
    private readonly options: UrlOptions,
  ) {}

  index(): Promise<ReadonlyMap<string, readonly number[]>> {
    this.indexRead ??= this.readIndex().catch((e: unknown) => {
      this.indexRead = null;
      throw e;
    });
    return this.indexRead;
  }

  async roles(name: string, version: number): Promise<readonly Role[]> {
    if (!isName(name) || !isVersion(version)) return [];
    const found = await Promise.all(ROLES.map((role) => this.side(name, version, role)));
    const roles = ROLES.filter((_, i) => typeof found[i] === "object");
    // Offline with no copy of any side: the answer is unknown, not "none".
    if (roles.length === 0 && found.includes("uncached")) throw this.unreachable(`${name} v${version}`);
    return roles;
  }

  async schemaFile(name: string, version: number, role: Role): Promise<string | null> {
    return this.fileIn(null, name, version, role);
  }

  async refFile(url: string): Promise<string | null> {
    const target = refTarget(url, this.location);
    return target ? resolveRef(target, this) : null;
  }

  async versions(name: string): Promise<readonly number[]> {
    const index = await this.index();
    if (!this.unindexed) return index.get(name) ?? [];
    if (!isName(name)) return [];
    const found = await Promise.all(PROBED_VERSIONS.map(async (v) => ((await this.roles(name, v)).length > 0 ? v : null)));
    return found.filter((v): v is number => v !== null);
  }

  async fileIn(layout: Layout | null, name: string, version: number, role: Role): Promise<string | null> {
    if (!isName(name) || !isVersion(version) || !isRole(role)) return null;
    if (layout === "flat") return null;
    const read = layout === null ? await this.side(name, version, role) : await this.read(schemaSegments(layout, name, version, role));
    if (read === "uncached") {
      // In a named layout, unknown is not fatal: the caller falls back to the preferred one.
      if (layout !== null) return null;
      throw this.unreachable(`${name} v${version} ${role}`);
    }
    return read === "missing" ? null : read.file;
  }

  /** One side: the generated layout first, then the older one. */
  private async side(name: string, version: number, role: Role): Promise<Read> {
    let uncached = false;
    for (const layout of URL_LAYOUTS) {
      const read = await this.read(schemaSegments(layout, name, version, role));
      if (typeof read === "object") return read;
      if (read === "uncached") uncached = true;
    }
    return uncached ? "uncached" : "missing";
  }

  private async readIndex(): Promise<ReadonlyMap<string, readonly number[]>> {
    const read = await this.read(["index.json"]);
    if (read === "uncached") throw this.unreachable("index.json");
    if (read === "missing") {
      // A folder of schemas served as it is: names still work, one at a time.
      this.unindexed = true;
      this.options.onNote(`registry ${quoted(this.location)} has no index.json: each name is looked up as asked (versions v0 to v${PROBED_VERSIONS.length - 1}), and no other name can be suggested`);
      return new Map();
    }
    const entries = parseJson(await readFile(read.file, "utf8"));
    if (!Array.isArray(entries)) {
      throw new RegistryError(`registry ${quoted(this.location)}: index.json is not a list of interfaces: check the registry URL, or ${PASS_DIR}`);
    }
    const versions = new Map<string, Set<number>>();
    let skipped = 0;
    entries.forEach((entry: unknown, i) => {
      const problem = entryProblem(entry);
      if (problem === null) {
        const { name, version } = entry as { name: string; version: number };
        versions.set(name, (versions.get(name) ?? new Set()).add(version));
      } else if (++skipped <= MAX_SKIP_NOTES) {
        this.options.onNote(`registry index: entry ${i} skipped (${problem})`);
      }
    });
    if (skipped > MAX_SKIP_NOTES) this.options.onNote(`registry index: ${skipped - MAX_SKIP_NOTES} more entries skipped`);
    const out = new Map<string, readonly number[]>();
    for (const name of [...versions.keys()].sort()) out.set(name, [...versions.get(name)!].sort((a, b) => a - b));
    return out;
  }

  /** A file of the registry by its checked segments, fetched once per Registry. */
  private read(segments: readonly string[]): Promise<Read> {
    const key = segments.join("/");
    let read = this.reads.get(key);
    if (!read) {
      read = this.fetchFile(segments).catch((e: unknown) => {
        this.reads.delete(key);
        throw e;
      });
      this.reads.set(key, read);
    }
    return read;
  }

  private async fetchFile(segments: readonly string[]): Promise<Read> {
    const { cache } = this.options;
    const file = cache.file(segments);
    const url = `${this.location}/${segments.join("/")}`;
    if (this.offline === null) {
      try {
        let got = await this.get(url, await cache.etag(file));
        // The copy went between our look and the answer, or the server says 304 to anything: ask once without an ETag.
        if (got.kind === "not-modified" && (await cache.cachedOn(file)) === null) got = await this.get(url, null);
        if (got.kind === "not-modified" && (await cache.cachedOn(file)) === null) {
          throw new RegistryError(`registry ${quoted(url)} answered 304 Not Modified to a request for a file not cached: check the registry URL, or ${PASS_DIR}`);
        }
        switch (got.kind) {
          case "body":
            checkJson(url, got.body);
            await cache.store(file, got.body, got.etag);
            return { file };
          case "not-modified":
            await cache.touch(file);
            return { file };
          case "missing":
            await cache.forget(file);
            return "missing";
        }
      } catch (e) {
        if (!(e instanceof Unreachable)) throw e;
        this.offline = e.reason;
      }
    }
    const cachedOn = await cache.cachedOn(file);
    if (cachedOn === null) return "uncached";
    if (!this.noted) {
      this.noted = true;
      this.options.onNote(`registry ${quoted(this.location)} unreachable (${this.offline}): using the copy cached on ${dateOf(cachedOn)}`);
    }
    return { file };
  }

  private get(url: string, etag: string | null): Promise<Fetched> {
    const { fetch, timeoutMs, maxBytes } = this.options;
    return get(url, { fetch, timeoutMs, maxBytes, etag });
  }

  private unreachable(what: string): RegistryError {
    return new RegistryError(
      `registry ${quoted(this.location)} unreachable (${this.offline ?? "no answer"}) and no copy of ${quoted(what)} cached: connect to the network, or ${PASS_DIR}`,
    );
  }
}

/** Why an index entry cannot be used, or null. Its text is escaped and bounded: the entry came from the server. */
function entryProblem(entry: unknown): string | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "not an object";
  const { name, version } = entry as { name?: unknown; version?: unknown };
  if (!isName(name)) return typeof name === "string" ? `name "${quoted(name)}" is not an interface name` : "no name";
  if (!isVersion(version)) return `version of ${name} is not a whole number`;
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A captive portal's page or a wrong URL's HTML is refused before it is cached. */
function checkJson(url: string, body: Uint8Array): void {
  if (parseJson(Buffer.from(body).toString("utf8")) === undefined) {
    throw new RegistryError(`registry ${quoted(url)} sent something that is not JSON: check the registry URL, or ${PASS_DIR}`);
  }
}

function dateOf(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
