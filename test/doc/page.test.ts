/**
 * The page of an interface version holds what the model says: every key with
 * its columns, the flags' rules in words, the examples, and a handler example
 * that type-checks against the code generated from the same schemas.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandSchemaArgs } from "../../src/generator/discover.js";
import { docPages } from "../../src/doc/page.js";
import { repo, sideOf, tables, tsBlocks, typeCheckExamples } from "./support.js";

const mysqlFiles = expandSchemaArgs([join(repo, "schema", "mysql_client", "v0")]);
const widgetFiles = expandSchemaArgs([join(repo, "test", "doc", "fixtures", "widget", "v1")]);

function onePage(files: readonly string[]): string {
  const pages = docPages(files, repo);
  expect(pages).toHaveLength(1);
  return pages[0]!.markdown;
}

/** The row of a key in the first table that has it, by wire key. */
function row(markdown: string, wire: string): string[] {
  const found = tables(markdown).flatMap((t) => t).find((cells) => cells[0] === `\`${wire}\``);
  if (!found) throw new Error(`no row for ${wire}`);
  return found;
}

describe("the page of mysql_client v0", () => {
  const page = onePage(mysqlFiles);
  const provider = sideOf(page, "Provider");
  const requirer = sideOf(page, "Requirer");

  it("names the interface, its version and the schema files", () => {
    expect(page.startsWith("# mysql\\_client v0\n")).toBe(true);
    expect(page).toContain("- `schema/mysql_client/v0/provider.json` (provider)");
    expect(page).toContain("- `schema/mysql_client/v0/requirer.json` (requirer)");
    expect(provider).toContain("What a MySQL server publishes for each application");
  });

  it("has a row per key with wire key, TypeScript name, type, required, encoding, secret, description and example", () => {
    expect(tables(provider)[0]![0]).toEqual(["Wire key", "TypeScript", "Type", "Required", "Encoding", "Secret", "Description", "Example"]);
    expect(row(provider, "database")).toEqual(["`database`", "`database`", "string", "yes", "raw", "", "Name of the database created for the client; it may differ from the one asked for.", "`webapp`"]);
    expect(row(provider, "read-only-endpoints").slice(0, 5)).toEqual(["`read-only-endpoints`", "`readOnlyEndpoints`", "string", "no", "raw"]);
    expect(row(provider, "password")[5]).toBe("yes: never logged");
    expect(row(provider, "secret-user")[5]).toBe("URI of a Juju secret holding `username`, `password`");
    expect(row(requirer, "requested-secrets")).toEqual([
      "`requested-secrets`",
      "`requestedSecrets`",
      "array of string",
      "yes",
      "JSON",
      "",
      expect.stringContaining("A JSON list on the wire."),
      '`["username", "password"]`',
    ]);
    // Every key of the model has its row: 11 provider app keys, 2 secret content keys, 6 requirer app keys.
    expect(tables(provider).map((t) => t.length - 2)).toEqual([11, 2]);
    expect(tables(requirer).map((t) => t.length - 2)).toEqual([6]);
  });

  it("says each side's flags and their rules in words, from the model (declared and default)", () => {
    expect(requirer).toContain(
      "- `available`: the provider's app bag holds a valid `database`, `endpoints`; one of: (the provider's app bag holds a valid `username`, `password`) or (the provider's app bag holds a valid `secret-user`).",
    );
    expect(requirer).toContain("- `connected`: at least 1 joined remote unit.");
    expect(provider).toContain("This side declares no flags: these are the defaults.");
    expect(provider).toContain("- `available`: the requirer's app bag holds a valid `database`, `requested-secrets`.");
    expect(provider).toContain("- `connected`: a relation exists.");
  });

  it("says the generator gave no warnings", () => {
    expect(page).toContain("## Warnings\n\nThe generator gave no warnings.\n");
  });

  it("has handler examples that publish the schema's examples", () => {
    const providerCode = tsBlocks(provider);
    expect(providerCode).toHaveLength(2);
    expect(providerCode[0]).toContain('mysqlClient.publishApp({ database: "webapp", endpoints: "10.5.0.10:3306,10.5.0.11:3306" });');
    expect(providerCode[1]).toContain("const app = relation.app.received;");
    expect(tsBlocks(requirer)[0]).toContain('requestedSecrets: ["username", "password"]');
  });
});

