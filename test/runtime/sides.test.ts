/**
 * What a provider or requirer endpoint guarantees at hook time: writes are
 * checked and never drop a key; app-bag writes need leadership and say so
 * before any tool runs; leadership is asked once; a non-leader never reads
 * its own application's bag; invalid data from the other side never makes
 * `available` true, never stops the charm, and is logged once per change
 * without its value; a charm runs one hook at a time.
 */
import { describe, expect, it } from "vitest";
import { mysqlClientProvider, mysqlClientRequirer } from "../../generated/mysql_client/index.js";
import { defineCharm, MemoryStateStore, NotLeaderError, PublishError, ReentryError, type Hook } from "../../src/runtime/index.js";
import { Harness } from "../../src/testing/harness.js";
import * as provider from "../fixtures/charms/db/provider.js";

const REQUIRER = "name: app\nrequires:\n  database:\n    interface: mysql_client\n";
const PASSWORD = "Zq8kL2mN4pR6sT9vW3xY5zA7";

/** A requirer charm whose leader asks for database "app", with one more handler the test provides. */
function requirerCharm(handler: (hook: Hook, ep: ReturnType<typeof mysqlClientRequirer<"database">>) => void | Promise<void>) {
  const ep = mysqlClientRequirer("database");
  const charm = defineCharm({ endpoints: [ep] });
  charm.when(ep.flags.connected).do(async (hook) => {
    if (await hook.isLeader()) ep.publishApp({ database: "app", requestedSecrets: [] });
  }, "ask");
  charm.when().do((hook) => handler(hook, ep), "probe");
  return { ep, charm, harness: { metadata: REQUIRER, run: charm.run.bind(charm) } };
}

/** db (the provider fixture, 1 unit) and app (the requirer, 2 units), related and settled. */
async function world(handler: Parameters<typeof requirerCharm>[0], env?: Record<string, string>) {
  const h = new Harness(env ? { env } : {});
  const app = requirerCharm(handler);
  h.addApplication("db", { metadata: provider.METADATA, run: provider.charm.run.bind(provider.charm) }, 1);
  h.addApplication("app", app.harness, 2);
  const rel = h.relate("app:database", "db:database");
  await h.settle();
  return { h, rel, ...app };
}

