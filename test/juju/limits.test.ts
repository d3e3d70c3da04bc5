/**
 * An endpoint's `limit:` (metadata.yaml), enforced as Juju does when a
 * relation is added: in the model (both drivers) and in a bundle, before
 * anything is deployed. Peer endpoints are not limited.
 */
import { chmodSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BundleError, readBundle } from "../../src/juju/bundle.js";
import { CharmError, parseMetadata } from "../../src/juju/metadata.js";
import { ModelError } from "../../src/juju/model.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness, type HarnessCharm } from "../../src/testing/harness.js";
import type { HookResult } from "../../src/runtime/hook.js";
import { tempDir } from "../support/temp.js";

const ok: HookResult = { ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 };
const charm = (metadata: string): HarnessCharm => ({ metadata, run: async () => ok });
const WEBAPP = readFileSync(new URL("../../examples/webapp/metadata.yaml", import.meta.url), "utf8");
const MYSQL = readFileSync(new URL("../../examples/mysql-innodb-cluster/metadata.yaml", import.meta.url), "utf8");
const LIMIT_1 = "establishing a new relation for webapp:database would exceed its maximum relation limit of 1";

function demo(): Harness {
  const h = new Harness({ seed: 1 });
  h.addApplication("mysql", charm(MYSQL), 1);
  h.addApplication("mysql2", charm(MYSQL), 1);
  h.addApplication("webapp", charm(WEBAPP), 1);
  return h;
}

describe("limit: in the model", () => {
  it("the demo webapp (database, limit: 1) relates to one mysql, not to a second", async () => {
    const h = demo();
    h.relate("webapp:database", "mysql:database");
    expect(() => h.relate("webapp:database", "mysql2:database")).toThrow(ModelError);
    expect(() => h.relate("webapp", "mysql2")).toThrow(`cannot relate webapp and mysql2: ${LIMIT_1} (it is related to mysql:database)`);
    expect(h.relations().filter((r) => !r.peer).map((r) => r.key)).toEqual(["webapp:database mysql:database"]);
    await h.settle();
  });

  it("a relation being removed counts until it is gone", async () => {
    const h = demo();
    h.relate("webapp", "mysql");
    await h.settle();
    h.removeRelation("webapp", "mysql");
    expect(() => h.relate("webapp", "mysql2")).toThrow(`${LIMIT_1} (it is related to mysql:database (being removed))`);
    await h.settle();
    h.relate("webapp", "mysql2");
    await h.settle();
    expect(h.relations().filter((r) => !r.peer).map((r) => r.key)).toEqual(["webapp:database mysql2:database"]);
  });

  it("applies to providers too, and to any limit", () => {
    const h = new Harness();
    h.addApplication("db", charm("name: db\nprovides:\n  data:\n    interface: d\n    limit: 2\n"));
    for (const app of ["a", "b", "c"]) h.addApplication(app, charm(`name: ${app}\nrequires:\n  data:\n    interface: d\n`));
    h.relate("a", "db");
    h.relate("b", "db");
    expect(() => h.relate("c", "db")).toThrow(
      "cannot relate c and db: establishing a new relation for db:data would exceed its maximum relation limit of 2 (it is related to a:data, b:data)",
    );
  });

  it("does not limit a peer endpoint: its one relation comes with the application, whatever the units", async () => {
    const h = new Harness();
    h.addApplication("p", charm("name: p\npeers:\n  ring:\n    interface: r\n    limit: 1\n"), 3);
    await h.settle();
    expect(h.relations()).toMatchObject([{ key: "p:ring", units: ["p/0", "p/1", "p/2"] }]);
  });

  it("is refused in metadata when it is not a whole number of 0 or more (0 and none: no limit)", () => {
    const meta = (limit: string): string => `name: x\nrequires:\n  db:\n    interface: d\n    limit: ${limit}\n`;
    expect(() => parseMetadata(meta("-3"))).toThrow(new CharmError('metadata.yaml:5: endpoint "db": "limit" must be a whole number of relations (0 or none: no limit), not -3'));
    expect(() => parseMetadata(meta("1.5"))).toThrow(/metadata\.yaml:5: .*not 1\.5/);
    expect(() => parseMetadata(meta("one"))).toThrow(/not "one"/);
    expect(() => parseMetadata(meta("1e400"))).toThrow(CharmError);
    expect(parseMetadata(meta("0")).endpoints[0]).not.toHaveProperty("limit");
    expect(parseMetadata(meta("")).endpoints[0]).not.toHaveProperty("limit");
    expect(parseMetadata(meta("3")).endpoints[0]).toMatchObject({ limit: 3 });
  });
});

/** A charm directory with this metadata and a dispatch that does nothing. */
function charmDir(root: string, name: string, metadata: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "metadata.yaml"), metadata);
  writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(dir, "dispatch"), 0o755);
  return dir;
}

describe("limit: in a bundle and in the simulator", () => {
  it("a bundle that relates past a limit is refused at the line of the relation too many", () => {
    const root = tempDir("relgen-limit-");
    charmDir(root, "mysql", MYSQL);
    charmDir(root, "webapp", WEBAPP);
    const file = join(root, "bundle.yaml");
    writeFileSync(
      file,
      "applications:\n  mysql:\n    charm: ./mysql\n  mysql2:\n    charm: ./mysql\n  webapp:\n    charm: ./webapp\n" +
        "relations:\n  - [webapp:database, mysql:database]\n  - [webapp, mysql2]\n",
    );
    expect(() => readBundle(file)).toThrow(BundleError);
    expect(() => readBundle(file)).toThrow(`${file}:10: cannot relate webapp and mysql2: ${LIMIT_1} (it is related to mysql:database on line 9)`);
  });

  it("the simulator refuses the relation too many, as the harness does", async () => {
    const root = tempDir("relgen-limit-");
    const sim = await Simulator.create({ seed: 1 });
    try {
      sim.addApplication("mysql", charmDir(root, "mysql", MYSQL), 0);
      sim.addApplication("mysql2", join(root, "mysql"), 0);
      sim.addApplication("webapp", charmDir(root, "webapp", WEBAPP), 0);
      sim.relate("webapp", "mysql");
      expect(() => sim.relate("webapp", "mysql2")).toThrow(`cannot relate webapp and mysql2: ${LIMIT_1} (it is related to mysql:database)`);
    } finally {
      await sim.close();
    }
  });
});
