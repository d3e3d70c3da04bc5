/** Actions in the in-process driver: params, results, fail, progress, Juju's key rules, a unit in error, tools outside an action. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Harness } from "../../src/testing/harness.js";
import { defineCharm, type ActionDefinitions, type ActionResults, type ActionValidator } from "../../src/runtime/index.js";
import { ACTION_KEY_RULE, RESERVED_ACTION_KEYS } from "../../src/juju/actions.js";
import { resultKeyProblem } from "../../src/runtime/action.js";

interface Actions {
  "add-user": { name: string; admin?: boolean };
  report: { key?: string };
}
/** Hand-written validators (the generated ones are ajv's: test/actions/generate.test.ts). */
const addUser: ActionValidator<Actions["add-user"]> = Object.assign(
  (d: unknown): d is Actions["add-user"] => {
    const p = d as Record<string, unknown>;
    const errors = [];
    if (typeof p["name"] !== "string") errors.push(p["name"] === undefined ? { instancePath: "", keyword: "required", params: { missingProperty: "name" }, message: "" } : { instancePath: "/name", keyword: "type", params: {}, message: "must be string" });
    for (const k of Object.keys(p)) if (k !== "name" && k !== "admin") errors.push({ instancePath: "", keyword: "additionalProperties", params: { additionalProperty: k }, message: "" });
    addUser.errors = errors;
    return errors.length === 0;
  },
  { errors: null },
);
const actions: ActionDefinitions<Actions> = { "add-user": { validate: addUser }, report: { validate: Object.assign((_: unknown): _ is Actions["report"] => true, { errors: null }) } };

const charm = defineCharm({ endpoints: [], actions });
const SECRET = "s3cr3t-leader-value";
charm.when().do(async (hook) => {
  if (await hook.isLeader()) await hook.leaderSet({ token: SECRET });
  if (hook.info.hookName === "config-changed" && (await hook.leaderGet())["fail"] === "yes") throw new Error("config broke");
});
charm.action("add-user", async (hook, params) => {
  // @ts-expect-error: name is a string, not a number
  const wrong: number = params.name;
  void wrong;
  await hook.progress(`adding ${params.name}\nnow`);
  if (params.name === "root") await hook.fail("no root");
  return { user: { name: params.name, admin: params.admin ?? false } };
});
charm.action("report", async (hook, params): Promise<ActionResults> => {
  if (params.key === "secret") return { token: (await hook.leaderGet())["token"]! };
  if (params.key === "reveal") {
    hook.revealSecretResult("token");
    return { token: (await hook.leaderGet())["token"]! };
  }
  if (params.key === "throw") {
    await hook.leaderGet(); // now the hook knows the setting: scrubbed from the failure
    throw new Error(`boom ${SECRET}`);
  }
  return { [params.key ?? "ok"]: "x", "hook-name": hook.info.hookName, id: hook.action.id };
});
function registerUnknown(): void {
  // @ts-expect-error: not an action of this charm
  charm.action("nope", async () => undefined);
}

const meta = { name: "app" };
async function model(): Promise<Harness> {
  const h = new Harness();
  h.addApplication("app", { metadata: meta, run: (o) => charm.run(o) }, 1);
  await h.settle();
  return h;
}

