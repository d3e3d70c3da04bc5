/**
 * The demo client (examples/webapp) against the demo cluster: it waits while
 * the cluster is not clustered, and it is active exactly when the cluster's
 * answer is valid, judged key by key by the schema itself compiled with a
 * fresh ajv (an independent reference, not the generated validators) under the
 * requirer's documented `available` rule, whatever the answer holds.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "./support.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/mysql_client/v0/provider.json", import.meta.url), "utf8")) as {
  $defs: Record<string, unknown>;
};
const ajv = new Ajv2020({ strict: false });
/** One key of the answer, judged by its own property schema: present and valid. */
const validKey = (bag: Record<string, string>, key: string) =>
  bag[key] !== undefined && ajv.validate({ $defs: schema.$defs, $ref: `#/$defs/ProviderApp/properties/${key}` }, bag[key]);

async function deploy(mysqlUnits: number) {
  const h = new Harness({ seed: 5 });
  h.addApplication("mysql", inProcess.mysql, mysqlUnits);
  h.addApplication("webapp", inProcess.webapp, 2);
  const rel = h.relate("webapp:database", "mysql:database");
  await h.settle();
  return { h, rel };
}

describe("the client", () => {
  it("waits while the cluster is not clustered, and connects once it is", async () => {
    const { h, rel } = await deploy(2);
    expect(h.appDatabag("mysql", rel)).toEqual({});
    for (const unit of h.units("webapp")) expect(h.status(unit)).toEqual({ state: "waiting", message: "waiting for mysql to create the database" });
    for (const r of h.records) if (r.app === "webapp") expect(r.status.state, `${r.unit} ${r.hook}`).not.toBe("active");

    h.addUnits("mysql", 1);
    await h.settle();
    const endpoints = "10.5.0.10:3306,10.5.0.11:3306,10.5.0.12:3306";
    for (const unit of h.units("webapp")) expect(h.status(unit)).toEqual({ state: "active", message: `Connected to ${endpoints}` });
  });

  it("is blocked, saying what to do, while it has no relation", async () => {
    const h = new Harness({ seed: 5 });
    h.addApplication("webapp", inProcess.webapp, 1);
    await h.settle();
    expect(h.status("webapp/0")).toEqual({ state: "blocked", message: "needs a database: juju integrate webapp:database <mysql>:database" });
  });

  it("is active exactly when the answer fits the requirer's rule and its credentials can be read, whatever the answer holds", async () => {
    const { h, rel } = await deploy(3);
    const secretUri = h.appDatabag("mysql", rel)["secret-user"]!;
    expect(secretUri).toMatch(/^secret:\/\//);
    const value = fc.oneof(
      fc.constant(""), // absent
      fc.constantFrom("webapp", "relation-7", "Zq8kL2mN4pR6sT9v", "10.5.0.10:3306", "10.5.0.10:3306,10.5.0.11:3306", "db:33o6", ",", "a:1,", "null", "[]"),
      fc.string({ maxLength: 12 }),
    );
    // Each key is mostly what a correct server sends, sometimes anything; the credentials come plain, in the
    // real secret, or in a secret that does not exist.
    const good = { database: "webapp", username: "relation-1", password: "Zq8kL2mN4pR6sT9v", endpoints: "10.5.0.10:3306", version: "8.0.36" };
    const key = (k: keyof typeof good) => fc.oneof({ weight: 4, arbitrary: fc.constant(good[k]) }, { weight: 1, arbitrary: value });
    const secret = fc.constantFrom(secretUri, "", "", "secret:cs2k1fn2s3ku77f5ml6g", "not-a-uri");
    const answer = fc.record({
      database: key("database"), username: key("username"), password: key("password"), endpoints: key("endpoints"), version: key("version"), "secret-user": secret,
    });
    const seen = { valid: 0, invalid: 0, unreadable: 0 };
    await fc.assert(
      fc.asyncProperty(answer, async (values) => {
        h.writeDatabag("mysql", rel, values);
        await h.settle();
        const bag = h.appDatabag("mysql", rel);
        // The reference: the requirer's documented rule (database and endpoints valid, and credentials as
        // valid plain keys or in the one secret that exists), each key judged by its own schema.
        const k = (key: string) => validKey(bag, key);
        const valid = k("database") && k("endpoints") && ((k("username") && k("password")) || bag["secret-user"] === secretUri);
        // A valid URI of a secret that does not resolve: the client says it cannot read the credentials.
        const unreadable = k("secret-user") && bag["secret-user"] !== secretUri;
        seen[unreadable ? "unreadable" : valid ? "valid" : "invalid"]++;
        for (const unit of h.units("webapp")) {
          const status = h.status(unit);
          if (unreadable) expect(status, JSON.stringify(Object.keys(bag))).toEqual({ state: "waiting", message: "the database's credentials cannot be read: not-found" });
          else if (valid) expect(status, JSON.stringify(Object.keys(bag))).toEqual({ state: "active", message: `Connected to ${bag["endpoints"]}` });
          else {
            expect(status.state, JSON.stringify(Object.keys(bag))).toBe("waiting");
            expect(status.message).toMatch(/^(the database's answer is not valid: [a-z-]+ |waiting for mysql to create the database$)/);
            expect(status.message).not.toContain(good.password);
          }
        }
      }),
      { numRuns: 80, seed: 9 },
    );
    expect(seen.valid).toBeGreaterThan(3);
    expect(seen.invalid).toBeGreaterThan(3);
    expect(seen.unreadable).toBeGreaterThan(0);
    // No secret reached a status or a log line.
    for (const unit of h.units("webapp")) expect(JSON.stringify(h.logs(unit))).not.toContain("Zq8kL2mN4pR6sT9v");
  });
});
