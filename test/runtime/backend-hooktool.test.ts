import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Backend } from "../../src/runtime/backend.js";
import { HookToolBackend } from "../../src/runtime/hook-tool-backend.js";
import { MemoryBackend } from "../../src/runtime/memory-backend.js";
import { redactArgs } from "../../src/runtime/redact.js";
import { backendContract, contractModel, SECRET } from "../support/backend-contract.js";
import { createFakeJuju, type FakeJuju } from "../support/fake-juju/index.js";

let fake: FakeJuju;
beforeAll(async () => {
  fake = await createFakeJuju();
});
afterAll(async () => {
  await fake.cleanup();
});

describe("HookToolBackend contract (fake hook tools)", () => {
  backendContract(async (model, unit, context) => {
    const relationId = context?.relationId;
    const session = await fake.session({ unit, ...(relationId === undefined ? {} : { relationId }), model: model.toJSON() });
    const backend = new HookToolBackend({ toolDir: fake.toolDir, env: session.env });
    return {
      backend,
      calls: async () => (await session.records()).map((r) => ({ tool: r.tool, args: redactArgs(r.tool, r.args) })),
      state: async () => (await session.readState()).model,
    };
  });
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

describe("MemoryBackend and HookToolBackend agree", () => {
  for (const unit of ["mysql/0", "mysql/1"]) {
    it(`on results, errors, calls and resulting state (${unit})`, async () => {
      const model = contractModel();
      const session = await fake.session({ unit, model: model.toJSON() });
      const real = await script(new HookToolBackend({ toolDir: fake.toolDir, env: session.env }));
      const memory = new MemoryBackend(model, unit);
      expect(await script(memory)).toEqual(real);
      const records = await session.records();
      expect(memory.calls).toEqual(records.map((r) => ({ tool: r.tool, args: redactArgs(r.tool, r.args) })));
      expect(model.toJSON()).toEqual((await session.readState()).model);
      const errors = real.filter((outcome) => Object.hasOwn(outcome as object, "error"));
      expect(errors.length).toBeGreaterThan(2);
      expect(JSON.stringify(errors)).not.toContain(SECRET);
    });
  }
});
