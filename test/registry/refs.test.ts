/**
 * `$ref` URLs into the registry: every published form, the versionless
 * `$id`s resolved to the newest version, other URLs ignored, and (property)
 * no URL string whatever yields a path outside the registry or its cache.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { identityFromPath } from "../../src/generator/identity.js";
import { cacheFolderName, openRegistry, refTarget } from "../../src/registry/index.js";
import { corpus, corpusPresent } from "../support/corpus.js";
import { startRegistryServer } from "../support/registry-server.js";
import { tempDir } from "../support/temp.js";
import { linkCheckout } from "./helpers.js";

const PAGES = "https://canonical.github.io/charm-relation-interfaces";
const RAW = "https://raw.githubusercontent.com/canonical/charm-relation-interfaces";
const WEB = "https://github.com/canonical/charm-relation-interfaces";

describe("refTarget: which registry schema a URL names", () => {
  it("reads every published form and both layouts", () => {
    const s3 = { name: "s3", role: "provider" };
    expect(refTarget(`${PAGES}/interfaces/s3/schemas/provider.json`)).toEqual({ ...s3, version: null, layout: "interfaces" });
    expect(refTarget(`${PAGES}/interfaces/s3/v1/schemas/provider.json`)).toEqual({ ...s3, version: 1, layout: "interfaces" });
    expect(refTarget(`${PAGES}/docs/json_schemas/s3/v1/provider.json#/$defs/Bucket`)).toEqual({ ...s3, version: 1, layout: "docs" });
    expect(refTarget(`${RAW}/main/docs/json_schemas/s3/v0/provider.json`)).toEqual({ ...s3, version: 0, layout: "docs" });
    expect(refTarget(`${RAW}/refs/heads/main/interfaces/s3/v0/schemas/provider.json`)).toEqual({ ...s3, version: 0, layout: "interfaces" });
    expect(refTarget(`${RAW}/0123abc/interfaces/s3/schemas/provider.json`)).toEqual({ ...s3, version: null, layout: "interfaces" });
    expect(refTarget(`${WEB}/blob/main/interfaces/k8s-service/v0/schemas/requirer.json`)).toEqual({ name: "k8s-service", version: 0, role: "requirer", layout: "interfaces" });
    expect(refTarget(`${WEB}/raw/v1.2/docs/json_schemas/fiveg_n3/v0/peers.json`)).toEqual({ name: "fiveg_n3", version: 0, role: "peers", layout: "docs" });
    expect(refTarget("http://127.0.0.1:8080/reg/docs/json_schemas/s3/v2/provider.json", "http://127.0.0.1:8080/reg")).toEqual({ ...s3, version: 2, layout: "docs" });
  });

  it("names nothing for any other URL", () => {
    for (const url of [
      "https://example.com/interfaces/s3/schemas/provider.json",
      "http://canonical.github.io/charm-relation-interfaces/interfaces/s3/schemas/provider.json",
      "https://canonical.github.io:8443/charm-relation-interfaces/interfaces/s3/schemas/provider.json",
      `${PAGES}/interfaces/s3/schemas/provider.yaml`,
      `${PAGES}/interfaces/s3/schemas/consumer.json`,
      `${PAGES}/interfaces/S3/schemas/provider.json`,
      `${PAGES}/interfaces/s3/v1/provider.json`,
      `${PAGES}/docs/json_schemas/interfaces/wazuh_api_client/provider.json`,
      `${PAGES}/interfaces/s3/schemas/provider.json?raw=1`,
      `${RAW}/interfaces/s3/v0/schemas/provider.json`,
      `${WEB}/tree/main/interfaces/s3/v0/schemas/provider.json`,
      "https://github.com/someone/charm-relation-interfaces/blob/main/interfaces/s3/v0/schemas/provider.json",
      "https://user@canonical.github.io/charm-relation-interfaces/interfaces/s3/schemas/provider.json",
      "#/definitions/Foo",
      "provider.json",
      "not a url",
      "http://127.0.0.1:8081/reg/docs/json_schemas/s3/v2/provider.json",
    ]) {
      expect(refTarget(url, "http://127.0.0.1:8080/reg"), url).toBeNull();
    }
  });
});

if (!corpusPresent) console.warn(`registry ref tests skipped: ${corpus} is absent`);

describe.skipIf(!corpusPresent)("refFile", () => {
  it("reads a ref from a folder registry, whatever host the URL names", async () => {
    const root = linkCheckout(tempDir());
    // An older version in the docs layout only, a newer one in the older layout too.
    const extra = join(root, "interfaces", "jwt", "v3", "schemas", "provider.json");
    mkdirSync(dirname(extra), { recursive: true });
    symlinkSync(join(corpus, "charm-relation-interfaces-legacy", "jwt", "v0", "provider.json"), extra);
    const registry = openRegistry(root);
    const docs = (n: string, v: number, r: string): string => join(root, "docs", "json_schemas", n, `v${v}`, `${r}.json`);
    const older = (n: string, v: number, r: string): string => join(root, "interfaces", n, `v${v}`, "schemas", `${r}.json`);
    expect(await registry.refFile(`${RAW}/main/docs/json_schemas/ingress/v1/provider.json`)).toBe(docs("ingress", 1, "provider"));
    expect(await registry.refFile(`${WEB}/blob/main/interfaces/grafana_auth/v0/schemas/requirer.json`)).toBe(older("grafana_auth", 0, "requirer"));
    // The layout a ref names is absent: the version's side in the other one.
    expect(await registry.refFile(`${PAGES}/interfaces/ingress/v2/schemas/requirer.json`)).toBe(docs("ingress", 2, "requirer"));
    // Versionless: the newest version with that side under interfaces/, else the newest with it at all.
    expect(await registry.refFile(`${PAGES}/interfaces/jwt/schemas/provider.json`)).toBe(extra);
    expect(await registry.refFile(`${PAGES}/interfaces/tls_certificates/schemas/provider.json`)).toBe(older("tls_certificates", 0, "provider"));
    expect(await registry.refFile(`${PAGES}/interfaces/tracing/schemas/requirer.json`)).toBe(docs("tracing", 2, "requirer"));
    expect(await registry.refFile(`${PAGES}/interfaces/jwt/schemas/requirer.json`)).toBeNull();
    expect(await registry.refFile(`${PAGES}/interfaces/no_such/schemas/provider.json`)).toBeNull();
    expect(await registry.refFile(`${PAGES}/docs/json_schemas/ingress/v9/provider.json`)).toBeNull();
    expect(await registry.refFile("https://json-schema.org/draft/2020-12/schema")).toBeNull();
    // The corpus folder itself (no layout prefix) answers refs too.
    const flat = openRegistry(join(corpus, "charm-relation-interfaces"));
    const ingress = await flat.refFile(`${PAGES}/interfaces/ingress/schemas/provider.json`);
    expect(ingress).toBe(join(corpus, "charm-relation-interfaces", "ingress", "v2", "provider.json"));
  });

  it("reads a ref from a registry URL into its cache, published forms and its own URL alike", async () => {
    const server = await startRegistryServer();
    const cacheDir = tempDir();
    const registry = openRegistry(server.url, { cacheDir });
    const cached = join(cacheDir, "registry", cacheFolderName(server.url));
    expect(await registry.refFile(`${PAGES}/interfaces/tls_certificates/schemas/requirer.json`)).toBe(join(cached, "interfaces", "tls_certificates", "v0", "schemas", "requirer.json"));
    expect(await registry.refFile(`${server.url}/docs/json_schemas/ingress/v2/provider.json`)).toBe(join(cached, "docs", "json_schemas", "ingress", "v2", "provider.json"));
    expect(await registry.refFile(`${RAW}/main/interfaces/ingress/schemas/provider.json`)).toBe(join(cached, "docs", "json_schemas", "ingress", "v2", "provider.json"));
    expect(await registry.refFile(`${server.url}/index.json`)).toBeNull();
    expect(await registry.refFile("https://example.com/x.json")).toBeNull();
  });

  it("never gives a path outside the registry folder or the cache, for any URL string (property)", async () => {
    const root = linkCheckout(tempDir());
    const folder = openRegistry(root);
    const cacheDir = tempDir();
    const base = "https://registry.invalid/reg";
    // In-process server: an index, and `{}` for every other file.
    const fakeFetch = (async (input: string | URL | Request) => {
      const url = String(input);
      if (url === `${base}/index.json`) return new Response(JSON.stringify([{ name: "mysql_client", version: 0 }, { name: "s3", version: 1 }]));
      return new Response("{}", { headers: { etag: '"x"' } });
    }) as typeof fetch;
    const remote = openRegistry(base, { cacheDir, fetch: fakeFetch });
    const cache = join(cacheDir, "registry", cacheFolderName(base));
    const segment = fc.oneof(
      fc.constantFrom("docs", "json_schemas", "interfaces", "schemas", "v0", "v1", "..", ".", "%2e%2e", "%2F", "provider.json", "peers.json", "mysql_client", "s3", "", "a\\b", "main"),
      fc.string({ maxLength: 8 }),
    );
    const prefix = fc.constantFrom(PAGES, `${RAW}/main`, `${WEB}/blob/main`, base, "https://example.com", "file:///", "");
    // Layout shapes whose parts are sometimes right, sometimes hostile.
    const part = (...right: string[]): fc.Arbitrary<string> => fc.oneof({ arbitrary: fc.constantFrom(...right), weight: 3 }, { arbitrary: segment, weight: 1 });
    const name = part("mysql_client", "s3", "jwt", "ingress", "tls_certificates");
    const version = part("v0", "v1", "v2");
    const file = part("provider.json", "requirer.json", "peers.json");
    const shaped = fc.tuple(
      prefix,
      fc.oneof(
        fc.tuple(part("docs"), part("json_schemas"), name, version, file),
        fc.tuple(part("interfaces"), name, version, part("schemas"), file),
        fc.tuple(part("interfaces"), name, part("schemas"), file),
      ),
      fc.constantFrom("", "#/$defs/X", "?q=1"),
    ).map(([p, s, tail]) => [p, ...s].join("/") + tail);
    const urls = fc.oneof(fc.string(), fc.tuple(prefix, fc.array(segment, { maxLength: 7 })).map(([p, s]) => [p, ...s].join("/")), shaped, shaped);
    let found = 0;
    await fc.assert(
      fc.asyncProperty(urls, async (url) => {
        for (const [registry, within] of [[folder, root], [remote, cache]] as const) {
          const file = await registry.refFile(url);
          if (file === null) continue;
          found++;
          expect(file.startsWith(within + sep)).toBe(true);
          expect(file.split(/[\\/]/)).not.toContain("..");
          expect(identityFromPath(file)).not.toBeNull();
        }
      }),
      { numRuns: 300, seed: 20240611 },
    );
    expect(found).toBeGreaterThan(0);
  });
});
