import { describe, expect, it } from "vitest";

import { HookToolError } from "../../src/runtime/errors.js";
import { MemoryBackend, MemoryModel } from "../../src/runtime/memory-backend.js";
import { backendContract, contractModel, SECRET } from "../support/backend-contract.js";

describe("MemoryBackend contract", () => {
  backendContract(async (model, unit, context) => {
    const backend = new MemoryBackend(model, unit, context);
    return { backend, calls: async () => backend.calls, state: async () => model.toJSON() };
  });
});

describe("MemoryBackend hook lifecycle", () => {
  it("commit() publishes this hook's writes to other units; discard() drops them", async () => {
    const model = contractModel();
    const first = new MemoryBackend(model, "mysql/0");
    await first.relationSet("cluster:3", { state: "ready", password: "" });
    await first.relationSet("cluster:3", { "cluster-uuid": "beef" }, { app: true });
    const peer = new MemoryBackend(model, "mysql/1");
    expect(await peer.relationGet("cluster:3", "mysql/0")).toEqual({ "cluster-address": "10.5.0.10", password: SECRET });
    first.commit();
    expect(await peer.relationGet("cluster:3", "mysql/0")).toEqual({ "cluster-address": "10.5.0.10", state: "ready" });
    expect(await peer.relationGet("cluster:3", "mysql", { app: true })).toEqual({ "cluster-uuid": "beef" });

    const failed = new MemoryBackend(model, "mysql/0");
    await failed.relationSet("cluster:3", { state: "broken" });
    failed.discard();
    failed.commit();
    expect(await peer.relationGet("cluster:3", "mysql/0")).toMatchObject({ state: "ready" });
  });

  it("leader-set, status and logs are immediate, not buffered", async () => {
    const model = contractModel();
    const leader = new MemoryBackend(model, "mysql/0");
    await leader.leaderSet({ mode: "cluster" });
    await leader.statusSet("maintenance", "working");
    await leader.log("INFO", "hi");
    leader.discard();
    expect(await new MemoryBackend(model, "mysql/1").leaderGet()).toMatchObject({ mode: "cluster" });
    expect(model.units["mysql/0"]!.status).toEqual({ state: "maintenance", message: "working" });
    expect(model.units["mysql/0"]!.logs).toEqual([{ level: "INFO", message: "hi" }]);
  });

  it("follows membership hook by hook through views", async () => {
    const model = contractModel();
    const mysql2 = "mysql/2";
    model.joinUnit(3, mysql2);
    const backend = () => new MemoryBackend(model, "mysql/0");
    expect(await backend().relationList("cluster:3")).toEqual(["mysql/1"]);
    model.seeUnit("mysql/0", 3, mysql2);
    expect(await backend().relationList("cluster:3")).toEqual(["mysql/1", "mysql/2"]);
    model.forgetUnit("mysql/0", 3, mysql2);
    model.leaveUnit(3, mysql2);
    expect(await backend().relationList("cluster:3")).toEqual(["mysql/1"]);
    expect(await backend().relationGet("cluster:3", mysql2)).toMatchObject({ "cluster-address": "10.5.0.12" });
  });

  it("returns copies that cannot change the model", async () => {
    const model = contractModel();
    const backend = new MemoryBackend(model, "mysql/0");
    (await backend.leaderGet())["mode"] = "hacked";
    (await backend.relationList("cluster:3")).push("mysql/9");
    (await backend.relationIds("cluster")).push("cluster:9");
    expect(model.applications["mysql"]!.leaderSettings["mode"]).toBe("single");
    expect(await backend.relationList("cluster:3")).toEqual(["mysql/1"]);
  });

  it("fails like the tools do for invalid input", async () => {
    const backend = new MemoryBackend(contractModel(), "mysql/0");
    await expect(backend.relationSet("cluster:3", { bad: "\udc00" })).rejects.toThrow(/"bad"/);
    const badId = (await backend.relationList("cluster:x").catch((e: unknown) => e)) as HookToolError;
    expect([badId.exitCode, badId.stderr]).toEqual([2, 'ERROR invalid value "cluster:x" for option -r: invalid relation id']);
    const badState = (await backend.statusSet("busy" as "active", "").catch((e: unknown) => e)) as HookToolError;
    expect(badState).toBeInstanceOf(HookToolError);
    expect(badState.exitCode).toBe(2);
    expect(backend.calls.map((c) => c.tool)).toEqual(["relation-list", "status-set"]);
  });
});

describe("MemoryModel", () => {
  it("seeds Juju's network keys when a unit joins, unless asked not to", () => {
    const model = new MemoryModel();
    model.addApplication("app");
    const a = model.addUnit("app", { address: "10.1.1.1" });
    const b = model.addUnit("app", { address: "10.1.1.2" });
    const rel = model.addRelation("peers", ["app"]);
    model.joinUnit(rel.id, a);
    model.joinUnit(`peers:${rel.id}`, b, { networkKeys: false });
    expect(rel.bags[a]).toEqual({ "private-address": "10.1.1.1", "ingress-address": "10.1.1.1", "egress-subnets": "10.1.1.1/32" });
    expect(rel.bags[b]).toEqual({});
    expect([a, b, rel.peer, rel.id]).toEqual(["app/0", "app/1", true, 0]);
  });

  it("round-trips through JSON with null-prototype records", () => {
    const model = contractModel();
    model.setBag(3, "mysql/1", JSON.parse('{"__proto__":"x"}') as Record<string, string>);
    const copy = new MemoryModel(JSON.parse(JSON.stringify(model)) as ReturnType<MemoryModel["toJSON"]>);
    expect(copy.toJSON()).toEqual(model.toJSON());
    expect(Object.getPrototypeOf(copy.relations[3]!.bags["mysql/1"])).toBeNull();
    expect(Object.hasOwn(copy.relations[3]!.bags["mysql/1"]!, "__proto__")).toBe(true);
  });

  it("names endpoints per application for cross-application relations", async () => {
    const model = new MemoryModel();
    model.addApplication("db");
    model.addApplication("web");
    const db = model.addUnit("db", { address: "10.0.0.1" });
    const web = model.addUnit("web", { address: "10.0.0.2" });
    model.addRelation("database", ["db", "web"], { id: 7, endpoints: { db: "db-server" } });
    model.joinUnit(7, db);
    model.joinUnit(7, web);
    expect(await new MemoryBackend(model, db).relationIds("db-server")).toEqual(["db-server:7"]);
    expect(await new MemoryBackend(model, web).relationIds("database")).toEqual(["database:7"]);
    await expect(new MemoryBackend(model, db).relationList("database:7")).rejects.toThrow(/relation not found/);
    expect(await new MemoryBackend(model, db).networkPrimaryAddress("db-server")).toBe("10.0.0.1");
  });

  it("rejects inconsistent building steps", () => {
    const model = contractModel();
    expect(() => model.addUnit("nope", { address: "x" })).toThrow(/no application/);
    expect(() => model.addRelation("x", ["mysql", "nova-router"], { peer: true })).toThrow(/peer/);
    expect(() => model.addRelation("x", ["mysql"], { id: 3 })).toThrow(/taken/);
    expect(() => model.joinUnit(2, "nova-router/0")).toThrow(/not in an application/);
    expect(() => model.seeUnit("mysql/0", 3, "mysql/0")).toThrow(/never sees itself/);
    expect(() => model.setLeader("mysql", "nova-router/0")).toThrow(/not a unit of mysql/);
    expect(() => new MemoryBackend(model, "mysql/9")).toThrow(/no unit/);
  });
});
