/**
 * A registry folder: a checkout in either layout or both (built here as a tree
 * of symbolic links to the corpus, never copies), or the corpus folder itself
 * (`<name>/v<N>/<role>.json`).
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { identityFromPath } from "../../src/generator/identity.js";
import { RegistryError, openRegistry } from "../../src/registry/index.js";
import { corpus, corpusPresent } from "../support/corpus.js";
import { corpusIndex } from "../support/registry-server.js";
import { tempDir } from "../support/temp.js";
import { collectionSides, expectedIndex, linkCheckout } from "./helpers.js";

if (!corpusPresent) console.warn(`registry folder tests skipped: ${corpus} is absent`);

describe.skipIf(!corpusPresent)("registry folder", () => {
  const modern = join(corpus, "charm-relation-interfaces");
  const legacy = join(corpus, "charm-relation-interfaces-legacy");

  it("reads the corpus folder itself (<name>/v<N>/<role>.json): index, roles and files", async () => {
    const registry = openRegistry(modern);
    expect(registry.kind).toBe("dir");
    expect(registry.location).toBe(modern);
    const sides = collectionSides(modern);
    expect(await registry.index()).toEqual(expectedIndex(sides));
    for (const [key, roles] of sides) {
      const [name, version] = key.split("@") as [string, string];
      expect(await registry.roles(name, Number(version))).toEqual(roles);
      for (const role of roles) {
        const file = await registry.schemaFile(name, Number(version), role);
        expect(file).toBe(join(modern, name, `v${version}`, `${role}.json`));
        expect(identityFromPath(file!)).toEqual({ name, version: Number(version), role });
      }
    }
    expect(await registry.schemaFile("mysql_client", 0, "peers")).toBeNull();
    expect(await registry.roles("no_such_interface", 0)).toEqual([]);
    expect(await registry.schemaFile("mysql_client", 99, "provider")).toBeNull();
  });

  it("reads a checkout with both layouts: docs/json_schemas and interfaces/…/schemas", async () => {
    const root = linkCheckout(tempDir());
    const registry = openRegistry(root);
    const index = await registry.index();
    const expected = new Map(corpusIndex().map((e) => [e.name, [] as number[]]));
    for (const e of corpusIndex()) expected.get(e.name)!.push(e.version);
    expect(index).toEqual(expected);
    // Only in the older layout: the file is under interfaces/, and identityFromPath reads it.
    const jwt = await registry.schemaFile("jwt", 0, "provider");
    expect(jwt).toBe(join(root, "interfaces", "jwt", "v0", "schemas", "provider.json"));
    expect(identityFromPath(jwt!)).toEqual({ name: "jwt", version: 0, role: "provider" });
    const ingress = await registry.schemaFile("ingress", 2, "requirer");
    expect(ingress).toBe(join(root, "docs", "json_schemas", "ingress", "v2", "requirer.json"));
    expect(identityFromPath(ingress!)).toEqual({ name: "ingress", version: 2, role: "requirer" });
    expect(await registry.roles("tls_certificates", 0)).toEqual(collectionSides(legacy).get("tls_certificates@0"));
    expect(await registry.roles("tls_certificates", 1)).toEqual(collectionSides(modern).get("tls_certificates@1"));
  });

  it("prefers docs/json_schemas when both layouts hold the same side", async () => {
    const root = linkCheckout(tempDir());
    const older = join(root, "interfaces", "mysql_client", "v0", "schemas", "provider.json");
    mkdirSync(dirname(older), { recursive: true });
    symlinkSync(join(legacy, "jwt", "v0", "provider.json"), older);
    const registry = openRegistry(root);
    expect(await registry.schemaFile("mysql_client", 0, "provider")).toBe(join(root, "docs", "json_schemas", "mysql_client", "v0", "provider.json"));
    expect(await registry.refFile("https://canonical.github.io/charm-relation-interfaces/interfaces/mysql_client/v0/schemas/provider.json")).toBe(older);
  });

  it("reads one layout alone, and a checkout's docs/json_schemas folder given directly", async () => {
    const root = tempDir();
    linkCheckout(root, { modern: false });
    const registry = openRegistry(root);
    expect([...(await registry.index()).keys()]).toEqual([...new Set([...collectionSides(legacy).keys()].map((k) => k.split("@")[0]))].sort());
    const docsOnly = linkCheckout(tempDir(), { legacy: false });
    const direct = openRegistry(join(docsOnly, "docs", "json_schemas"));
    expect(await direct.index()).toEqual(expectedIndex(collectionSides(modern)));
  });

  it("ignores what fits no layout: a stray file, a bad name, a non-version folder, a folder named like a role", async () => {
    const root = linkCheckout(tempDir(), { legacy: false });
    const stray = join(root, "docs", "json_schemas", "interfaces", "wazuh_api_client", "provider.json");
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, "{}");
    for (const odd of ["Bad_Name/v0/provider.json", "__template__/v0/provider.json", "fine/version0/provider.json", "fine/v0/other.json", "fine/v01/provider.json"]) {
      const path = join(root, "docs", "json_schemas", odd);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, "{}");
    }
    mkdirSync(join(root, "docs", "json_schemas", "fine", "v1", "requirer.json"), { recursive: true });
    const index = await openRegistry(root).index();
    expect(index).toEqual(expectedIndex(collectionSides(modern)));
  });

  it("reads a folder of registries (the corpus's own root): merged in name order, the first to hold a side giving it", async () => {
    const registry = openRegistry(corpus);
    const index = await registry.index();
    // tls_certificates: v0 from the legacy collection, v1 from the main one; jwt only from the legacy one.
    expect(index.get("tls_certificates")).toEqual([0, 1]);
    expect(index.get("jwt")).toEqual([0]);
    expect(index.get("ingress")).toEqual([1, 2]);
    expect(await registry.schemaFile("tls_certificates", 0, "requirer")).toBe(join(corpus, "charm-relation-interfaces-legacy", "tls_certificates", "v0", "requirer.json"));
    expect(await registry.schemaFile("ingress", 2, "provider")).toBe(join(corpus, "charm-relation-interfaces", "ingress", "v2", "provider.json"));
    // A side both hold comes from the first, in name order.
    const mine = tempDir();
    for (const [sub, text] of [["a", '{"title": "first"}'], ["b", '{"title": "second"}']] as const) {
      mkdirSync(join(mine, sub, "demo", "v0"), { recursive: true });
      writeFileSync(join(mine, sub, "demo", "v0", "provider.json"), text);
    }
    expect(await openRegistry(mine).schemaFile("demo", 0, "provider")).toBe(join(mine, "a", "demo", "v0", "provider.json"));
  });

  it("fails with a RegistryError naming the folder and the layouts when it does not exist or holds no schema", async () => {
    const missing = join(tempDir(), "nowhere");
    expect(() => openRegistry(missing)).toThrow(RegistryError);
    expect(() => openRegistry(missing)).toThrow(`registry folder ${missing} does not exist: expected docs/json_schemas/<interface>/v<N>/<role>.json`);
    const empty = tempDir();
    writeFileSync(join(empty, "index.json"), JSON.stringify([{ name: "mysql_client", version: 0, status: "draft" }]));
    const registry = openRegistry(empty);
    const error = await registry.index().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(String((error as Error).message)).toMatch(/^registry folder .* holds no interface schema: expected .*interfaces\/<interface>\/v<N>\/schemas\/<role>\.json.*--registry DIR or RELGEN_REGISTRY=DIR$/);
    expect((error as Error).message).not.toContain("\n");
    const file = join(empty, "index.json");
    expect(() => openRegistry(file)).toThrow(/is not a folder/);
  });

  it("takes RELGEN_REGISTRY when no folder is given, and the argument over it", async () => {
    const fromEnv = openRegistry(undefined, { env: { RELGEN_REGISTRY: modern } });
    expect(fromEnv.location).toBe(modern);
    expect(openRegistry(legacy, { env: { RELGEN_REGISTRY: modern } }).location).toBe(legacy);
    expect(openRegistry(undefined, { env: {} }).location).toBe("https://raw.githubusercontent.com/canonical/charm-relation-interfaces/main");
  });
});
