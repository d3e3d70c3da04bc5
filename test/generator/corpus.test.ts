/**
 * The registry's real schemas (read in place from ../shared/corpus): every one
 * becomes an interface model, alone (a lone side, linked with a warning that
 * its counterpart is missing) and with its counterpart (the sides of one
 * version folder, linked). Known defects of the corpus come out as warnings,
 * not crashes. Generating the whole corpus, pair by pair, and running the
 * generated code is corpus-pairs.test.ts.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultFlags } from "../../src/generator/link.js";
import { counterpartOf } from "../../src/generator/model.js";
import { buildModels, buildVersions } from "../../src/generator/pipeline.js";
import { corpus, corpusPresent, corpusSchemas, versionFolders } from "../support/corpus.js";

if (!corpusPresent) console.warn(`corpus tests skipped: ${corpus} is absent`);

describe.skipIf(!corpusPresent)("registry corpus", () => {
  const files = corpusPresent ? corpusSchemas() : [];

  it("holds schemas", () => expect(files.length).toBeGreaterThan(50));

  it("reads most sides with at least one bag (some sides publish nothing)", () => {
    const models = buildModels(files, corpus);
    const withBags = models.filter((m) => m.unit !== null || m.app !== null);
    expect(withBags.length).toBeGreaterThan(models.length * 0.7);
  });

  it.each(files.map((f) => [f.slice(corpus.length + 1), f]))("%s normalizes into a model, alone", (_name, file) => {
    const models = buildModels([file], corpus);
    expect(models).toHaveLength(1);
    const model = models[0]!;
    expect(model.source).toBe(file.slice(corpus.length + 1));
    for (const bag of [model.unit, model.app]) for (const key of bag?.keys ?? []) expect(key.ts).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    // A lone side is linked all the same: its counterpart is missing, so it reads open bags.
    const other = model.role === "provider" ? "requirer" : "provider";
    expect(model.warnings).toContain(`no ${other}.json beside it: what the ${other} side publishes is read untyped (open bags)`);
    expect(model.declaredFlags).toBe(false);
    expect(model.flags).toEqual(defaultFlags(null));
    expect(model.flags.map((f) => f.name)).toEqual(["available", "connected"]);
  });

  it("links the sides of every version folder: each reads the other", () => {
    const versions = buildVersions(files, corpus);
    const folders = versionFolders(files);
    expect(folders.filter((f) => f.provider && f.requirer).length).toBeGreaterThan(40);
    for (const folder of folders) {
      const sides = versions.flatMap((v) => v.sides.map((side) => ({ version: v, side }))).filter(({ side }) => side.source.startsWith(folder.rel + "/"));
      expect(sides.map(({ side }) => side.role), folder.rel).toEqual([...(folder.provider ? ["provider"] : []), ...(folder.requirer ? ["requirer"] : [])]);
      for (const { version, side } of sides) {
        const counterpart = counterpartOf(version, side);
        if (folder.provider && folder.requirer) {
          expect(counterpart?.source, side.source).toBe(`${folder.rel}/${side.role === "provider" ? "requirer" : "provider"}.json`);
          expect(side.warnings.join("\n"), side.source).not.toMatch(/beside it/);
          expect(side.flags, side.source).toEqual(defaultFlags(counterpart));
        } else {
          expect(counterpart, side.source).toBeNull();
          expect(side.warnings.join("\n"), side.source).toMatch(/\.json beside it: what the (provider|requirer) side publishes is read untyped/);
        }
      }
    }
  });

  it("gives the default flags the counterpart's required keys (ingress v2: app keys and unit keys)", () => {
    const dir = join(corpus, "charm-relation-interfaces", "ingress", "v2");
    const [version] = buildVersions([join(dir, "provider.json"), join(dir, "requirer.json")], corpus);
    const provider = version!.sides.find((s) => s.role === "provider")!;
    const requirer = version!.sides.find((s) => s.role === "requirer")!;
    const available = (m: typeof provider) => m.flags.find((f) => f.name === "available")!.rule;
    expect(available(provider)).toEqual({
      app: { present: [], absent: [], valid: ["model", "port", "name"] },
      joinedUnits: { min: 1 },
      allUnits: { present: [], absent: [], valid: ["host"] },
    });
    expect(available(requirer)).toEqual({ app: { present: [], absent: [], valid: ["ingress"] } });
  });

  it("reports the known defects as warnings", () => {
    const [etcd] = buildModels([join(corpus, "charm-relation-interfaces", "etcd_client", "v0", "provider.json")], corpus);
    expect(etcd!.warnings.join("\n")).toMatch(/beside unit\/app is not a bag/);
    const [dns] = buildModels([join(corpus, "charm-relation-interfaces", "dns_record", "v0", "provider.json")], corpus);
    expect(dns!.warnings.join("\n")).toMatch(/examples: not a valid JSON Schema here: must be array/);
    expect(dns!.warnings.join("\n")).toMatch(/unknown keyword "name" ignored/);
    const [legacy] = buildModels([join(corpus, "charm-relation-interfaces-legacy", "jwt", "v0", "provider.json")], corpus);
    expect(legacy!.warnings.join("\n")).toMatch(/no unit\/app envelope/);
    expect(legacy!.app!.keys.map((k) => k.wire)).toContain("signing-key");
    // tls_certificates v1: the requirer's schema requires both of its bags, so the provider's default
    // `available` asks for certificate signing requests in the application bag and on every unit.
    const tls = join(corpus, "charm-relation-interfaces", "tls_certificates", "v1");
    const [tlsVersion] = buildVersions([join(tls, "provider.json"), join(tls, "requirer.json")], corpus);
    const tlsProvider = tlsVersion!.sides.find((s) => s.role === "provider")!;
    expect(tlsProvider.flags.find((f) => f.name === "available")!.rule).toEqual({
      app: { present: [], absent: [], valid: ["certificate_signing_requests"] },
      joinedUnits: { min: 1 },
      allUnits: { present: [], absent: [], valid: ["certificate_signing_requests"] },
    });
  });
});
