/** Schema fixtures: every valid databag validates; every invalid one fails on exactly the expected keys. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateMysqlInnodbClusterPeersUnit as validateUnit } from "../../generated/mysql-innodb-cluster/index.js";

const root = join(import.meta.dirname, "..", "fixtures", "mysql-innodb-cluster");
interface Fixture {
  description: string;
  bag: Record<string, string>;
  expectedKeys?: string[];
}
const load = (kind: string) =>
  readdirSync(join(root, kind))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(root, kind, f), "utf8")) as Fixture] as const);

describe("valid databags", () => {
  const fixtures = load("valid");
  it("exist", () => expect(fixtures.length).toBeGreaterThanOrEqual(5));
  it.each(fixtures)("%s validates", (_name, fixture) => {
    expect(validateUnit(fixture.bag)).toEqual([]);
  });
});

describe("invalid databags", () => {
  const fixtures = load("invalid");
  it("exist", () => expect(fixtures.length).toBeGreaterThanOrEqual(5));
  it.each(fixtures)("%s fails on the expected keys", (_name, fixture) => {
    const keys = [...new Set(validateUnit(fixture.bag).map((i) => i.key))].sort();
    expect(keys).toEqual([...(fixture.expectedKeys ?? [])].sort());
  });
});
