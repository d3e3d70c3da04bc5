/**
 * The contract every `Backend` must meet, written once and run against both
 * drivers of relgen's one Juju: `HookToolBackend` over the simulator's real
 * hook tools (processes, socket), and the in-process backend of the harness.
 * Each test builds the world below, opens a hook context for one unit and
 * checks results, typed errors, the resulting model and the exact (redacted)
 * tool calls.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import type { JujuEngine } from "../../src/juju/engine.js";
import { editModel, localOf, relationOf, setEntry, unitOf, type EditableModel } from "./model-edit.js";
import type { Backend } from "../../src/runtime/backend.js";
import { HookToolError, RelationNotFoundError } from "../../src/runtime/errors.js";
import { HookToolBackend } from "../../src/runtime/hook-tool-backend.js";
import { Simulator } from "../../src/sim/index.js";
import { Harness } from "../../src/testing/harness.js";

export interface ContractSubject {
  backend: Backend;
  /** The hook-tool calls made so far, argv redacted. */
  calls(): Array<{ tool: string; args: readonly string[] }>;
  /** The model the backend works on (inspect it with `databag`, `leaderSettings`, ...). */
  engine: JujuEngine<unknown>;
  /** Ends the hook: commits its relation-set writes when `ok`. */
  finish(ok: boolean): void;
  /** Simulator subjects: the hook's environment and where its tools are. */
  env?: NodeJS.ProcessEnv;
  toolDir?: string;
  /** Opens another hook, of another (or the same) unit, on the same model. */
  open(unit: string, hook?: string): HookSubject;
}

/** One more hook on a contract subject's model. */
export interface HookSubject {
  backend: Backend;
  calls(): Array<{ tool: string; args: readonly string[] }>;
  finish(ok: boolean): void;
}

export interface ContractOptions {
  /** The relation of a relation hook (`cluster:3`): the hook is that relation's -broken. */
  relationId?: string;
  /** Changes to the world before the hook opens. */
  seed?: (world: ContractWorld) => void;
}

export type ContractFactory = (unit: string, options?: ContractOptions) => Promise<ContractSubject>;

export const SECRET = "s3cr3t-Pa55w0rd!";

const METADATA: Record<string, string> = {
  mysql: "name: mysql\npeers:\n  cluster:\n    interface: mysql-innodb-cluster\nprovides:\n  db-router:\n    interface: mysql-router\nextra-bindings:\n  shared-db:\n",
  "keystone-router": "name: keystone-router\nrequires:\n  db-router:\n    interface: mysql-router\n",
  "nova-router": "name: nova-router\nrequires:\n  db-router:\n    interface: mysql-router\n",
};

/** Changes to a model value being edited (test/support/model-edit.ts), as if hooks had run. */
class WorldEdit {
  constructor(private readonly m: EditableModel) {}
  /** The unit ran its relation-created hook and is in scope (Juju wrote its address keys into its bag). */
  enter(unit: string, id: number): void {
    const u = unitOf(this.m, unit);
    const rel = relationOf(this.m, id);
    localOf(this.m, unit, id).created = true;
    if (rel.scope.includes(unit)) return;
    let bag = rel.unitBags.find(([owner]) => owner === unit)?.[1];
    if (!bag) rel.unitBags.push([unit, (bag = [])]);
    setEntry(bag, "egress-subnets", `${u.address}/32`);
    setEntry(bag, "ingress-address", u.address);
    setEntry(bag, "private-address", u.address);
    rel.scope.push(unit);
    if (!rel.everInScope.includes(unit)) rel.everInScope.push(unit);
  }
  leave(unit: string, id: number): void {
    const rel = relationOf(this.m, id);
    rel.scope = rel.scope.filter((u) => u !== unit);
  }
  /** `viewer` ran its -joined hook for `remote`. */
  see(viewer: string, id: number, remote: string): void {
    const version = relationOf(this.m, id).versions.find(([owner]) => owner === remote)?.[1] ?? 0;
    setEntry(localOf(this.m, viewer, id).known, remote, version);
  }
  /** Replaces a committed bag (a unit's, or an application's when `owner` has no "/"). */
  setBag(id: number, owner: string, values: Record<string, string>): void {
    const rel = relationOf(this.m, id);
    setEntry(owner.includes("/") ? rel.unitBags : rel.appBags, owner, Object.entries(values));
  }
  /** The id the next relation gets. */
  nextRelationId(id: number): void {
    this.m.nextRelationId = id;
  }
}