describe("writes", () => {
  it("refuse an unknown key or a value the schema does not allow, naming the key, and reach nothing", async () => {
    const errors: string[] = [];
    const { h } = await world((hook, ep) => {
      if (hook.info.unit !== "app/0" || hook.info.hookName !== "update-status") return;
      for (const bad of [{ databse: "x" }, { database: "" }, { database: "app", requestedSecrets: "username" }]) {
        try {
          ep.publishApp(bad as never);
        } catch (e) {
          expect(e).toBeInstanceOf(PublishError);
          errors.push((e as Error).message);
        }
      }
    });
    const r = await h.deliver({ unit: "app/0", hook: "update-status" });
    expect(r.ok).toBe(true);
    expect(errors).toEqual([
      'database.publishApp: "databse" is not a key of this bag (the bag\'s keys: database, requestedSecrets, extraUserRoles, extraGroupRoles, entityType, entityPermissions)',
      'database.publishApp: "database" must NOT have fewer than 1 characters',
      'database.publishApp: "requested-secrets" must be array',
    ]);
    expect(r.trace.filter((c) => c.tool === "relation-set")).toEqual([]);
  });

  it("on the application bag, by a non-leader, throw NotLeaderError before any tool runs", async () => {
    let caught: unknown;
    const { h, rel } = await world((hook, ep) => {
      if (hook.info.unit !== "app/1" || hook.info.hookName !== "update-status") return;
      try {
        ep.relations[0]!.publishApp({ database: "app", requestedSecrets: [] });
      } catch (e) {
        caught = e;
      }
    });
    const r = await h.deliver({ unit: "app/1", hook: "update-status" });
    expect(caught).toBeInstanceOf(NotLeaderError);
    expect((caught as NotLeaderError).message).toBe(
      `database.publishApp on database:${rel}: only the leader may write the application bag, and this unit is not the leader (guard the handler with isLeader())`,
    );
    expect(r.trace.map((c) => c.tool)).not.toContain("relation-set");
  });

  it("cost one relation-set per relation with changed bytes only; is-leader is asked once; a non-leader never reads its own app bag", async () => {
    // The test edits the leader's own bag behind its back (no hook of Juju's would): only a unit that reads every bag sees it.
    const { h, rel } = await world(async (hook, ep) => {
      if (await hook.isLeader()) ep.publishApp({ database: "app", requestedSecrets: [] });
      await hook.isLeader();
    }, { RELGEN_READ: "all" });
    const leader = await h.deliver({ unit: "app/0", hook: "update-status" });
    expect(leader.trace.filter((c) => c.tool === "relation-set")).toEqual([]); // published already: no byte changed
    expect(leader.trace.filter((c) => c.tool === "is-leader")).toHaveLength(1);
    h.writeDatabag("app", rel, { "requested-secrets": "" });
    const again = await h.deliver({ unit: "app/0", hook: "update-status" });
    expect(again.trace.filter((c) => c.tool === "relation-set").map((c) => c.argv)).toEqual([["-r", `database:${rel}`, "--app", "--file", "-"]]);
    const follower = await h.deliver({ unit: "app/1", hook: "update-status" });
    const ownApp = follower.trace.filter((c) => c.tool === "relation-get" && c.argv.includes("--app") && c.argv.at(-1) === "app");
    expect(ownApp).toEqual([]);
    expect(follower.trace.filter((c) => c.tool === "relation-get" && c.argv.at(-1) === "db")).toHaveLength(1);
  });

  it("read only the bags the schemas fill: no unit bag of either side (mysql_client leaves them empty), each app bag once", async () => {
    for (const env of [{ RELGEN_READ: "all" }, undefined]) {
      let seen: Readonly<Record<string, string>> = {};
      const { h, rel } = await world(async (hook, ep) => {
        const relation = ep.relations[0];
        // The escape hatch for what the schemas leave out: Juju's own keys in a unit bag.
        if (relation && relation.units[0]) seen = await hook.relationGet(relation.id, relation.units[0].name);
      }, env);
      h.addUnits("db", 2);
      await h.settle();
      for (const unit of ["app/0", "app/1"]) {
        const r = await h.deliver({ unit, hook: "update-status" });
        const gets = r.trace.filter((c) => c.tool === "relation-get").map((c) => c.argv.join(" "));
        const own = unit === "app/0" ? [`--format=json -r database:${rel} --app - app`] : [];
        // Reading everything: the db app bag, this application's bag for the leader, and the one unit bag the
        // handler asked for. With the read cache, an update-status reads no bag: only the one the handler asked for.
        const bags = env ? [`--format=json -r database:${rel} --app - db`, ...own] : [];
        expect(gets.sort()).toEqual([`--format=json -r database:${rel} - db/0`, ...bags].sort());
        expect(r.trace.filter((c) => c.tool === "relation-set")).toEqual([]);
      }
      expect(Object.keys(seen).sort()).toEqual(["egress-subnets", "ingress-address", "private-address"]);
    }
  });

  it("refuse a publish into a bag the schema leaves empty: no such method, and the runtime refuses an untyped call", async () => {
    let error: unknown;
    let methods: boolean[] = [];
    const { h } = await world((hook, ep) => {
      if (hook.info.unit !== "app/0" || hook.info.hookName !== "update-status") return;
      methods = ["publish" in ep, "publishApp" in ep];
      // A caller without types (JavaScript) still reaches the relation's publish: the runtime refuses it.
      const relation = ep.relations[0] as unknown as { publish(values: object): void } | undefined;
      try {
        relation?.publish({ database: "app" });
      } catch (e) {
        error = e;
      }
    });
    await h.deliver({ unit: "app/0", hook: "update-status" });
    expect(methods).toEqual([false, true]);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toMatch(/"database" is not a key of this bag/);
  });
});

