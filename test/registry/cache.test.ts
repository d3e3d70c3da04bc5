/**
 * Where a registry URL's copies are kept: the cache root from the
 * environment, a folder name safe on every file system, writes that leave no
 * half file, and a cache that cannot be written said in one line.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RegistryCache } from "../../src/registry/cache.js";
import { RegistryError, cacheFolderName, cacheRoot, openRegistry } from "../../src/registry/index.js";
import { tempDir } from "../support/temp.js";

describe("registry cache", () => {
  it("takes RELGEN_CACHE_DIR, else XDG_CACHE_HOME/relgen, else the user's cache folder", () => {
    expect(cacheRoot({ RELGEN_CACHE_DIR: "/c/own", XDG_CACHE_HOME: "/c/xdg" })).toBe(resolve("/c/own"));
    expect(cacheRoot({ RELGEN_CACHE_DIR: "rel" })).toBe(resolve("rel"));
    expect(cacheRoot({ XDG_CACHE_HOME: "/c/xdg", HOME: "/h" })).toBe(join("/c/xdg", "relgen"));
    const home = { HOME: "/h", LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" };
    const platform = process.platform === "darwin" ? ["Library", "Caches", "relgen"] : process.platform === "win32" ? null : [".cache", "relgen"];
    if (platform) {
      expect(cacheRoot(home)).toBe(join("/h", ...platform));
      // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
      expect(cacheRoot({ ...home, XDG_CACHE_HOME: "relative" })).toBe(join("/h", ...platform));
      expect(cacheRoot({})).toBe(join(homedir(), ...platform));
    } else {
      expect(cacheRoot(home)).toBe(join(home.LOCALAPPDATA, "relgen", "Cache"));
    }
  });

  it("names a URL's folder with safe characters only, and two URLs never alike (property)", () => {
    expect(cacheFolderName("https://raw.githubusercontent.com/canonical/charm-relation-interfaces/main")).toMatch(
      /^raw\.githubusercontent\.com_canonical_charm-relation-interfaces_main-[0-9a-f]{12}$/,
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const name = cacheFolderName(a);
        expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*-[0-9a-f]{12}$/);
        expect(name.length).toBeLessThanOrEqual(93);
        if (a !== b) expect(cacheFolderName(b)).not.toBe(name);
      }),
      { numRuns: 300 },
    );
  });

  it("writes a copy and its ETag whole, through a temporary file, and refuses unsafe segments", async () => {
    const cache = new RegistryCache(join(tempDir(), "registry", "x"));
    const file = cache.file(["docs", "json_schemas", "s3", "v0", "provider.json"]);
    await cache.store(file, Buffer.from("{}"), '"abc"');
    expect(await cache.etag(file)).toBe('"abc"');
    await cache.store(file, Buffer.from("{ }"), "bad\netag");
    expect(await cache.etag(file)).toBeNull();
    expect(readdirSync(join(cache.folder, "docs", "json_schemas", "s3", "v0"))).toEqual(["provider.json"]);
    for (const bad of [[".."], ["a", "..", "b"], ["/etc"], ["a/b"], [""], []]) expect(() => cache.file(bad)).toThrow(TypeError);
  });

  it("says in one line when the cache cannot be written", async () => {
    const blocked = join(tempDir(), "file");
    writeFileSync(blocked, "");
    const fakeFetch = (async () => new Response("[]")) as typeof fetch;
    const error = await openRegistry("https://registry.invalid/reg", { cacheDir: blocked, fetch: fakeFetch })
      .index()
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error).toBeInstanceOf(RegistryError);
    expect(error!.message).toMatch(/^cannot write the registry cache in .*registry\.invalid_reg-[0-9a-f]{12} \((ENOTDIR|EEXIST)\): set RELGEN_CACHE_DIR to a folder you can write$/);
  });
});