describe("actions in the harness", () => {
  it("an action name not in the charm's actions is refused (and does not compile)", () => {
    expect(registerUnknown).toThrow('action "nope" is not one of the charm\'s actions (actions.yaml)');
  });

  it("typed params in, results out, progress logged, fail keeps the results", async () => {
    const h = await model();
    const ok = await h.runAction("app/0", "add-user", { name: "ann", admin: true });
    expect(ok).toMatchObject({ status: "completed", results: { user: { name: "ann", admin: "true" } }, logs: ["adding ann\\nnow"], message: "" });
    const root = await h.runAction("app/0", "add-user", { name: "root" });
    expect(root).toMatchObject({ status: "failed", message: "no root", results: { user: { name: "root" } } });
    // action-set values are redacted in the trace, as relation-set's are
    expect(ok.trace.find((c) => c.tool === "action-set")!.argv).toEqual(["user.name=<redacted>", "user.admin=<redacted>"]);
  });

  it("invalid params fail the action naming each parameter, and the handler does not run", async () => {
    const h = await model();
    const bad = await h.runAction("app/0", "add-user", { name: 7, extra: "x" });
    expect(bad.status).toBe("failed");
    expect(bad.message).toBe('invalid parameters for action add-user: "name" must be string; "extra" is not a parameter of add-user');
    expect(bad.trace.map((c) => c.tool)).not.toContain("action-set");
    expect((await h.runAction("app/0", "add-user", {})).message).toContain('"name" is required');
  });

  it("a bad or reserved result key fails the action naming it, before action-set", async () => {
    const h = await model();
    for (const key of ["Bad", "stdout", "a..b", "-x"]) {
      const out = await h.runAction("app/0", "report", { key });
      expect(out.status).toBe("failed");
      expect(out.message).toContain(JSON.stringify(key));
      expect(out.trace.map((c) => c.tool)).not.toContain("action-set");
    }
  });

  it("a known secret is never a result unless revealed, and a thrown error is scrubbed", async () => {
    const h = await model();
    const hidden = await h.runAction("app/0", "report", { key: "secret" });
    expect(hidden.status).toBe("failed");
    expect(hidden.message).toContain('result "token" holds a secret');
    expect(JSON.stringify(hidden)).not.toContain(SECRET);
    expect(await h.runAction("app/0", "report", { key: "reveal" })).toMatchObject({ status: "completed", results: { token: SECRET } });
    const thrown = await h.runAction("app/0", "report", { key: "throw" });
    expect(thrown).toMatchObject({ status: "failed", exitCode: 1 });
    expect(thrown.message).toBe("action report failed: boom <redacted>");
  });

  it("sees JUJU_ACTION_* and no relation; runs on a unit in error, which stays in error", async () => {
    const h = new Harness({ automaticallyRetryHooks: false });
    h.addApplication("app", { metadata: meta, run: (o) => charm.run(o) }, 1);
    await h.settle();
    h.leaderSet("app", { fail: "yes" });
    h.setConfig("app", { x: 1 });
    await h.settle({ allowFailures: true });
    expect(h.failures()).toHaveLength(1);
    const out = await h.runAction("app/0", "report", {});
    expect(out).toMatchObject({ status: "completed", results: { ok: "x", "hook-name": "report", id: out.id } });
    expect(h.failures()).toHaveLength(1);
    expect(h.status("app/0").state).toBe("error");
  });

  it("action tools outside an action fail as Juju's do", async () => {
    const h = await model();
    const { backend, finish } = h.openHook({ unit: "app/0", hook: "update-status" });
    const tools = backend as unknown as { actionGet(): Promise<unknown>; actionLog(m: string): Promise<void> };
    await expect(tools.actionGet()).rejects.toThrow(/exit code 1.*ERROR not running an action|not running an action/);
    await expect(tools.actionLog("x")).rejects.toThrow(/not running an action/);
    finish(false);
  });
});

describe("Juju's result key rule", () => {
  // A plain reading of action-set.go: split at ".", each part [a-z0-9], hyphens inside, not reserved.
  const plain = (key: string): boolean =>
    key.split(".").every((part) => {
      if (part.length === 0 || RESERVED_ACTION_KEYS.includes(part)) return false;
      const ok = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
      if (!ok(part[0]!) || !ok(part[part.length - 1]!)) return false;
      return [...part].every((c) => ok(c) || c === "-");
    });
  it("the runtime's check and the model's tool agree with it on any key", () => {
    const chars = fc.constantFrom(..."abz09-.A_ é".split(""));
    const keys = fc.oneof(fc.string({ unit: chars, maxLength: 12 }), fc.constantFrom("stdout", "a.stderr", "stdout-encoding.x", "x.stderr-encoding"));
    fc.assert(
      fc.property(keys, (key) => {
        expect(resultKeyProblem(key) === null).toBe(plain(key));
        expect(key.split(".").every((p) => ACTION_KEY_RULE.test(p) && !RESERVED_ACTION_KEYS.includes(p))).toBe(plain(key));
      }),
      { numRuns: 500 },
    );
  });
});
