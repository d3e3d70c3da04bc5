/**
 * Keys that hold secrets, in the model: credentials by their name are kept
 * secret (reported), secret-URI keys are declared in `x-juju.secretUris` or
 * recognised by the registry's conventions (reported, with the content of
 * the known groups), and `x-juju.plainKeys` overrides both. The registry's
 * own schemas are read in place.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { InterfaceModel } from "../../src/generator/model.js";
import { buildModels } from "../../src/generator/pipeline.js";
import { corpus, corpusPresent } from "../support/corpus.js";
import { writeSchema } from "../support/schemas.js";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A peers schema with these unit keys and x-juju additions, built into its model. */
function model(unit: Record<string, unknown>, xJuju: Record<string, unknown> = {}): InterfaceModel {
  const doc = {
    type: "object",
    properties: { unit: { type: "object", properties: unit } },
    "x-juju": { interface: "demo", version: 0, role: "peers", ...xJuju },
  };
  const { root, file } = writeSchema(JSON.stringify(doc, null, 2));
  roots.push(root);
  return buildModels([file], root)[0]!;
}

const key = (m: InterfaceModel, wire: string) => m.unit!.keys.find((k) => k.wire === wire)!;
const str = { type: "string" };

describe("credentials by name", () => {
  it("keeps password, *-password, token and *-key secret, and says so; other names stay plain", () => {
    const m = model({ password: str, "admin-password": str, token: str, "tls-key": str, "passwords-file": str, tokenizer: str, keys: str, username: str });
    const secret = m.unit!.keys.filter((k) => k.secret).map((k) => k.wire).sort();
    expect(secret).toEqual(["admin-password", "password", "tls-key", "token"]);
    for (const wire of secret) expect(m.warnings).toContain(`unit.${wire}: kept secret (never logged or shown) as a credential by its name; list it in x-juju.secrets to confirm, or in x-juju.plainKeys to override`);
  });

  it("takes writeOnly and x-juju.secrets without a report, and x-juju.plainKeys overrides the name", () => {
    const m = model({ "session-id": { type: "string", writeOnly: true }, cookie: str, "api-key": str }, { secrets: ["cookie"], plainKeys: ["api-key"] });
    expect([key(m, "session-id").secret, key(m, "cookie").secret, key(m, "api-key").secret]).toEqual([true, true, false]);
    expect(m.warnings.filter((w) => w.includes("credential"))).toEqual([]);
  });
});

describe("secret URIs", () => {
  const content = {
    type: "object",
    properties: { username: { type: "string", minLength: 1, description: "Who." }, password: { type: "string", description: "Shh." } },
    required: ["username", "password"],
  };

  it("are declared in x-juju.secretUris with their content, typed and without a report", () => {
    const m = model({ "creds-uri": str }, { secretUris: { "creds-uri": { description: "Who and how.", content } } });
    expect(m.secretUris).toHaveLength(1);
    const uri = m.secretUris[0]!;
    expect(uri).toMatchObject({ bag: "unit", wire: "creds-uri", ts: "credsUri", source: "declared" });
    expect(uri.content.keys.map((k) => [k.wire, k.required, k.description])).toEqual([["username", true, "Who."], ["password", true, "Shh."]]);
    expect(uri.content.scope).toBe("secret");
    expect(m.warnings.filter((w) => w.includes("secret URI"))).toEqual([]);
  });

  it("are recognised by the secret-<group> name, with the group's content, and reported", () => {
    const m = model({ "secret-user": str, "secret_tls": str, username: { type: "string", minLength: 3 } });
    const byWire = Object.fromEntries(m.secretUris.map((u) => [u.wire, u]));
    expect(Object.keys(byWire).sort()).toEqual(["secret-user", "secret_tls"]);
    expect(byWire["secret-user"]!.source).toBe("convention");
    expect(byWire["secret-user"]!.content.keys.map((k) => [k.wire, k.required])).toEqual([["username", true], ["password", true], ["uris", false], ["read-only-uris", false]]);
    // A plain key of the same name lends its schema to the content key.
    expect(byWire["secret-user"]!.content.keys[0]!.schema).toMatchObject({ minLength: 3 });
    expect(byWire["secret_tls"]!.content.keys.map((k) => k.wire)).toEqual(["tls", "tls-ca"]);
    expect(m.warnings).toContain(
      "unit.secret-user: read as a Juju secret URI (the registry's naming convention) whose content holds username, password, uris, read-only-uris; declare it in x-juju.secretUris to confirm, or list it in x-juju.plainKeys to read it as a plain string",
    );
  });

  it("are recognised by a secret: example; of an unknown group they stay plain strings, reported", () => {
    const m = model({ "entity-ref": { type: "string", examples: ["secret:d2fjn1fmp25004or68b0"] }, other: { type: "string", examples: ["not a secret"] } });
    expect(m.secretUris).toEqual([]);
    expect(m.warnings).toContain(
      "unit.entity-ref: looks like a Juju secret URI, but its content is unknown: declare it in x-juju.secretUris (or list it in x-juju.plainKeys); read as a plain string",
    );
    expect(m.warnings.join("\n")).not.toContain("unit.other");
  });

  it("are not taken from a name listed in x-juju.plainKeys", () => {
    const m = model({ "secret-user": str }, { plainKeys: ["secret-user"] });
    expect(m.secretUris).toEqual([]);
    expect(m.warnings.join("\n")).not.toContain("secret-user");
  });

  it("refuse a declaration of a key no bag has, at its JSON pointer", () => {
    expect(() => model({ a: str }, { secretUris: { "creds-uri": { content } } })).toThrow(/\/x-juju\/secretUris\/creds-uri.*secret URI key "creds-uri" is not a key of any bag/s);
  });
});

describe.skipIf(!corpusPresent)("in the registry's schemas", () => {
  const side = (rel: string) => buildModels([join(corpus, "charm-relation-interfaces", rel)], corpus)[0]!;

  it("mysql_client's password is a credential, kept secret", () => {
    const m = side("mysql_client/v0/provider.json");
    const password = [...(m.unit?.keys ?? []), ...(m.app?.keys ?? [])].find((k) => k.wire === "password");
    expect(password?.secret).toBe(true);
  });

  it("zookeeper's secret-user and secret-tls are secret URIs by their names, with their groups' content", () => {
    const m = side("zookeeper/v0/provider.json");
    expect(m.secretUris.map((u) => [u.bag, u.wire, u.source]).sort()).toEqual([["app", "secret-tls", "convention"], ["app", "secret-user", "convention"]]);
    expect(m.secretUris.find((u) => u.wire === "secret-tls")!.content.keys.map((k) => k.wire)).toEqual(["tls", "tls-ca"]);
  });

  it("postgresql_client's requested-entity-secret, of unknown content, is reported and read as a string", () => {
    const m = side("postgresql_client/v0/requirer.json");
    expect(m.secretUris).toEqual([]);
    expect(m.warnings.some((w) => w.startsWith("app.requested-entity-secret: looks like a Juju secret URI"))).toBe(true);
  });
});
