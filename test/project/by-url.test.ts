/**
 * `relgen init` and `relgen add` by name from a registry URL: a loopback
 * server that serves ../shared/corpus in place (test/support/registry-server.ts),
 * a cache folder of the test's own. The second run re-validates what it
 * cached; with the server down it works from the cache; with nothing cached,
 * it says how to pass a folder instead. No test reaches the network.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { corpus, corpusPresent } from "../support/corpus.js";
import { startRegistryServer, type RegistryServer } from "../support/registry-server.js";
import { tempDir } from "../support/temp.js";

if (!corpusPresent) console.warn(`registry URL tests skipped: ${corpus} is absent`);

let server: RegistryServer;
beforeAll(async () => {
  if (corpusPresent) server = await startRegistryServer();
});
afterAll(async () => {
  await server?.close();
});

/** Runs the CLI with RELGEN_CACHE_DIR set for the call only. */
async function cli(argv: string[], cache: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const before = process.env["RELGEN_CACHE_DIR"];
  process.env["RELGEN_CACHE_DIR"] = cache;
  try {
    const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
    return { code, out, err };
  } finally {
    if (before === undefined) delete process.env["RELGEN_CACHE_DIR"];
    else process.env["RELGEN_CACHE_DIR"] = before;
  }
}

const count = (path: string): number => server.requests.get(path) ?? 0;

/** A plain static file server of a folder, as any web server would serve it: no index, 404 for anything else. */
async function serveFolder(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer((req, res) => {
    const path = resolve(root, "." + decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/json" }).end(readFileSync(path));
  });
  await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => new Promise((done) => http.close(() => done())) };
}

describe.skipIf(!corpusPresent)("init and add by name from a registry URL", () => {
  it("inits from the URL, caches, re-validates on the next run, and adds from the cache when the server is down", async () => {
    const cache = tempDir();
    const dir = join(tempDir(), "webapp");
    const first = await cli(["init", dir, "--interface", "ingress", "--role", "requirer", "--registry", server.url, "--relgen", "^0.1.0"], cache);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`relgen: ingress: v2 (the newest of v1, v2), the requirer side, from ${server.url}\n`);
    expect(readFileSync(join(dir, "schema/ingress/v2/requirer.json"), "utf8")).toBe(readFileSync(join(corpus, "charm-relation-interfaces/ingress/v2/requirer.json"), "utf8"));
    expect(count("/docs/json_schemas/ingress/v2/requirer.json")).toBe(1);

    // A second project: every file is asked again with its ETag and answered 304, from the cache.
    const again = join(tempDir(), "webapp2");
    const second = await cli(["init", again, "--interface", "ingress@v2", "--role", "requirer", "--registry", server.url, "--relgen", "^0.1.0"], cache);
    expect(second.code).toBe(0);
    expect(server.notModified.get("/docs/json_schemas/ingress/v2/requirer.json")).toBe(1);

    // The server goes away: add works from what is cached, and says so once per file it could not re-validate.
    await cli(["add", dir, "--interface", "tls_certificates", "--role", "requirer", "--registry", server.url], cache); // caches tls_certificates
    await server.down();
    try {
      const offline = await cli(["add", dir, "--interface", "ingress", "--role", "provider", "--endpoint", "ingress-provider", "--registry", server.url], cache);
      expect(offline.code).toBe(0);
      expect(offline.err).toMatch(/^relgen: registry http:\/\/127\.0\.0\.1:\d+ unreachable \(ECONNREFUSED\): using the copy cached on \d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/);
      expect(existsSync(join(dir, "generated/ingress/v2/provider.endpoint.ts"))).toBe(true);
    } finally {
      await server.up();
    }
  });

  it("offline with nothing cached: one line naming the URL and saying how to pass a folder; nothing written", async () => {
    const parent = tempDir();
    await server.down();
    try {
      const r = await cli(["init", join(parent, "x"), "--interface", "s3", "--registry", server.url], tempDir());
      expect(r.code).toBe(1);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(r.err).toContain(server.url);
      expect(r.err).toMatch(/--registry DIR or RELGEN_REGISTRY=DIR \(git clone https:\/\/github.com\/canonical\/charm-relation-interfaces DIR\)/);
    } finally {
      await server.up();
    }
  });

  it("from a plain static server of the corpus (no index.json, the corpus's own layout): by name all the same", async () => {
    const statics = await serveFolder(corpus);
    try {
      const dir = join(tempDir(), "plain");
      const url = `${statics.url}/charm-relation-interfaces`;
      const r = await cli(["init", dir, "--interface", "ingress", "--role", "requirer", "--registry", url, "--relgen", "^0.1.0"], tempDir());
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(`relgen: registry ${url} has no index.json: each name is looked up as asked`);
      expect(r.out).toContain(`relgen: ingress: v2 (the newest of v1, v2), the requirer side, from ${url}\n`);
      expect(readFileSync(join(dir, "schema/ingress/v2/requirer.json"), "utf8")).toBe(readFileSync(join(corpus, "charm-relation-interfaces/ingress/v2/requirer.json"), "utf8"));
      const typo = await cli(["init", join(tempDir(), "x"), "--interface", "ingres", "--registry", url], tempDir());
      expect(typo.code).toBe(1);
      expect(typo.err).toMatch(/no interface ingres in the registry at http:\/\/127\.0\.0\.1:\d+\/charm-relation-interfaces \(or give a schema file or folder\)/);
    } finally {
      await statics.close();
    }
  });

  it("suggests the nearest names the URL's registry holds", async () => {
    const r = await cli(["init", join(tempDir(), "x"), "--interface", "tls-certificate", "--registry", server.url], tempDir());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no interface tls-certificate in the registry at http:\/\/127\.0\.0\.1:\d+; did you mean tls_certificates\?/);
  });
});
