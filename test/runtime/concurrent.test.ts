/**
 * One charm object, several hooks at once (issue 17): test runners run
 * several harnesses in one process, and a harness with `jobs` above 1 runs
 * hooks of different units at the same time, all through the same module-level
 * charm and endpoints. Each hook sees its own relations, flags and writes;
 * what they settle to is what running them one by one gives. A true re-entry
 * (a hook calling run() of its own charm) is still refused, and an endpoint
 * used outside a hook (or after its hook ended) still says so.
 */
import { describe, expect, it } from "vitest";
import { runDeployment } from "../../examples/deployment.js";
import { mysqlClientRequirer } from "../../generated/mysql_client/index.js";
import { defineCharm, NotBoundError, ReentryError, type Hook } from "../../src/runtime/index.js";
import { Harness } from "../../src/testing/harness.js";
import { inProcess } from "../demo/support.js";

/** What a harness settled to: every hook (unit, name, remote, outcome, interface flags), statuses and flags. */
function modelOf(h: Harness): unknown {
  const iface = (flags: readonly string[]) => flags.filter((f) => !f.startsWith("endpoint."));
  return {
    hooks: h.records.map((r) => `${r.unit} ${r.hook} ${r.remoteUnit ?? ""} ${r.ok ? "ok" : `FAILED ${r.error ?? ""}`} ${iface(r.flags).join(",")}`),
    units: h.units().map((u) => [u, h.status(u), h.flags(u)]),
    bags: h.relations().map((r) => [r.id, r.endpoints.map((e) => Object.keys(h.appDatabag(e.app, r.id)).sort())]),
    failures: h.failures(),
  };
}

async function deployment(seed: number): Promise<{ model: unknown; problems: string[] }> {
  const h = new Harness({ seed });
  const reports = await runDeployment(h, inProcess, { steps: 1 });
  return { model: modelOf(h), problems: reports.flatMap((r) => r.problems) };
}

describe("one charm object, several hooks at once", () => {
  it("4 harnesses of the demo deployment under Promise.all settle to what each gives run alone", async () => {
    const seeds = [31, 32, 31, 32];
    const alone = new Map<number, unknown>();
    for (const seed of new Set(seeds)) alone.set(seed, await deployment(seed));
    const together = await Promise.all(seeds.map((seed) => deployment(seed)));
    expect(together).toEqual(seeds.map((seed) => alone.get(seed)));
    for (const run of together) expect(run.problems).toEqual([]);
  });

  it("new Harness({ jobs: 2 }) with 3 cluster peers runs hooks of two units at once, and none fails", async () => {
    const h = new Harness({ jobs: 2, seed: 5 });
    let overlapped = 0;
    let running = 0;
    const run = inProcess.mysql.run;
    h.addApplication("mysql", { ...inProcess.mysql, run: async (o) => {
      running++;
      if (running > 1) overlapped++;
      try {
        return await run(o);
      } finally {
        running--;
      }
    } }, 3);
    await h.runUntilQuiet();
    expect(overlapped).toBeGreaterThan(0); // the hooks did run at the same time
    expect(h.records.filter((r) => !r.ok).map((r) => `${r.unit} ${r.hook}: ${r.error}`)).toEqual([]);
    for (const unit of h.units("mysql")) {
      expect(h.status(unit)).toEqual({ state: "active", message: "Unit is ready and clustered" });
      expect(h.flags(unit)).toEqual(expect.arrayContaining(["cluster.available", "cluster.clustered", "cluster.connected"]));
    }
  });

  it("two hooks of one charm object in two harnesses, inside handlers at once, each see and write their own model", async () => {
    const ep = mysqlClientRequirer("database");
    const charm = defineCharm({ endpoints: [ep] });
    const seen: string[] = [];
    let open!: () => void;
    const bothIn = new Promise<void>((resolve) => (open = resolve));
    let inside = 0;
    charm.when().do(async function probe(hook: Hook) {
      if (hook.info.hookName !== "update-status") return;
      if (++inside === 2) open();
      await bothIn; // both hooks are inside this handler now
      const app = hook.info.unit.split("/")[0]!;
      seen.push(`${hook.info.unit}: ${ep.relations.map((r) => `${r.id} ${r.application}`).join(",")} hook=${charm.hook.info.unit}`);
      ep.publishApp({ database: `${app}-db` });
    });
    const harness = async (app: string, db: string) => {
      const h = new Harness();
      h.addApplication(app, { metadata: `name: ${app}\nrequires:\n  database:\n    interface: mysql_client\n`, run: (o) => charm.run(o) }, 1);
      h.addApplication(db, { metadata: `name: ${db}\nprovides:\n  database:\n    interface: mysql_client\n`, run: async () => ({ ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 }) }, 1);
      const rel = h.relate(`${app}:database`, `${db}:database`);
      await h.settle();
      return { h, rel, unit: `${app}/0` };
    };
    const one = await harness("web", "mysql");
    const two = await harness("api", "postgres");
    // On a failure the other hook stops waiting (so that a regression fails here instead of hanging).
    const [a, b] = await Promise.all([one, two].map(({ h, unit }) => h.deliver({ unit, hook: "update-status" }).finally(open)));
    expect([a!.ok, b!.ok, a!.error, b!.error]).toEqual([true, true, undefined, undefined]);
    expect(seen.sort()).toEqual([`api/0: database:${two.rel} postgres hook=api/0`, `web/0: database:${one.rel} mysql hook=web/0`]);
    expect(one.h.appDatabag("web", one.rel)).toEqual({ database: "web-db" });
    expect(two.h.appDatabag("api", two.rel)).toEqual({ database: "api-db" });
  });
});