describe("the page of a minimal interface of our own (widget v1)", () => {
  const page = onePage(widgetFiles);
  const provider = sideOf(page, "Provider");
  const requirer = sideOf(page, "Requirer");

  it("shows types from the schemas: JSON integers, enums through $ref, arrays", () => {
    expect(row(provider, "port")).toEqual(["`port`", "`port`", "integer", "no", "JSON", "", "Port, JSON-encoded.", "`8080`"]);
    expect(row(provider, "mode")).toEqual(["`mode`", "`mode`", "one of `fast`, `safe`", "yes", "JSON", "", "", '`"fast"`']);
    expect(row(provider, "tags").slice(2, 5)).toEqual(["array of string", "no", "JSON"]);
    expect(row(provider, "token")[5]).toBe("yes: never logged");
    expect(requirer).toContain("The schema leaves this bag unspecified");
  });

  it("puts every clause of a declared rule in words, in the order the flag computer checks them", () => {
    expect(requirer).toContain(
      "- `ready`: every joined remote unit's bag holds a valid `host`; the provider's app bag holds a valid `model`; flag `connected` holds on the same relation; not (some joined remote unit's bag does not hold `port` (missing or empty)).",
    );
    expect(provider).toContain("- `available`: the requirer's app bag holds a valid `want`.");
  });

  it("has handler examples that publish the schema's examples and read the other side", () => {
    const [providerCode, providerRead] = tsBlocks(provider);
    expect(providerCode).toContain('widget.publish({ host: "10.1.2.3" });');
    expect(providerCode).toContain('widget.publishApp({ model: "tiny", mode: "fast" });');
    expect(providerRead).toContain("relation.app.received");
    const [requirerCode, requirerRead] = tsBlocks(requirer);
    expect(requirerCode).toContain('widget.publishApp({ want: "tiny" });');
    expect(requirerRead).toContain("for (const unit of relation.units)");
    expect(requirerRead).toContain("if (!relation.flags.connected) continue;");
  });

  it("lists the generator's warnings for the version: here, the provider alone, without its other side", () => {
    const alone = onePage([join(repo, "test", "doc", "fixtures", "widget", "v1", "provider.json")]);
    expect(alone).toContain(
      "## Warnings\n\n- `test/doc/fixtures/widget/v1/provider.json`: no requirer.json beside it: what the requirer side publishes is read untyped (open bags)\n",
    );
    expect(alone).toContain("Computed in every hook from what the other side publishes (its schema is missing: open bags).");
    expect(alone).toContain("Reading: the other side's schema is not here");
  });

  it("is the same bytes every time", () => {
    expect(onePage(widgetFiles)).toBe(page);
  });
});

describe("handler examples", () => {
  it("of every side of schema/ and of widget type-check against the code generated from the same schemas; a wrong name would not", async () => {
    const files = [...expandSchemaArgs([join(repo, "schema")]), ...widgetFiles];
    const examples = docPages(files, repo).flatMap((p) => p.markdown.split("\n## ").slice(1).map((side) => tsBlocks(side).join("\n"))).filter((t) => t !== "");
    expect(examples).toHaveLength(5); // mysql_client provider and requirer, mysql-innodb-cluster peers, widget provider and requirer
    const wrong = examples.find((e) => e.includes("mysqlClientRequirer("))!.replace("mysqlClient.publishApp({ database:", "mysqlClient.publishApp({ databse:");
    const problems = await typeCheckExamples(files, repo, [...examples, wrong]);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/charm5\.ts:\d+: .*databse/);
  });
});
