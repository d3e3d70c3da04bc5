/** `relgen sim --bundle`: a bundle checked as a whole, deployed, related, and the multi-application steps. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BundleError, readBundle } from "../../src/juju/bundle.js";
import { simCommand } from "../../src/sim/index.js";
import { FIXTURES, RECORDER } from "./helpers.js";

const BUNDLE = join(FIXTURES, "bundle.yaml");
const PROVIDER = join(FIXTURES, "provider");
const REQUIRER = join(FIXTURES, "requirer");

async function sim(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** Writes `text` as bundle.yaml in a fresh temp dir; returns its path. */
function bundle(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-bundle-"));
  dirs.push(dir);
  const file = join(dir, "bundle.yaml");
  writeFileSync(file, text);
  return file;
}

/** The text of step `n` (1-based) of a run: its header and hook rows. */
function step(out: string, n: number): string {
  return out.split("\n== step ").find((s) => s.startsWith(`${n}/`)) ?? "";
}

/** A provider `db` and a requirer `web`, with the given units and extra text. */
const pair = (dbUnits: number, webUnits: number, extra = ""): string =>
  `applications:\n  db:\n    charm: ${PROVIDER}\n    num_units: ${dbUnits}\n  web:\n    charm: ${REQUIRER}\n    num_units: ${webUnits}\n${extra}`;

describe("readBundle", () => {
  it("resolves charm paths against the bundle's directory and names both endpoints of each relation", () => {
    const b = readBundle(BUNDLE);
    expect(b.applications.map((a) => [a.name, a.charm.dir, a.units, a.options])).toEqual([
      ["db", resolve(PROVIDER), 1, { "db-name": "shop" }],
      ["web", resolve(REQUIRER), 1, {}],
    ]);
    expect(b.relations).toEqual([{ endpoints: ["web:database", "db:database"], interface: "demo-db", line: 16 }]);
    expect(b.warnings).toEqual([]);
  });
  it("throws one BundleError naming the file and line", () => {
    const file = bundle(pair(1, 1, "relations:\n  - [web, db]\n  - [web, ghost]\n"));
    expect(() => readBundle(file)).toThrow(BundleError);
    expect(() => readBundle(file)).toThrow(`${file}:10: cannot relate web and ghost: no application "ghost" in the bundle (its applications: db, web)`);
  });
});

