/**
 * Where interface schemas come from, by name: Canonical's charm-relation-interfaces
 * registry, as a folder (a checkout, or a folder of `<name>/v<N>/<role>.json`)
 * or a URL (fetched, cached, re-validated, and read from the cache when the
 * server is unreachable).
 *
 *   const registry = openRegistry(flags.registry, { onNote: console.error });
 *   const file = await registry.schemaFile("mysql_client", 0, "provider");
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { RegistryCache, cacheRoot } from "./cache.js";
import { DirRegistry, notARegistry } from "./dir.js";
import { PASS_DIR, RegistryError, quoted } from "./errors.js";
import { DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from "./http.js";
import type { OpenOptions, Registry } from "./types.js";
import { UrlRegistry } from "./url.js";

export type { Role, Layout, SchemaPath } from "./layout.js";
export { ROLES, LAYOUTS_HELP, isName, parseSchemaPath, schemaPath } from "./layout.js";
export type { OpenOptions, Registry } from "./types.js";
export { RegistryError } from "./errors.js";
export { cacheRoot, cacheFolderName } from "./cache.js";
export { refTarget } from "./refs.js";
export { MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from "./http.js";

export const DEFAULT_REGISTRY_URL = "https://raw.githubusercontent.com/canonical/charm-relation-interfaces/main";

/** Whether a registry spec is a URL (http:// or https://) rather than a folder. */
export function isRegistryUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/**
 * The registry `spec` names, else RELGEN_REGISTRY, else the public registry.
 * A folder that does not exist is a RegistryError at once; one that holds no
 * schema, or a URL that cannot be read, is one on first use.
 */
export function openRegistry(spec: string | undefined, options: OpenOptions = {}): Registry {
  const env = options.env ?? process.env;
  const chosen = spec || env["RELGEN_REGISTRY"] || DEFAULT_REGISTRY_URL;
  if (isRegistryUrl(chosen)) return openUrl(chosen, options, env);
  const root = resolve(chosen);
  if (!existsSync(root)) throw notARegistry(chosen, "does not exist");
  if (!statSync(root).isDirectory()) throw notARegistry(chosen, "is not a folder");
  return new DirRegistry(chosen, root);
}

function openUrl(spec: string, options: OpenOptions, env: NodeJS.ProcessEnv): Registry {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new RegistryError(`registry URL ${quoted(spec)} is not a valid URL: give one like ${DEFAULT_REGISTRY_URL}, or ${PASS_DIR}`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new RegistryError(`registry URL ${quoted(spec)} has a query, a fragment or credentials: give the registry's root, like ${DEFAULT_REGISTRY_URL}`);
  }
  const location = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  return new UrlRegistry(location, {
    cache: RegistryCache.forUrl(options.cacheDir ?? cacheRoot(env), location),
    fetch: options.fetch ?? globalThis.fetch,
    onNote: options.onNote ?? (() => undefined),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
  });
}