/** Seeding the world's state as a value: each change is one snapshot, edit and restore; `edit` makes several at once. */
export class ContractWorld {
  constructor(readonly engine: JujuEngine<unknown>) {}
  edit(change: (w: WorldEdit) => void): void {
    editModel(this.engine, (m) => change(new WorldEdit(m)));
  }
  enter(unit: string, id: number): void {
    this.edit((w) => w.enter(unit, id));
  }
  see(viewer: string, id: number, remote: string): void {
    this.edit((w) => w.see(viewer, id, remote));
  }
  setBag(id: number, owner: string, values: Record<string, string>): void {
    this.edit((w) => w.setBag(id, owner, values));
  }
}

/**
 * mysql/0 (leader), mysql/1, mysql/2 (departed), mysql/3 (never joined) on
 * peer relation cluster:3; mysql to keystone-router on db-router:2 and to
 * nova-router (units 0, 2, 10 in scope) on db-router:10.
 */
export function buildContractWorld(engine: JujuEngine<unknown>, charm: (app: string) => unknown): ContractWorld {
  const w = new ContractWorld(engine);
  w.edit((e) => e.nextRelationId(3));
  engine.addApplication("mysql", charm("mysql"), 4);
  w.edit((e) => e.nextRelationId(0));
  engine.addApplication("keystone-router", charm("keystone-router"), 1);
  engine.addApplication("nova-router", charm("nova-router"), 11);
  engine.leaderSet("mysql", { "cluster-password": SECRET, mode: "single" });

  w.edit((e) => {
    for (const unit of ["mysql/0", "mysql/1", "mysql/2"]) e.enter(unit, 3);
    e.leave("mysql/2", 3);
    e.see("mysql/0", 3, "mysql/1");
    e.see("mysql/1", 3, "mysql/0");
    e.setBag(3, "mysql/0", { "cluster-address": "10.5.0.10", password: SECRET });
    e.setBag(3, "mysql/1", { "cluster-address": "10.5.0.11" });
    e.setBag(3, "mysql/2", { "cluster-address": "10.5.0.12", state: "departed" });
    e.setBag(3, "mysql", { "cluster-uuid": "c0ffee" });
    e.nextRelationId(2);
  });
  engine.relate("mysql:db-router", "keystone-router:db-router");
  w.edit((e) => {
    for (const unit of ["mysql/0", "mysql/1", "keystone-router/0"]) e.enter(unit, 2);
    e.see("mysql/0", 2, "keystone-router/0");
    e.setBag(2, "keystone-router", { database: "keystone" });
    e.setBag(2, "mysql", { "db-host": "10.5.0.10" });
    e.nextRelationId(10);
  });
  engine.relate("mysql:db-router", "nova-router:db-router");
  w.edit((e) => {
    for (const unit of ["mysql/0", "nova-router/0", "nova-router/2", "nova-router/10"]) e.enter(unit, 10);
    for (const unit of ["nova-router/2", "nova-router/10", "nova-router/0"]) e.see("mysql/0", 10, unit);
  });
  return w;
}

const hookOf = (options: ContractOptions): { hook: string; relationId?: string } =>
  options.relationId === undefined ? { hook: "update-status" } : { hook: `${options.relationId.split(":")[0]}-relation-broken`, relationId: options.relationId };