describe("relgen sim --bundle", () => {
  it("deploys a two-application bundle, relates it and settles", async () => {
    const r = await sim(["--bundle", BUNDLE, "--seed", "4", "--expect-flags", "started"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^simulating db \(1 unit\), web \(1 unit\) from .*bundle\.yaml \(seed 4, (c|node) hook-tool client\)\n/);
    const deploy = step(r.out, 1);
    expect(deploy).toMatch(/^1\/1: deploy .*bundle\.yaml\n +# +unit +hook +relation +remote +exit +ms +calls +status +flags after\n/);
    expect(deploy).toMatch(/\n +\d+ +db\/0 +install +0 +\d+ +\d+ +unknown +-\n/);
    expect(deploy).toMatch(/\n +\d+ +web\/0 +database-relation-joined +database:0 +db\/0 +0 +\d+ +0 +/);
    expect(deploy).toMatch(/\n +\d+ +db\/0 +database-relation-joined +database:0 +web\/0 +0 +/);
    // The provider's application bag reaches the requirer in a relation-changed with no remote unit.
    expect(deploy).toMatch(/\n +\d+ +web\/0 +database-relation-changed +database:0 +app db +0 +\d+ +2 +active: using shop +started,database\.ready\n/);
    expect(r.out).toContain("\nunits:\n  db/0 (leader)  active: serving shop  flags: started\n  web/0 (leader)  active: using shop  flags: started,database.ready\n");
    expect(r.out).toMatch(/\nrelations:\n +id +endpoints +interface +in scope\n +0 +web:database db:database +demo-db +2 units\nsummary: \d+ hooks run \(0 failed\), \d+ hook-tool calls, .* seed 4, /);
  });

  it("reads services:, defaults num_units to 1, relates without endpoint names, and warns about unknown keys", async () => {
    const file = bundle(`series: jammy\nservices:\n  db:\n    charm: ${PROVIDER}\n    expose: true\n    colour: blue\n  web:\n    charm: ${REQUIRER}\nrelations:\n  - [web, db]\n`);
    const r = await sim(["--bundle", file, "--seed", "1", "--quiet", "--expect-flags", "started"]);
    expect(r.err).toBe(`relgen sim: warning: ${file}:6: application db: unknown key "colour" ignored (the simulator reads charm, num_units and options)\n`);
    expect(r.code).toBe(0);
    expect(r.out).toContain("units:\n  db/0 (leader)  active: serving demo  flags: started\n  web/0 (leader)  active: using demo  flags: started,database.ready\n");
  });

  it("checks --expect-flags on every unit of every application", async () => {
    const r = await sim(["--bundle", BUNDLE, "--seed", "2", "--quiet", "--expect-flags", "database.ready"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`relgen sim: after step 1 (deploy ${BUNDLE}) units lack expected flags: db/0 (missing database.ready)\n`);
  });

  describe("refuses an invalid bundle with one error at its line, deploying nothing", () => {
    const cases: Array<[string, string, number, string]> = [
      ["malformed YAML", "applications:\n  db: [1\n", 3, ":1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"],
      ["no applications", "name: shop\nrelations: []\n", 0, ': the bundle has no "applications:" section (a map of application name to its charm, num_units and options)'],
      ["an unknown application in relations", pair(1, 1, "relations:\n  - [web, db]\n  - [web, mysql]\n"), 10, ': cannot relate web and mysql: no application "mysql" in the bundle (its applications: db, web)'],
      ["an unknown endpoint", pair(1, 1, "relations:\n  - [web:db, db]\n"), 9, ': cannot relate web:db and db: application web has no endpoint "db" (its endpoints: database)'],
      [
        "two providers",
        `applications:\n  db:\n    charm: ${PROVIDER}\n  db2:\n    charm: ${PROVIDER}\nrelations:\n  - ["db:database", "db2:database"]\n`,
        7,
        ": cannot relate db:database (provides demo-db) and db2:database (provides demo-db): both endpoints provide; one must provide and the other require",
      ],
      [
        "a peer endpoint",
        `applications:\n  mysql:\n    charm: ${RECORDER}\n  web:\n    charm: ${REQUIRER}\nrelations:\n  - ["web:database", "mysql:cluster"]\n`,
        7,
        ": cannot relate web:database (requires demo-db) and mysql:cluster (peers mysql-innodb-cluster): a peer endpoint cannot be related to another application",
      ],
      ["the same relation twice", pair(1, 1, "relations:\n  - [web, db]\n  - [db:database, web:database]\n"), 10, ": db:database and web:database are already related on line 9; remove one of the two"],
      ["a missing charm directory", "applications:\n  db:\n    charm: ./charms/db\n", 3, ": application db: charm directory ./charms/db (@DIR@/charms/db) does not exist; charm paths are relative to the bundle file's directory"],
      ["a Charmhub charm", "applications:\n  db:\n    charm: mysql\n", 3, ": application db: charm directory mysql (@DIR@/mysql) does not exist; the simulator deploys local charm directories only, not charms from Charmhub: give a path such as ./charms/mysql, relative to the bundle file"],
      ["a directory that is no charm", `applications:\n  db:\n    charm: ${FIXTURES}\n`, 3, `: application db: charm directory ${FIXTURES} has no metadata.yaml (nor a charmcraft.yaml holding the charm's metadata)`],
      ["an unknown option", `applications:\n  db:\n    charm: ${PROVIDER}\n    options:\n      colour: red\n`, 5, ': application db: charm provider has no option "colour" (its options: db-name)'],
      ["a bad num_units", `applications:\n  db:\n    charm: ${PROVIDER}\n    num_units: two\n`, 4, ': application db: "num_units" must be a whole number of units (0 or more), not "two"'],
      ["an invalid application name", `applications:\n  My_DB:\n    charm: ${PROVIDER}\n`, 2, ': invalid application name "My_DB" (lower-case letters, digits and single hyphens, starting with a letter)'],
    ];
    it.each(cases)("%s", async (_name, text, line, message) => {
      const file = bundle(text);
      const r = await sim(["--bundle", file, "--seed", "1"]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`relgen sim: ${file}${line ? `:${line}` : ""}${message.replace("@DIR@", resolve(file, ".."))}\n`);
      expect(r.out).toBe("");
    });
  });

  it("reports usage errors with exit 2", async () => {
    expect(await sim(["--bundle", BUNDLE, "--charm", RECORDER])).toMatchObject({ code: 2, out: "", err: "relgen sim: --charm and --bundle cannot be used together: the bundle names its charms\n" });
    expect(await sim(["--bundle", BUNDLE, "--units", "2"])).toMatchObject({ code: 2, err: "relgen sim: --units only applies to --charm: a bundle gives each application's num_units\n" });
    expect(await sim(["--bundle", BUNDLE, "--then", "relate:web"])).toMatchObject({
      code: 2,
      out: "",
      err: 'relgen sim: bad step "relate:web": relate needs two endpoints separated by a comma, e.g. relate:webapp:database,mysql:database (or relate:webapp,mysql)\n',
    });
    expect(await sim(["--bundle", BUNDLE, "--then", "add-unit:web=0"])).toMatchObject({ code: 2, err: expect.stringContaining('bad step "add-unit:web=0"') });
    expect(await sim(["--bundle", BUNDLE, "--then", "remove-unit:web"])).toMatchObject({ code: 2, err: expect.stringContaining('bad step "remove-unit:web"') });
    const help = await sim(["--help"]);
    for (const text of ["relgen sim --bundle FILE", "add-unit:APP[=N]", "remove-relation:A:EP,B:EP", "config:APP:KEY=VALUE", "num_units: 2", '"services:"']) expect(help.out).toContain(text);
  });

  it("applies add-unit, config, remove-relation, relate and remove-unit, each until the model is quiet", async () => {
    const r = await sim([
      "--bundle", BUNDLE, "--seed", "3", "--expect-flags", "started",
      "--then", "add-unit:web", "--then", "config:db:db-name=crm", "--then", "remove-relation:web,db",
      "--then", "relate:web:database,db:database", "--then", "remove-unit:web/0",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(step(r.out, 2)).toMatch(/^2\/6: add-unit:web\n[^\n]*\n +\d+ +web\/1 +install /);
    expect(step(r.out, 2)).toMatch(/ db\/0 +database-relation-joined +database:0 +web\/1 /);
    expect(step(r.out, 3)).toMatch(/^3\/6: config:db:db-name\n/);
    expect(step(r.out, 3)).toMatch(/ db\/0 +config-changed +0 .* active: serving crm /);
    expect(step(r.out, 3)).toMatch(/ web\/1 +database-relation-changed +database:0 +app db +0 .* active: using crm /);
    expect(step(r.out, 4)).toMatch(/ web\/0 +database-relation-broken +database:0 +app db +0 .* blocked: needs a database r… /);
    expect(step(r.out, 4)).toMatch(/ db\/0 +database-relation-broken +database:0 +app web +0 /);
    expect(step(r.out, 5)).toMatch(/ db\/0 +database-relation-created +database:1 +app web +0 /);
    expect(step(r.out, 5)).toMatch(/ web\/1 +database-relation-joined +database:1 +db\/0 +0 /);
    expect(step(r.out, 6)).toMatch(/ db\/0 +database-relation-departed +database:1 +web\/0 +0 /);
    expect(step(r.out, 6)).toMatch(/ web\/0 +remove +0 /);
    expect(r.out).toContain("\nunits:\n  db/0 (leader)  active: serving crm  flags: started\n  web/1 (leader)  active: using crm  flags: started,database.ready\n");
    expect(r.out).toMatch(/\nrelations:\n[^\n]*\n +1 +web:database db:database +demo-db +2 units\nsummary: /);
  });

  it("applies remove-application: its units depart, break, stop and go, and so do its relations", async () => {
    const r = await sim(["--bundle", BUNDLE, "--seed", "6", "--then", "remove-application:db"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const removal = step(r.out, 2);
    expect(removal).toMatch(/ web\/0 +database-relation-broken +database:0 +app db +0 /);
    expect(removal).toMatch(/ db\/0 +stop +0 /);
    expect(removal).toMatch(/ db\/0 +remove +0 /);
    expect(r.out).toContain("\nunits:\n  web/0 (leader)  blocked: needs a database relation  flags: started\n\nrelations: none\n");
  });

  describe("refuses a step the model cannot apply, quoting it and leaving the model as it was", () => {
    // No units: the deploy runs no hook, so every case is quick.
    const cases: Array<[string, string]> = [
      ["relate:db,db2", "cannot relate db:database (provides demo-db) and db2:database (provides demo-db): both endpoints provide; one must provide and the other require"],
      ["relate:web:db,db", 'cannot relate web:db and db: application web has no endpoint "db" (its endpoints: database)'],
      ["relate:web,db", "web:database and db:database are already related (relation 0)"],
      ["add-unit:mysql=2", 'no application "mysql" in the model (its applications: db, web, db2)'],
      ["add:1", "add:N applies to the model's only application, and this model has several (db, web, db2): name the application, e.g. add-unit:APP=1"],
      ["remove-unit:web/3", "no live unit web/3"],
      ["remove-relation:web,db2", "no relation between web and db2 to remove (the model's relations: web:database db:database)"],
      ["remove-application:cache", 'no application "cache" in the model (its applications: db, web, db2)'],
      ["config:db:colour=red", 'application db has no option "colour" (its options: db-name)'],
    ];
    it.each(cases)("%s", async (text, problem) => {
      const file = bundle(pair(0, 0, `  db2:\n    charm: ${PROVIDER}\n    num_units: 0\nrelations:\n  - [web, db]\n`));
      const r = await sim(["--bundle", file, "--seed", "1", "--then", text, "--then", "add-unit:db"]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`relgen sim: step ${text}: ${problem}\n`);
      expect(r.out).not.toContain("== step 2/");
      expect(r.out).toContain("\nunits:\n  db: no units\n  web: no units\n  db2: no units\n");
      expect(r.out).toMatch(/\nrelations:\n[^\n]*\n +0 +web:database db:database +demo-db +0 units\nsummary: 0 hooks run/);
    });
  });
});
