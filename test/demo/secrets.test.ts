/**
 * The client's credentials through a Juju secret (issue #11), in the
 * in-process harness: the form follows JUJU_VERSION, the secret goes with its
 * relation, a new revision reaches the client as `secret-changed`, and a
 * secret that cannot be read or does not fit its schema keeps the client
 * waiting with an error that names the key and the relation, never the
 * content.
 */
import { describe, expect, it } from "vitest";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "./support.js";

async function deploy(jujuVersion?: string) {
  const h = new Harness({ seed: 3, ...(jujuVersion ? { jujuVersion } : {}) });
  h.addApplication("mysql", inProcess.mysql, 3);
  h.addApplication("webapp", inProcess.webapp, 2);
  const rel = h.relate("webapp:database", "mysql:database");
  await h.settle();
  return { h, rel };
}

const ENDPOINTS = "10.5.0.10:3306,10.5.0.11:3306,10.5.0.12:3306";

/** Runs `use` with the hook-tool backend of a hand-opened hook of `unit`, committing on success. */
async function inHook<T>(h: Harness, unit: string, use: (b: ReturnType<Harness["openHook"]>["backend"]) => Promise<T>): Promise<T> {
  const hook = h.openHook({ unit, hook: "update-status" });
  let ok = false;
  try {
    const out = await use(hook.backend);
    ok = true;
    return out;
  } finally {
    hook.finish(ok);
  }
}

describe("credentials by Juju version", () => {
  it("on Juju 3, come in the secret-user secret, owned by mysql, labelled per relation, granted to the relation", async () => {
    const { h, rel } = await deploy();
    const bag = h.appDatabag("mysql", rel);
    expect(Object.keys(bag).sort()).toEqual(["database", "endpoints", "secret-user"]);
    const [secret, ...others] = h.secrets();
    expect(others).toEqual([]);
    expect(secret).toMatchObject({ owner: "mysql", label: `database.${rel}.secret-user`, revision: 1, grants: [{ target: "webapp", relationId: rel }] });
    expect(bag["secret-user"]).toBe(secret!.uri);
    const content = h.secretContent(secret!.uri);
    expect(content).toEqual({ username: `relation-${rel}`, password: expect.stringMatching(/^[A-Za-z0-9]{16,}$/) as unknown as string });
    for (const unit of h.units("webapp")) expect(h.status(unit)).toEqual({ state: "active", message: `Connected to ${ENDPOINTS}` });
  });

  it("on Juju 2.9, which has no secrets for relations, come in plain keys, and the client takes them", async () => {
    const { h, rel } = await deploy("2.9.44");
    const bag = h.appDatabag("mysql", rel);
    expect(Object.keys(bag).sort()).toEqual(["database", "endpoints", "password", "username"]);
    expect(h.secrets()).toEqual([]);
    for (const unit of h.units("webapp")) expect(h.status(unit)).toEqual({ state: "active", message: `Connected to ${ENDPOINTS}` });
  });

  it("are revoked and removed with their relation, and a new relation gets a new secret", async () => {
    const { h, rel } = await deploy();
    const first = h.secrets()[0]!;
    h.removeRelation(rel);
    await h.settle();
    expect(h.secrets()).toEqual([]);
    expect(() => h.secretContent(first.uri)).toThrow(/no secret/);
    for (const unit of h.units("webapp")) expect(h.status(unit).state).toBe("blocked");

    const again = h.relate("webapp:database", "mysql:database");
    await h.settle();
    const [second, ...others] = h.secrets();
    expect(others).toEqual([]);
    expect(second!.uri).not.toBe(first.uri);
    expect(second).toMatchObject({ label: `database.${again}.secret-user`, grants: [{ target: "webapp", relationId: again }] });
    for (const unit of h.units("webapp")) expect(h.status(unit)).toEqual({ state: "active", message: `Connected to ${ENDPOINTS}` });
  });
});

describe("a new revision", () => {
  it("runs secret-changed on the client units, which set the endpoint's secret-changed flags and stay active", async () => {
    const { h } = await deploy();
    const secret = h.secrets()[0]!;
    await inHook(h, h.leader("mysql")!, (b) => b.secretSet(secret.uri, { username: "relation-1", password: "Rotated0Password1" }));
    await h.settle();
    for (const unit of h.units("webapp")) {
      const hooks = h.records.filter((r) => r.unit === unit && r.hook === "secret-changed");
      expect(hooks, unit).toHaveLength(1);
      expect(hooks[0]!.flags).toEqual(expect.arrayContaining(["endpoint.database.secret-changed", "endpoint.database.secret-changed.secret-user"]));
      expect(h.status(unit).state).toBe("active");
    }
    expect(h.secrets()[0]!.revision).toBe(2);
    // Like `.changed.<key>`, the flags stay set until a handler clears them.
    h.updateStatus();
    await h.settle();
    for (const unit of h.units("webapp")) expect(h.flags(unit)).toContain("endpoint.database.secret-changed.secret-user");
  });
});

describe("a secret the client cannot use", () => {
  /** Points mysql's answer at `uri` (keeping the rest), runs the hooks, and returns the client's view. */
  async function pointTo(h: Harness, rel: number, uri: string) {
    // Written behind mysql's back: the client units hear of it (relation-changed); mysql does not, so
    // its leader does not put its own secret back.
    h.writeDatabag("mysql", rel, { ...h.appDatabag("mysql", rel), "secret-user": uri });
    await h.settle();
    return h.units("webapp").map((u) => ({ status: h.status(u), flags: h.flags(u), logs: h.logs(u).map((l) => l.message).join("\n") }));
  }

  it.each([
    ["denied", "one of an application the client is not related to", "denied"],
    ["invalid", "content without a password", "invalid"],
    ["not-found", "a URI that does not resolve", "not-found"],
  ] as const)("(%s: %s) keeps it waiting, available unset, with an error naming the key and relation, never the content", async (_name, _what, reason) => {
    const { h, rel } = await deploy();
    h.addApplication("other", inProcess.webapp, 1);
    await h.settle();
    const SECRET_VALUE = "Hx7Kq2Wm9Pz4Lr8N";
    let uri: string;
    if (reason === "denied") uri = await inHook(h, "other/0", (b) => b.secretAdd({ username: "x", password: SECRET_VALUE }, { owner: "application" }));
    else if (reason === "invalid") {
      uri = await inHook(h, h.leader("mysql")!, async (b) => {
        const u = await b.secretAdd({ username: SECRET_VALUE }, { owner: "application" });
        await b.secretGrant(u, `database:${rel}`);
        return u;
      });
    } else uri = "secret:cs2k1fn2s3ku77f5ml6g";

    for (const unit of await pointTo(h, rel, uri)) {
      expect(unit.status).toEqual({ state: "waiting", message: `the database's credentials cannot be read: ${reason}` });
      expect(unit.flags).not.toContain("endpoint.database.available");
      expect(unit.logs).toContain(`database: the secret secret-user of relation database:${rel} `);
      expect(unit.logs).not.toContain(SECRET_VALUE);
    }
  });
});
