/**
 * The demo client (examples/webapp) against the demo cluster: it waits while
 * the cluster is not clustered, and it is active exactly when the cluster's
 * answer is valid, judged by the schema itself compiled with a fresh ajv (an
 * independent reference, not the generated validators), whatever the answer
 * holds.
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
const validAnswer = new Ajv2020({ strict: false }).compile({ $defs: schema.$defs, $ref: "#/$defs/ProviderApp" });

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

  it("is active exactly when the answer is valid for the schema, whatever the answer holds", async () => {
    const { h, rel } = await deploy(3);
    const value = fc.oneof(
      fc.constant(""), // absent
      fc.constantFrom("webapp", "relation-7", "Zq8kL2mN4pR6sT9v", "10.5.0.10:3306", "10.5.0.10:3306,10.5.0.11:3306", "db:33o6", ",", "a:1,", "null", "[]"),
      fc.string({ maxLength: 12 }),
    );
    // Each key is mostly what a correct server sends, sometimes anything.
    const good = { database: "webapp", username: "relation-1", password: "Zq8kL2mN4pR6sT9v", endpoints: "10.5.0.10:3306", version: "8.0.36" };
    const key = (k: keyof typeof good) => fc.oneof({ weight: 4, arbitrary: fc.constant(good[k]) }, { weight: 1, arbitrary: value });
    const answer = fc.record({ database: key("database"), username: key("username"), password: key("password"), endpoints: key("endpoints"), version: key("version") });
    const seen = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(answer, async (values) => {
        h.writeDatabag("mysql", rel, values);
        await h.settle();
        const bag = h.appDatabag("mysql", rel);
        const valid = validAnswer(bag);
        seen[valid ? "valid" : "invalid"]++;
        for (const unit of h.units("webapp")) {
          const status = h.status(unit);
          if (valid) expect(status).toEqual({ state: "active", message: `Connected to ${bag["endpoints"]}` });
          else {
            expect(status.state, JSON.stringify(bag)).toBe("waiting");
            if (Object.keys(bag).length > 0) expect(status.message).toMatch(/^the database's answer is not valid: [a-z-]+ /);
          }
        }
      }),
      { numRuns: 60, seed: 9 },
    );
    expect(seen.valid).toBeGreaterThan(3);
    expect(seen.invalid).toBeGreaterThan(3);
    // No secret reached a status or a log line.
    for (const unit of h.units("webapp")) expect(JSON.stringify(h.logs(unit))).not.toContain("Zq8kL2mN4pR6sT9v");
  });
});