describe("the other side's data", () => {
  it("when invalid, keeps available false, shows issues without values, logs once per change, and never stops the charm", async () => {
    const seen: Array<{ available: boolean; issues: string[] }> = [];
    const { h, rel } = await world((hook, ep) => {
      if (hook.info.unit !== "app/1") return;
      const relation = ep.relations[0];
      if (relation) seen.push({ available: ep.isAvailable(relation), issues: relation.app.issues.map((i) => `${i.key}: ${i.message}`) });
    });
    expect(h.flags("app/1")).toContain("database.available");
    h.writeDatabag("db", rel, { endpoints: "db.example", password: PASSWORD });
    await h.settle();
    const last = seen.at(-1)!;
    expect(last).toEqual({ available: false, issues: ['endpoints: must match pattern "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$"'] });
    expect(h.flags("app/1")).not.toContain("database.available");
    expect(h.failures()).toEqual([]);
    const warnings = () => h.logs("app/1").filter((l) => l.level === "WARNING").map((l) => l.message);
    expect(warnings()).toEqual([`database:${rel}: database: db published "endpoints" on database:${rel}, and it is not valid: must match pattern "^([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+(,([^,:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]+)*$"`]);
    await h.deliver({ unit: "app/1", hook: "update-status" });
    expect(warnings()).toHaveLength(1); // once per change
    expect(JSON.stringify(h.logs("app/1"))).not.toContain(PASSWORD);
  });

  it("is a relation already when the other application wrote its bag before any of its units joined", async () => {
    const h = new Harness();
    const views: Array<{ units: number; database: string | undefined; available: boolean }> = [];
    const app = requirerCharm((_hook, ep) => {
      const r = ep.relations[0];
      if (r) views.push({ units: r.units.length, database: r.app.received.database, available: ep.isAvailable(r) });
    });
    h.addApplication("db", { metadata: provider.METADATA, run: async () => ({ ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 }) }, 0);
    h.addApplication("app", app.harness, 1);
    const rel = h.relate("app:database", "db:database");
    h.writeDatabag("db", rel, { database: "app", username: "u", password: PASSWORD, endpoints: "10.0.0.1:3306" });
    await h.settle();
    expect(views.at(-1)).toEqual({ units: 0, database: "app", available: true });
    expect(h.flags("app/0")).toContain("database.available");
  });
});

describe("a charm", () => {
  it("runs one hook at a time: re-entering run() is refused", async () => {
    let inner: unknown;
    const { charm } = requirerCharm(async () => {
      inner = await charm.run({ setExitCode: false }).catch((e: unknown) => e);
    });
    const h = new Harness();
    h.addApplication("app", { metadata: REQUIRER, run: charm.run.bind(charm) }, 1);
    await h.settle();
    expect(inner).toBeInstanceOf(ReentryError);
    expect((inner as Error).message).toMatch(/already running a hook/);
  });

  it("owns its endpoints: one descriptor serves one hook at a time", async () => {
    const ep = mysqlClientProvider("database");
    const a = defineCharm({ endpoints: [ep] });
    const b = defineCharm({ endpoints: [ep] });
    let result: unknown;
    const h = new Harness();
    a.when().do(async () => {
      const other = h.openHook({ unit: "db/0", hook: "update-status" });
      result = await b.run({ backend: other.backend, env: other.env, state: new MemoryStateStore(), setExitCode: false });
      other.finish(false);
    });
    h.addApplication("db", { metadata: provider.METADATA, run: a.run.bind(a) }, 1);
    await h.settle({ allowFailures: true });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/endpoint "database" is already bound to a hook that is running/) });
    expect(() => ep.relations).toThrow(/used outside a hook/);
  });
});
