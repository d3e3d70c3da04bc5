/**
 * The backend contract, run against both drivers of the one Juju: the
 * in-process backend of the harness and `HookToolBackend` over the
 * simulator's real hook tools. Then one scripted hook, successes and failures
 * mixed, must give the same results, errors, calls and model in both.
 */
import { afterAll, describe, expect, it } from "vitest";

import type { Backend } from "../../src/runtime/backend.js";
import { HookToolError } from "../../src/runtime/errors.js";
import { backendContract, harnessFactory, SECRET, simulatorFactory, type ContractFactory } from "../support/backend-contract.js";
import { secretContract } from "../support/secret-contract.js";

const sim = simulatorFactory();
afterAll(() => sim.cleanup());

describe("in-process backend (harness) contract", () => {
  backendContract(harnessFactory());
  secretContract(harnessFactory());
});

describe("HookToolBackend contract (simulator hook tools)", () => {
  backendContract(sim.factory);
  secretContract(sim.factory);
});

/** One scripted hook, successes and failures mixed; every outcome is kept. */
async function script(backend: Backend): Promise<unknown[]> {
  const steps: (() => Promise<unknown>)[] = [
    () => backend.relationIds("db-router"),
    () => backend.relationList("db-router:10"),
    () => backend.relationGet("cluster:3", "mysql/2"),
    () => backend.relationGet("cluster:3", "mysql/3"),
    () => backend.relationGet("cluster:42", "mysql/0"),
    () => backend.relationSet("cluster:3", { password: "", state: SECRET }),
    () => backend.relationGet("cluster:3", "mysql/1"),
    () => backend.relationSet("db-router:2", { "db-host": "" }, { app: true }),
    () => backend.relationGet("db-router:2", "mysql", { app: true }),
    () => backend.leaderSet({ token: SECRET }),
    () => backend.leaderGet(),
    () => backend.isLeader(),
    () => backend.statusSet("waiting", "-- waiting for peers"),
    () => backend.statusSet("active", "", { application: true }),
    () => backend.networkPrimaryAddress("cluster"),
    () => backend.networkPrimaryAddress("missing"),
    () => backend.log("CRITICAL", `secret ${SECRET}`),
  ];
  const outcomes: unknown[] = [];
  for (const step of steps) {
    try {
      outcomes.push({ ok: await step() });
    } catch (e) {
      const { name, message, tool, args, exitCode, stderr } = e as Record<string, unknown>;
      outcomes.push({ error: { name, message, tool, args, exitCode, stderr } });
    }
  }
  return outcomes;
}

async function scripted(factory: ContractFactory, unit: string) {
  const s = await factory(unit);
  const outcomes = await script(s.backend);
  s.finish(true);
  const e = s.engine;
  const state = {
    bags: ["mysql/0", "mysql/1", "mysql/2"].map((u) => e.databag(u, 3)),
    apps: [e.appDatabag("mysql", 2), e.appDatabag("mysql", 3)],
    leader: e.leaderSettings("mysql"),
    status: [e.status(unit), e.appStatus("mysql")],
    logs: e.logs(unit).map(({ level, message }) => ({ level, message })),
  };
  return { outcomes, calls: s.calls(), state };
}

describe("the two drivers agree", () => {
  for (const unit of ["mysql/0", "mysql/1"]) {
    it(`on results, errors, calls and resulting state (${unit})`, async () => {
      const inProcess = await scripted(harnessFactory(), unit);
      const outOfProcess = await scripted(sim.factory, unit);
      expect(inProcess).toEqual(outOfProcess);
      const errors = outOfProcess.outcomes.filter((outcome) => Object.hasOwn(outcome as object, "error"));
      expect(errors.length).toBeGreaterThan(2);
      expect(JSON.stringify(errors)).not.toContain(SECRET);
      expect(JSON.stringify(outOfProcess.calls)).not.toContain(SECRET);
    });
  }
});

describe("a hook's writes", () => {
  for (const [name, factory] of [["harness", harnessFactory()], ["simulator", sim.factory]] as const) {
    it(`commit when the hook succeeds and vanish when it fails (${name})`, async () => {
      const ok = await factory("mysql/0");
      await ok.backend.relationSet("cluster:3", { state: "ready", password: "" });
      await ok.backend.relationSet("cluster:3", { "cluster-uuid": "beef" }, { app: true });
      expect(ok.engine.databag("mysql/0", 3)).toEqual({ "cluster-address": "10.5.0.10", password: SECRET });
      ok.finish(true);
      expect(ok.engine.databag("mysql/0", 3)).toEqual({ "cluster-address": "10.5.0.10", state: "ready" });
      expect(ok.engine.appDatabag("mysql", 3)).toEqual({ "cluster-uuid": "beef" });

      const failed = await factory("mysql/0");
      await failed.backend.relationSet("cluster:3", { state: "broken" });
      await failed.backend.leaderSet({ mode: "cluster" });
      await failed.backend.statusSet("maintenance", "working");
      failed.finish(false);
      expect(failed.engine.databag("mysql/0", 3)).toMatchObject({ password: SECRET });
      // leader-set and status-set are not buffered: they stay.
      expect(failed.engine.leaderSettings("mysql")).toMatchObject({ mode: "cluster" });
      expect(failed.engine.status("mysql/0")).toEqual({ state: "maintenance", message: "working" });
    });

    it(`fail like the tools do for invalid input (${name})`, async () => {
      const { backend, calls } = await factory("mysql/0");
      await expect(backend.relationSet("cluster:3", { bad: "\udc00" })).rejects.toThrow(/"bad"/);
      const badId = (await backend.relationList("cluster:x").catch((e: unknown) => e)) as HookToolError;
      expect([badId.exitCode, badId.stderr]).toEqual([2, 'ERROR invalid value "cluster:x" for option -r: invalid relation id']);
      const badState = (await backend.statusSet("busy" as "active", "").catch((e: unknown) => e)) as HookToolError;
      expect(badState).toBeInstanceOf(HookToolError);
      expect(badState.exitCode).toBe(2);
      expect(calls().map((c) => c.tool)).toEqual(["relation-list", "status-set"]);
    });

    it(`return copies that cannot change the model (${name})`, async () => {
      const { backend, engine } = await factory("mysql/0");
      (await backend.leaderGet())["mode"] = "hacked";
      (await backend.relationList("cluster:3")).push("mysql/9");
      expect(engine.leaderSettings("mysql")["mode"]).toBe("single");
      expect(await backend.relationList("cluster:3")).toEqual(["mysql/1"]);
    });
  }
});
