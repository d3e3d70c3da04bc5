/**
 * What a registry source is to the rest of relgen: where interface schemas
 * come from, by name. A folder (dir.ts) or a URL (url.ts); index.ts opens one.
 */
import type { Role } from "./layout.js";

export interface Registry {
  /** As shown to the user: the folder path or the URL. */
  readonly location: string;
  readonly kind: "dir" | "url";
  /**
   * Every interface the registry holds, name -> its versions, ascending. A
   * registry URL without an index.json lists none (its names are found by
   * `versions`, one at a time).
   */
  index(): Promise<ReadonlyMap<string, readonly number[]>>;
  /** The versions of one interface, ascending (none: the registry has no such interface). */
  versions(name: string): Promise<readonly number[]>;
  /** The sides a version has schemas for (files that exist; for a URL, those that fetch), in the order provider, requirer, peers. */
  roles(name: string, version: number): Promise<readonly Role[]>;
  /**
   * A local file holding that side's schema (for a URL: the cached copy), or
   * null when the registry has none. Its path ends in one of the registry's
   * layouts, so `identityFromPath` (src/generator/identity.ts) reads name,
   * version and role from it.
   */
  schemaFile(name: string, version: number, role: Role): Promise<string | null>;
  /** The local file for a `$ref` URL that points into the registry, or null when the URL is not a registry schema. */
  refFile(url: string): Promise<string | null>;
}

export interface OpenOptions {
  /** Read for RELGEN_REGISTRY and the cache folder (RELGEN_CACHE_DIR, XDG_CACHE_HOME, HOME); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The cache root, instead of `cacheRoot(env)`; a URL's copies go in `<cacheDir>/registry/<folder>/`. */
  readonly cacheDir?: string;
  /** Default: Node's own `fetch`. */
  readonly fetch?: typeof fetch;
  /** One line for the user (an unreachable server answered from the cache, an index entry skipped). */
  readonly onNote?: (line: string) => void;
  /** For each request, the whole exchange; default 30 s. */
  readonly timeoutMs?: number;
  /** The largest response accepted; default 8 MiB. */
  readonly maxResponseBytes?: number;
}