/** Subjects over the in-process harness. */
export function harnessFactory(): ContractFactory {
  return async (unit, options = {}) => {
    const h = new Harness();
    const world = buildContractWorld(h as JujuEngine<unknown>, (app) => ({ metadata: METADATA[app]!, run: async () => ({ ok: true, hook: "", unit: "", flags: [], ran: [], relationSets: 0 }) }));
    options.seed?.(world);
    const open = (u: string, name = "update-status"): HookSubject => {
      const hook = h.openHook({ unit: u, hook: name });
      return { backend: hook.backend, calls: () => hook.trace.map((c) => ({ tool: c.tool, args: c.argv })), finish: hook.finish };
    };
    const hook = h.openHook({ unit, ...hookOf(options) });
    return { backend: hook.backend, calls: () => hook.trace.map((c) => ({ tool: c.tool, args: c.argv })), engine: h as JujuEngine<unknown>, finish: hook.finish, open };
  };
}

/** Subjects over the simulator: `HookToolBackend` running the real hook tools. Call `cleanup` after the tests. */
export function simulatorFactory(): { factory: ContractFactory; cleanup(): Promise<void> } {
  const sims: Simulator[] = [];
  const dirs: string[] = [];
  const charm = (app: string): string => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-contract-"));
    dirs.push(dir);
    writeFileSync(join(dir, "metadata.yaml"), METADATA[app]!);
    writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, "dispatch"), 0o755);
    return dir;
  };
  return {
    factory: async (unit, options = {}) => {
      const sim = await Simulator.create({ seed: 1 });
      sims.push(sim);
      const world = buildContractWorld(sim as JujuEngine<unknown>, charm);
      options.seed?.(world);
      const hook = sim.openHook({ unit, ...hookOf(options) });
      const backend = new HookToolBackend({ toolDir: hook.toolDir, env: hook.env, timeoutMs: 20_000 });
      const open = (u: string, name = "update-status"): HookSubject => {
        const other = sim.openHook({ unit: u, hook: name });
        return {
          backend: new HookToolBackend({ toolDir: other.toolDir, env: other.env, timeoutMs: 20_000 }),
          calls: () => other.context.trace.map((c) => ({ tool: c.tool, args: c.argv })),
          finish: other.finish,
        };
      };
      return {
        open,
        backend,
        calls: () => hook.context.trace.map((c) => ({ tool: c.tool, args: c.argv })),
        engine: sim as JujuEngine<unknown>,
        finish: hook.finish,
        env: hook.env,
        toolDir: hook.toolDir,
      };
    },
    async cleanup() {
      for (const sim of sims.splice(0)) await sim.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error a call rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<HookToolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HookToolError);
    return error as HookToolError;
  }
  throw new Error("expected the call to fail");
}

