/**
 * `deliver()`: a hook the unit would run next counts as that hook; any other
 * runs ad hoc, as `juju exec` does, and changes none of the uniter's books
 * (only its own writes take effect). `deliver.property.test.ts` checks the
 * same over random histories.
 */
import { describe, expect, it } from "vitest";
import { Harness, type HarnessCharm, type RunFunction } from "../../src/testing/harness.js";
import type { HookResult } from "../../src/runtime/hook.js";

const ok = (hook = "", unit = ""): HookResult => ({ ok: true, hook, unit, flags: [], ran: [], relationSets: 0 });
const noop: RunFunction = async () => ok();
const charm = (name: string, metadata: Record<string, unknown>): HarnessCharm => ({ metadata: { name, ...metadata }, run: noop });

async function world(): Promise<Harness> {
  const h = new Harness({ seed: 3 });
  h.addApplication("db", charm("db", { peers: { cluster: { interface: "c" } }, provides: { data: { interface: "d" } } }), 2);
  h.addApplication("web", charm("web", { requires: { data: { interface: "d" } } }), 1);
  h.relate("web", "db");
  await h.settle();
  return h;
}

const hooksOf = (records: readonly { unit: string; hook: string; remoteUnit: string }[]): string[] =>
  records.map((r) => `${r.unit} ${r.hook}${r.remoteUnit ? ` ${r.remoteUnit}` : ""}`);

describe("deliver() of a hook the unit would not run now (ad hoc)", () => {
  it("install after the start-up changes no stage: the next settle runs nothing", async () => {
    const h = await world();
    const r = await h.deliver({ unit: "db/0", hook: "install" });
    expect(r).toMatchObject({ ok: true, adhoc: true });
    expect(h.pending()).toEqual([]);
    expect(hooksOf(await h.settle())).toEqual([]);
  });

  it("relation-changed of a remote already seen queues no further relation-changed", async () => {
    const h = await world();
    const r = await h.deliver({ unit: "web/0", hook: "data-relation-changed", remoteUnit: "db/1" });
    expect(r).toMatchObject({ adhoc: true, relationId: "data:1", remoteUnit: "db/1" });
    expect(hooksOf(await h.settle())).toEqual([]);
  });

  it("departed of a remote still in scope does not forget it, and broken does not end the relation", async () => {
    const h = await world();
    await h.deliver({ unit: "web/0", hook: "data-relation-departed", remoteUnit: "db/0" });
    await h.deliver({ unit: "web/0", hook: "data-relation-broken" });
    await h.deliver({ unit: "web/0", hook: "remove" });
    expect(h.units()).toContain("web/0");
    h.writeDatabag("db/0", "data:1", { k: "v" });
    expect(hooksOf(await h.settle())).toEqual(["web/0 data-relation-changed db/0"]);
  });

  it("commits its writes, which wake the other side as any hook's writes do", async () => {
    const h = await world();
    await h.deliver({ unit: "web/0", hook: "update-status" }, async ({ backend }) => {
      await backend!.relationSet("data:1", { database: "shop" });
      return ok();
    });
    expect(h.databag("web/0", "data:1")).toMatchObject({ database: "shop" });
    expect(hooksOf(await h.settle()).sort()).toEqual(["db/0 data-relation-changed web/0", "db/1 data-relation-changed web/0"]);
  });

  it("that fails drops its writes and leaves the unit unblocked, not in error", async () => {
    const h = await world();
    const r = await h.deliver({ unit: "web/0", hook: "update-status" }, async ({ backend }) => {
      await backend!.relationSet("data:1", { database: "shop" });
      return { ...ok(), ok: false, error: "boom" };
    });
    expect(r).toMatchObject({ ok: false, adhoc: true });
    expect(h.databag("web/0", "data:1")).not.toHaveProperty("database");
    expect(h.failures()).toEqual([]);
    expect(h.status("web/0").state).not.toBe("error");
    expect(hooksOf(await h.settle())).toEqual([]);
  });
});

describe("deliver() of a hook the unit would run next", () => {
  it("counts as that hook: it is not run again, and what follows it comes next", async () => {
    const h = await world();
    h.addUnits("db", 1);
    await h.settle();
    h.addUnits("web", 1);
    // web/1 starts up: install is its only runnable hook.
    const install = await h.deliver({ unit: "web/1", hook: "install" });
    expect(install.adhoc).toBeUndefined();
    expect(h.pending().filter((p) => p.unit === "web/1").map((p) => p.hook)).toEqual(["data-relation-created"]);
    await h.settle();
    expect(h.hooks.filter((r) => r.unit === "web/1" && r.hook === "install")).toHaveLength(1);

    h.writeDatabag("db/2", "data:1", { k: "v" });
    const changed = await h.deliver({ unit: "web/0", hook: "data-relation-changed", remoteUnit: "db/2" });
    expect(changed.adhoc).toBeUndefined();
    expect(hooksOf(await h.settle())).toEqual(["web/1 data-relation-changed db/2"]);
  });

  it("that fails blocks its unit and is retried, as the scheduler's pick would be", async () => {
    const h = await world();
    h.setConfig("web", { x: "1" });
    const r = await h.deliver({ unit: "web/0", hook: "config-changed" }, async () => ({ ...ok(), ok: false, error: "boom" }));
    expect(r).toMatchObject({ ok: false });
    expect(r.adhoc).toBeUndefined();
    expect(h.failures().map((f) => f.unit)).toEqual(["web/0"]);
    expect(h.status("web/0").state).toBe("error");
    expect(hooksOf(await h.settle())).toEqual(["web/0 config-changed"]);
    expect(h.failures()).toEqual([]);
  });

  it("of a failed hook whose retries this run loop are used up counts as its retry", async () => {
    const h = new Harness({ seed: 1, automaticallyRetryHooks: false });
    let fail = true;
    h.addApplication("solo", { metadata: { name: "solo" }, run: async () => (fail ? { ...ok(), ok: false, error: "boom" } : ok()) }, 1);
    await h.settle({ allowFailures: true });
    expect(h.failures()).toMatchObject([{ unit: "solo/0", hook: "install" }]);
    fail = false;
    const r = await h.deliver({ unit: "solo/0", hook: "install" });
    expect(r).toMatchObject({ ok: true, attempt: 2 });
    expect(r.adhoc).toBeUndefined();
    expect(h.failures()).toEqual([]);
    expect(hooksOf(await h.settle())).toEqual(["solo/0 leader-elected", "solo/0 config-changed", "solo/0 start"]);
  });
});

describe("deliver() refuses", () => {
  it("a removed unit, a relation of another application, and a relation on another endpoint", async () => {
    const h = await world();
    h.removeUnit("db/1");
    await h.settle();
    await expect(h.deliver({ unit: "db/1", hook: "update-status" })).rejects.toThrow("unit db/1 is removed");
    await expect(h.deliver({ unit: "web/0", hook: "data-relation-changed", relationId: 0 })).rejects.toThrow("relation 0 (db:cluster) is not a relation of web");
    await expect(h.deliver({ unit: "db/0", hook: "data-relation-changed", relationId: 0 })).rejects.toThrow("relation 0 is on endpoint cluster of db, not data");
    expect(h.pending()).toEqual([]);
  });
});
