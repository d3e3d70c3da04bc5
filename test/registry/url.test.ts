/**
 * A registry URL, served on loopback from the corpus: the index, the sides,
 * the cache with its ETags, re-validation (304), the server down with and
 * without a cache, HTTP errors, and a hostile server (huge bodies, bad index
 * entries, pages that are not JSON). No test reaches the network.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { identityFromPath } from "../../src/generator/identity.js";
import { RegistryError, cacheFolderName, openRegistry } from "../../src/registry/index.js";
import { corpus, corpusPresent } from "../support/corpus.js";
import { corpusIndex, startRegistryServer } from "../support/registry-server.js";
import { tempDir } from "../support/temp.js";

if (!corpusPresent) console.warn(`registry URL tests skipped: ${corpus} is absent`);

/** Every file under `dir`, relative, with `/`. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** The rejection of a promise (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const result = await promise.then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(result, "expected a rejection").not.toBeNull();
  return result!;
}

function corpusIndexMap(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const { name, version } of corpusIndex()) out.set(name, [...(out.get(name) ?? []), version]);
  return out;
}

const PASS_DIR = /--registry DIR or RELGEN_REGISTRY=DIR \(git clone https:\/\/github\.com\/canonical\/charm-relation-interfaces DIR\)/;

describe.skipIf(!corpusPresent)("registry URL", () => {
  it("reads the index, the roles and the sides, and caches each file with its ETag", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    const registry = openRegistry(`${server.url}/`, { cacheDir });
    expect(registry.kind).toBe("url");
    expect(registry.location).toBe(server.url);
    expect(await registry.index()).toEqual(corpusIndexMap());
    expect(await registry.roles("mysql_client", 0)).toEqual(["provider", "requirer"]);
    expect(await registry.roles("jwt", 0)).toEqual(["provider"]);
    expect(await registry.roles("tls_certificates", 0)).toEqual(["provider", "requirer"]);
    const folder = join(cacheDir, "registry", cacheFolderName(server.url));
    const file = await registry.schemaFile("mysql_client", 0, "provider");
    expect(file).toBe(join(folder, "docs", "json_schemas", "mysql_client", "v0", "provider.json"));
    expect(identityFromPath(file!)).toEqual({ name: "mysql_client", version: 0, role: "provider" });
    expect(readFileSync(file!, "utf8")).toBe(readFileSync(join(corpus, "charm-relation-interfaces", "mysql_client", "v0", "provider.json"), "utf8"));
    expect(readFileSync(`${file}.etag`, "utf8")).toMatch(/^"[0-9a-f]{20}"\n$/);
    // Only in the older layout: read from interfaces/…/schemas after docs/json_schemas answers 404.
    const jwt = await registry.schemaFile("jwt", 0, "provider");
    expect(jwt).toBe(join(folder, "interfaces", "jwt", "v0", "schemas", "provider.json"));
    expect(identityFromPath(jwt!)).toEqual({ name: "jwt", version: 0, role: "provider" });
    expect(server.requests.get("/docs/json_schemas/jwt/v0/provider.json")).toBe(1);
    // Each file is fetched once per registry: roles() already read mysql_client's sides.
    expect(server.requests.get("/docs/json_schemas/mysql_client/v0/provider.json")).toBe(1);
    expect(await registry.schemaFile("mysql_client", 0, "peers")).toBeNull();
    expect(await registry.schemaFile("no_such_interface", 0, "provider")).toBeNull();
    expect(await registry.roles("no_such_interface", 3)).toEqual([]);
    expect(tree(cacheDir).every((f) => f.startsWith(`registry/${cacheFolderName(server.url)}/`) && !f.includes(".tmp-"))).toBe(true);
  });

  it("re-validates the cache on the next open: a 304 reads the cached copy", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    const first = await openRegistry(server.url, { cacheDir }).schemaFile("ingress", 2, "provider");
    await openRegistry(server.url, { cacheDir }).index();
    const again = openRegistry(server.url, { cacheDir });
    const second = await again.schemaFile("ingress", 2, "provider");
    expect(second).toBe(first);
    expect(server.requests.get("/docs/json_schemas/ingress/v2/provider.json")).toBe(2);
    expect(server.notModified.get("/docs/json_schemas/ingress/v2/provider.json")).toBe(1);
    expect(readFileSync(second!, "utf8")).toBe(readFileSync(join(corpus, "charm-relation-interfaces", "ingress", "v2", "provider.json"), "utf8"));
    // A file the registry no longer has is dropped from the cache.
    server.answer("/docs/json_schemas/ingress/v2/provider.json", { status: 404 });
    server.answer("/interfaces/ingress/v2/schemas/provider.json", { status: 404 });
    expect(await openRegistry(server.url, { cacheDir }).schemaFile("ingress", 2, "provider")).toBeNull();
    expect(() => statSync(second!)).toThrow();
  });

  it("answers from the cache, with one note, when the server is down", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    const online = openRegistry(server.url, { cacheDir });
    await online.index();
    await online.roles("tracing", 2);
    await server.down();
    const notes: string[] = [];
    const offline = openRegistry(server.url, { cacheDir, onNote: (n) => notes.push(n) });
    expect(await offline.index()).toEqual(corpusIndexMap());
    expect(await offline.roles("tracing", 2)).toEqual(["provider", "requirer"]);
    expect(await offline.schemaFile("tracing", 2, "requirer")).toMatch(/docs[\\/]json_schemas[\\/]tracing[\\/]v2[\\/]requirer\.json$/);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^registry http:\/\/127\.0\.0\.1:\d+ unreachable \(ECONNREFUSED\): using the copy cached on \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // A side never fetched is unknown, not absent.
    const error = await rejection(offline.schemaFile("tracing", 1, "provider"));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.message).toContain("unreachable (ECONNREFUSED) and no copy of tracing v1 provider cached");
    await expect(offline.roles("ingress", 1)).rejects.toThrow(RegistryError);
    // Back up: a new registry fetches again, with no note.
    await server.up();
    const back = openRegistry(server.url, { cacheDir, onNote: (n) => notes.push(n) });
    expect(await back.roles("ingress", 1)).toEqual(["provider", "requirer"]);
    expect(notes).toHaveLength(1);
  });

  it("says how to pass a folder when the server is down and nothing is cached", async () => {
    const server = await startRegistryServer();
    await server.down();
    const error = await rejection(openRegistry(server.url, { cacheDir: tempDir() }).index());
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.message).toContain(`registry ${server.url} unreachable (ECONNREFUSED) and no copy of index.json cached: connect to the network, or pass a local copy`);
    expect(error.message).toMatch(PASS_DIR);
    expect(error.message).not.toContain("\n");
    // The reason a DNS failure gives, through an injected fetch.
    const dns = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("getaddrinfo ENOTFOUND registry.invalid"), { code: "ENOTFOUND" }) });
    const viaFetch = openRegistry("https://registry.invalid/reg", { cacheDir: tempDir(), fetch: () => Promise.reject(dns) });
    await expect(viaFetch.index()).rejects.toThrow("registry https://registry.invalid/reg unreachable (ENOTFOUND)");
  });

  it("gives up on a server that does not answer, after the timeout", async () => {
    const server = await startRegistryServer();
    server.answer("/index.json", { stall: true });
    const error = await rejection(openRegistry(server.url, { cacheDir: tempDir(), timeoutMs: 150 }).index());
    expect(error.message).toContain("unreachable (timed out after 150 ms)");
  });

  it("reports HTTP errors other than 404 with their status, and a missing index", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    server.answer("/docs/json_schemas/smtp/v0/provider.json", { status: 500, statusText: "Internal Server Error" });
    const error = await rejection(openRegistry(server.url, { cacheDir }).schemaFile("smtp", 0, "provider"));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error.message).toBe(`registry ${server.url}/docs/json_schemas/smtp/v0/provider.json answered HTTP 500 Internal Server Error: try again later, or pass a local copy with --registry DIR or RELGEN_REGISTRY=DIR (git clone https://github.com/canonical/charm-relation-interfaces DIR)`);
    server.answer("/index.json", { status: 403, statusText: "Forbidden" });
    await expect(openRegistry(server.url, { cacheDir }).index()).rejects.toThrow("answered HTTP 403 Forbidden");
  });

  it("without an index.json (a folder of schemas served as it is), still finds a name's versions, saying once that it cannot suggest names", async () => {
    const server = await startRegistryServer();
    server.answer("/index.json", { status: 404 });
    const notes: string[] = [];
    const registry = openRegistry(server.url, { cacheDir: tempDir(), onNote: (line) => notes.push(line) });
    expect(await registry.index()).toEqual(new Map());
    expect(await registry.versions("ingress")).toEqual([1, 2]);
    expect(await registry.versions("tls_certificates")).toEqual([0, 1]);
    expect(await registry.versions("no-such-thing")).toEqual([]);
    expect(await registry.roles("ingress", 2)).toEqual(["provider", "requirer"]);
    expect(notes).toEqual([`registry ${server.url} has no index.json: each name is looked up as asked (versions v0 to v9), and no other name can be suggested`]);
  });

  it("refuses a body over 8 MiB, streamed or declared, and caches nothing of it", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    server.answer("/docs/json_schemas/smtp/v0/provider.json", { bytes: 9 * 1024 * 1024 });
    server.answer("/docs/json_schemas/smtp/v0/requirer.json", { bytes: 9 * 1024 * 1024, declareLength: true });
    const registry = openRegistry(server.url, { cacheDir });
    for (const role of ["provider", "requirer"] as const) {
      const error = await rejection(registry.schemaFile("smtp", 0, role));
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toMatch(/sent more than 8 MiB, which no schema needs: refused; check the registry URL/);
    }
    // Neither the body nor a temporary file is left.
    expect(tree(cacheDir).filter((f) => f.includes("smtp"))).toEqual([]);
    // What is not JSON (a captive portal's page) is refused too.
    server.answer("/index.json", { body: "<html>sign in</html>", headers: { "content-type": "text/html" } });
    await expect(registry.index()).rejects.toThrow("sent something that is not JSON");
    expect(tree(cacheDir)).toEqual([]);
  });

  it("skips hostile index entries with a note each and writes nothing outside its cache folder", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    server.setIndex([
      { name: "../x", version: 0 },
      { name: "a/b", version: 0 },
      { name: "ok\u0000\u001b[2J", version: 0 },
      { name: "ok", version: -1 },
      { name: "ok", version: "../../1" },
      { name: "ok", version: 1.5 },
      null,
      { name: "mysql_client", version: 0, status: "draft" },
    ]);
    const notes: string[] = [];
    const registry = openRegistry(server.url, { cacheDir, onNote: (n) => notes.push(n) });
    expect(await registry.index()).toEqual(new Map([["mysql_client", [0]]]));
    expect(notes).toHaveLength(6);
    expect(notes[0]).toBe('registry index: entry 0 skipped (name "../x" is not an interface name)');
    expect(notes[2]).toBe('registry index: entry 2 skipped (name "ok\\0\\x1b[2J" is not an interface name)');
    expect(notes[5]).toBe("registry index: 2 more entries skipped");
    expect(notes.every((n) => !/[\u0000-\u001f]/.test(n))).toBe(true);
    // Names that are not interface names never reach a path or a request.
    expect(await registry.schemaFile("../x", 0, "provider")).toBeNull();
    expect(await registry.roles("a/b", 0)).toEqual([]);
    expect(await registry.schemaFile("mysql_client", -1, "provider")).toBeNull();
    expect(await registry.refFile(`${server.url}/docs/json_schemas/../../x/v0/provider.json`)).toBeNull();
    expect([...server.requests.keys()].filter((p) => p !== "/index.json")).toEqual([]);
    expect(tree(cacheDir)).toEqual([`registry/${cacheFolderName(server.url)}/index.json`, `registry/${cacheFolderName(server.url)}/index.json.etag`]);
    server.answer("/docs/json_schemas/mysql_client/v0/provider.json", { status: 304 });
    await expect(registry.schemaFile("mysql_client", 0, "provider")).rejects.toThrow("answered 304 Not Modified to a request for a file not cached");
    server.setIndex({ interfaces: [] });
    await expect(openRegistry(server.url, { cacheDir: tempDir() }).index()).rejects.toThrow("index.json is not a list of interfaces");
  });

  it("keeps its cache under RELGEN_CACHE_DIR when no cache folder is given", async () => {
    const server = await startRegistryServer();
    const own = tempDir();
    const registry = openRegistry(undefined, { env: { RELGEN_REGISTRY: server.url, RELGEN_CACHE_DIR: own } });
    expect(registry.location).toBe(server.url);
    const file = await registry.schemaFile("smtp", 0, "requirer");
    expect(file).toBe(join(own, "registry", cacheFolderName(server.url), "docs", "json_schemas", "smtp", "v0", "requirer.json"));
  });

  it("rejects a registry URL with a query, a fragment or credentials", () => {
    expect(() => openRegistry("https://example.invalid/reg?x=1")).toThrow(RegistryError);
    expect(() => openRegistry("https://user:pw@example.invalid/reg")).toThrow(/has a query, a fragment or credentials/);
    expect(() => openRegistry("http://[bad")).toThrow(/is not a valid URL/);
  });
});