export function backendContract(factory: ContractFactory): void {
  const subject = (unit = "mysql/0", options?: ContractOptions) => factory(unit, options);

  describe("relation-ids", () => {
    it("lists the unit's relations of an endpoint sorted as strings", async () => {
      const { backend, calls } = await subject();
      expect(await backend.relationIds("db-router")).toEqual(["db-router:10", "db-router:2"]);
      expect(await backend.relationIds("cluster")).toEqual(["cluster:3"]);
      expect(calls()).toEqual([
        { tool: "relation-ids", args: ["--format=json", "db-router"] },
        { tool: "relation-ids", args: ["--format=json", "cluster"] },
      ]);
    });

    it("is empty for an endpoint without relations and for a unit not in scope", async () => {
      expect(await (await subject()).backend.relationIds("shared-db")).toEqual([]);
      expect(await (await subject("mysql/3")).backend.relationIds("cluster")).toEqual([]);
    });
  });

  describe("relation-list", () => {
    it("lists remote units sorted as strings, never the local unit", async () => {
      const { backend, calls } = await subject();
      expect(await backend.relationList("cluster:3")).toEqual(["mysql/1"]);
      expect(await backend.relationList("db-router:10")).toEqual(["nova-router/0", "nova-router/10", "nova-router/2"]);
      expect(await backend.relationList("3")).toEqual(["mysql/1"]);
      expect(calls()[0]).toEqual({ tool: "relation-list", args: ["--format=json", "-r", "cluster:3"] });
    });

    it("names the application at the other end with --app (the own one on a peer relation)", async () => {
      const { backend, calls } = await subject("mysql/1");
      expect(await backend.relationRemoteApp("cluster:3")).toBe("mysql");
      expect(await backend.relationRemoteApp("db-router:2")).toBe("keystone-router");
      expect(calls()[0]).toEqual({ tool: "relation-list", args: ["--format=json", "-r", "cluster:3", "--app"] });
    });

    it("is empty when the unit sees nobody", async () => {
      expect(await (await subject("mysql/1")).backend.relationList("db-router:2")).toEqual([]);
    });
  });

  describe("relation-get", () => {
    it("reads the local unit's own bag", async () => {
      const { backend, calls } = await subject();
      expect(await backend.relationGet("cluster:3", "mysql/0")).toEqual({ "cluster-address": "10.5.0.10", password: SECRET });
      expect(calls()).toEqual([
        { tool: "relation-get", args: ["--format=json", "-r", "cluster:3", "-", "mysql/0"] },
      ]);
    });

    it("reads a peer's bag and a departed unit's bag", async () => {
      const { backend } = await subject();
      expect(await backend.relationGet("cluster:3", "mysql/1")).toEqual({ "cluster-address": "10.5.0.11" });
      expect(await backend.relationList("cluster:3")).not.toContain("mysql/2");
      expect(await backend.relationGet("cluster:3", "mysql/2")).toEqual({ "cluster-address": "10.5.0.12", state: "departed" });
    });

    it("fails with exit 1 for a unit that never joined", async () => {
      const error = await failure((await subject()).backend.relationGet("cluster:3", "mysql/3"));
      expect(error).not.toBeInstanceOf(RelationNotFoundError);
      expect(error.exitCode).toBe(1);
      expect(error.tool).toBe("relation-get");
      expect(error.args).toEqual(["--format=json", "-r", "cluster:3", "-", "mysql/3"]);
      expect(error.stderr).toBe(
        'ERROR cannot read settings for unit "mysql/3" in relation "mysql:cluster": unit "mysql/3": settings not found',
      );
      expect(error.message).toBe(`relation-get --format=json -r cluster:3 - mysql/3 failed (exit 1): ${error.stderr}`);
    });

    it("denies a unit of an application outside the relation", async () => {
      const error = await failure((await subject()).backend.relationGet("cluster:3", "nova-router/0"));
      expect([error.exitCode, error.stderr]).toEqual([1, "ERROR permission denied"]);
    });

    it("reads application bags as Juju allows", async () => {
      const leader = (await subject()).backend;
      expect(await leader.relationGet("db-router:2", "keystone-router", { app: true })).toEqual({ database: "keystone" });
      expect(await leader.relationGet("db-router:2", "mysql", { app: true })).toEqual({ "db-host": "10.5.0.10" });
      const { backend, calls } = await subject("mysql/1");
      expect(await backend.relationGet("cluster:3", "mysql", { app: true })).toEqual({ "cluster-uuid": "c0ffee" });
      const error = await failure(backend.relationGet("db-router:2", "mysql", { app: true }));
      expect([error.exitCode, error.stderr]).toEqual([1, "ERROR permission denied"]);
      expect(calls()[0]).toEqual({
        tool: "relation-get",
        args: ["--format=json", "-r", "cluster:3", "--app", "-", "mysql"],
      });
    });

    it("returns fresh copies", async () => {
      const { backend } = await subject();
      const bag = await backend.relationGet("cluster:3", "mysql/1");
      bag["cluster-address"] = "changed";
      expect(await backend.relationGet("cluster:3", "mysql/1")).toEqual({ "cluster-address": "10.5.0.11" });
    });

    it("keeps __proto__ and constructor as plain own keys", async () => {
      const seed = (w: ContractWorld): void => w.setBag(3, "mysql/1", JSON.parse('{"__proto__":"x","constructor":"y","toString":"z"}') as Record<string, string>);
      const bag = await (await subject("mysql/0", { seed })).backend.relationGet("cluster:3", "mysql/1");
      expect(Object.keys(bag).sort()).toEqual(["__proto__", "constructor", "toString"]);
      expect(Object.hasOwn(bag, "__proto__")).toBe(true);
      expect([bag["__proto__"], bag["constructor"], bag["toString"]]).toEqual(["x", "y", "z"]);
      expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });
  });

  describe("unknown relations", () => {
    it("reject with RelationNotFoundError (exit 2)", async () => {
      const { backend } = await subject();
      const error = await failure(backend.relationGet("cluster:99", "mysql/1"));
      expect(error).toBeInstanceOf(RelationNotFoundError);
      expect(error.exitCode).toBe(2);
      expect(error.stderr).toBe('ERROR invalid value "cluster:99" for option -r: relation not found');
      expect(error.message).toBe(`relation-get --format=json -r cluster:99 - mysql/1 failed (exit 2): ${error.stderr}`);
      await expect(backend.relationList("cluster:99")).rejects.toBeInstanceOf(RelationNotFoundError);
      await expect(backend.relationSet("cluster:99", { a: "1" })).rejects.toBeInstanceOf(RelationNotFoundError);
      await expect(backend.relationList("db-router:3")).rejects.toBeInstanceOf(RelationNotFoundError);
    });

    it("include relations the unit is not in scope of", async () => {
      const { backend } = await subject("mysql/3");
      await expect(backend.relationList("cluster:3")).rejects.toBeInstanceOf(RelationNotFoundError);
    });

    it("except the hook's own relation after the unit left scope (-broken)", async () => {
      const { backend } = await subject("mysql/2", { relationId: "cluster:3" });
      expect(await backend.relationIds("cluster")).toEqual([]);
      expect(await backend.relationGet("cluster:3", "mysql/0")).toEqual({ "cluster-address": "10.5.0.10", password: SECRET });
    });
  });

  describe("relation-set", () => {
    it("is visible in the unit's own bag before commit; \"\" deletes", async () => {
      const { backend, calls, engine } = await subject();
      await backend.relationSet("cluster:3", { joined: "true", password: "" });
      await backend.relationSet("cluster:3", { joined: "yes", extra: "1" });
      expect(await backend.relationGet("cluster:3", "mysql/0")).toEqual({
        "cluster-address": "10.5.0.10",
        joined: "yes",
        extra: "1",
      });
      expect(engine.databag("mysql/0", 3)).toEqual({ "cluster-address": "10.5.0.10", password: SECRET });
      expect(calls()[0]).toEqual({ tool: "relation-set", args: ["-r", "cluster:3", "--file", "-"] });
    });

    it("never puts values into argv", async () => {
      const { backend, calls } = await subject();
      await backend.relationSet("cluster:3", { password: `${SECRET}-2`, "root-password": SECRET });
      await backend.relationSet("cluster:3", { "cluster-uuid": SECRET }, { app: true });
      const text = JSON.stringify(calls());
      expect(text).not.toContain(SECRET);
    });

    it("writes the application bag on the leader", async () => {
      const { backend, calls } = await subject();
      await backend.relationSet("cluster:3", { "cluster-uuid": "" , "cluster-name": "jade" }, { app: true });
      expect(await backend.relationGet("cluster:3", "mysql", { app: true })).toEqual({ "cluster-name": "jade" });
      expect(calls()[0]).toEqual({ tool: "relation-set", args: ["-r", "cluster:3", "--app", "--file", "-"] });
    });

    it("refuses application bag writes from a non-leader", async () => {
      const error = await failure((await subject("mysql/1")).backend.relationSet("cluster:3", { a: "1" }, { app: true }));
      expect(error).not.toBeInstanceOf(RelationNotFoundError);
      expect([error.exitCode, error.stderr]).toEqual([1, "ERROR cannot write relation settings"]);
    });
  });

  describe("leadership", () => {
    it("is-leader tells leader from follower", async () => {
      const leader = await subject();
      expect(await leader.backend.isLeader()).toBe(true);
      expect(await (await subject("mysql/1")).backend.isLeader()).toBe(false);
      expect(await leader.calls()).toEqual([{ tool: "is-leader", args: ["--format=json"] }]);
    });

    it("leader-get returns the settings on every unit", async () => {
      const expected = { "cluster-password": SECRET, mode: "single" };
      const leader = await subject();
      expect(await leader.backend.leaderGet()).toEqual(expected);
      expect(await (await subject("mysql/1")).backend.leaderGet()).toEqual(expected);
      expect(await leader.calls()).toEqual([{ tool: "leader-get", args: ["--format=json", "-"] }]);
    });

    it("leader-set applies immediately; \"\" deletes", async () => {
      const { backend, calls, engine } = await subject();
      await backend.leaderSet({ mode: "cluster", "cluster-password": "" });
      expect(await backend.leaderGet()).toEqual({ mode: "cluster" });
      expect(engine.leaderSettings("mysql")).toEqual({ mode: "cluster" });
      expect(calls()[0]).toEqual({ tool: "leader-set", args: ["mode=<redacted>", "cluster-password=<redacted>"] });
    });

    it("leader-set on a non-leader fails without revealing values", async () => {
      const { backend, engine } = await subject("mysql/1");
      const error = await failure(backend.leaderSet({ "cluster-password": `${SECRET}-new` }));
      expect(error.exitCode).toBe(1);
      expect(error.stderr).toBe("ERROR cannot write leadership settings: cannot write settings: not the leader");
      expect(error.args).toEqual(["cluster-password=<redacted>"]);
      expect(error.message).toBe(`leader-set cluster-password=<redacted> failed (exit 1): ${error.stderr}`);
      expect(engine.leaderSettings("mysql")["cluster-password"]).toBe(SECRET);
    });

    it("leader-set rejects keys argv cannot carry, before any call", async () => {
      const { backend, calls } = await subject();
      await expect(backend.leaderSet({ "a=b": "c" })).rejects.toBeInstanceOf(TypeError);
      expect(calls()).toEqual([]);
    });
  });

  describe("status-set", () => {
    it("sets unit and application status", async () => {
      const { backend, calls, engine } = await subject();
      await backend.statusSet("active", "Unit is ready");
      await backend.statusSet("blocked", "-3 peers missing", { application: true });
      expect(engine.status("mysql/0")).toEqual({ state: "active", message: "Unit is ready" });
      expect(engine.appStatus("mysql")).toEqual({ state: "blocked", message: "-3 peers missing" });
      expect(calls()).toEqual([
        { tool: "status-set", args: ["active", "--", "Unit is ready"] },
        { tool: "status-set", args: ["--application", "blocked", "--", "-3 peers missing"] },
      ]);
    });

    it("refuses application status from a non-leader", async () => {
      const error = await failure((await subject("mysql/1")).backend.statusSet("active", "", { application: true }));
      expect([error.exitCode, error.stderr]).toEqual([1, "ERROR this unit is not the leader"]);
    });
  });

  describe("network-get", () => {
    it("returns the primary address of a known binding", async () => {
      const { backend, calls } = await subject("mysql/1");
      expect(await backend.networkPrimaryAddress("cluster")).toBe("10.5.0.11");
      expect(await backend.networkPrimaryAddress("shared-db")).toBe("10.5.0.11");
      expect(calls()[0]).toEqual({ tool: "network-get", args: ["--primary-address", "cluster"] });
    });

    it("fails for an unknown binding", async () => {
      const error = await failure((await subject()).backend.networkPrimaryAddress("nope"));
      expect([error.exitCode, error.stderr]).toEqual([1, 'ERROR no network config found for binding "nope"']);
    });
  });

  describe("juju-log", () => {
    it("logs at the level given, messages starting with - included, text redacted in calls", async () => {
      const { backend, calls, engine } = await subject();
      await backend.log("WARNING", "-starts with a dash");
      await backend.log("DEBUG", `password is ${SECRET}`);
      expect(engine.logs("mysql/0").map(({ level, message }) => ({ level, message }))).toEqual([
        { level: "WARNING", message: "-starts with a dash" },
        { level: "DEBUG", message: `password is ${SECRET}` },
      ]);
      expect(calls()[0]).toEqual({ tool: "juju-log", args: ["--log-level", "WARNING", "--", "<message>"] });
      expect(JSON.stringify(calls())).not.toContain(SECRET);
    });
  });
}