describe("still refused", () => {
  it("a hook that calls run() of its own charm, even while another hook of that charm runs beside it", async () => {
    const ep = mysqlClientRequirer("database");
    const charm = defineCharm({ endpoints: [ep] });
    const inner: unknown[] = [];
    charm.when().do(async function reenter() {
      inner.push(await charm.run({ setExitCode: false }).catch((e: unknown) => e));
      // A continuation later in the same hook is still this charm's run.
      await new Promise((r) => setTimeout(r, 1));
      inner.push(await charm.run({ setExitCode: false }).catch((e: unknown) => e));
    });
    const h = new Harness({ jobs: 2 });
    h.addApplication("app", { metadata: "name: app\nrequires:\n  database:\n    interface: mysql_client\n", run: (o) => charm.run(o) }, 2);
    await h.runUntilQuiet();
    expect(inner.length).toBeGreaterThan(0);
    for (const e of inner) {
      expect(e).toBeInstanceOf(ReentryError);
      expect((e as Error).message).toMatch(/from inside one of its own hooks/);
    }
    expect(h.failures()).toEqual([]);
  });

  it("an endpoint used outside a hook, or by a continuation after its hook ended, throws NotBoundError", async () => {
    const ep = mysqlClientRequirer("database");
    const charm = defineCharm({ endpoints: [ep] });
    let later!: Promise<unknown>;
    charm.when().do(function escape() {
      later = new Promise((r) => setTimeout(r, 5)).then(() => ep.relations).catch((e: unknown) => e);
    });
    const h = new Harness();
    h.addApplication("app", { metadata: "name: app\nrequires:\n  database:\n    interface: mysql_client\n", run: (o) => charm.run(o) }, 1);
    await h.settle();
    const error = await later;
    expect(error).toBeInstanceOf(NotBoundError);
    expect((error as Error).message).toBe('endpoint "database" was used outside a hook: use it from a handler of the charm whose defineCharm({ endpoints }) lists it');
    expect(() => ep.relations).toThrow(NotBoundError);
    expect(() => charm.hook).toThrow(/the charm is not running a hook/);
  });
});
