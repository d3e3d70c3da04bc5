/** The dispatch loop and the hook environment. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispatch, HandlerError, matches, type HandlerSpec } from "../../src/runtime/dispatch.js";
import type { Hook } from "../../src/runtime/context.js";
import { HookEnvError, readHookEnv } from "../../src/runtime/hook-env.js";

function handler(name: string, all: string[], run: () => void = () => {}, none: string[] = [], any: string[] = []): HandlerSpec {
  return { name, all, none, any, run };
}

/** dispatch hands the running hook to every handler; these handlers do not use it. */
const hook = {} as Hook;

describe("dispatch", () => {
  it("runs matching handlers in registration order, re-testing as flags change, each at most once", async () => {
    const flags = new Set(["a"]);
    const log: string[] = [];
    const handlers = [
      handler("needsB", ["b"], () => log.push("needsB")),
      handler("setsB", ["a"], () => {
        log.push("setsB");
        flags.add("b");
      }),
      handler("clearsA", ["b"], () => {
        log.push("clearsA");
        flags.delete("a");
      }),
      handler("needsA", ["a"], () => log.push("needsA")),
    ];
    const ran = await dispatch(handlers, (f) => flags.has(f), hook);
    expect(ran).toEqual(["setsB", "needsA", "needsB", "clearsA"]);
    expect(log).toEqual(ran);
  });

  it("skips a handler whose flags an earlier handler of the same pass cleared", async () => {
    const flags = new Set(["a"]);
    const ran = await dispatch([handler("clears", ["a"], () => flags.delete("a")), handler("needsA", ["a"])], (f) => flags.has(f), hook);
    expect(ran).toEqual(["clears"]);
  });

  it("runs a chain of handlers longer than any fixed bound on passes (the old bound of 100 failed this charm)", async () => {
    const flags = new Set<string>(["s0"]);
    const chain = Array.from({ length: 150 }, (_, i) => handler(`step${i}`, [`s${i}`], () => void flags.add(`s${i + 1}`)));
    // Registered last-first, so that each pass finds only the next link of the chain: 150 passes.
    const ran = await dispatch([...chain].reverse(), (f) => flags.has(f), hook);
    expect(ran).toEqual(chain.map((h) => h.name));
    expect(flags.has("s150")).toBe(true);
  });

  it("handlers that keep re-triggering each other end, each having run once", async () => {
    const flags = new Set(["ping"]);
    const ran = await dispatch(
      [
        handler("ping", ["ping"], () => void (flags.delete("ping"), flags.add("pong"))),
        handler("pong", ["pong"], () => void (flags.delete("pong"), flags.add("ping"))),
      ],
      (f) => flags.has(f),
      hook,
    );
    expect(ran).toEqual(["ping", "pong"]);
    expect([...flags]).toEqual(["ping"]);
  });

  it("a handler registered while dispatching waits for the next hook (a handler that registers one each time cannot loop)", async () => {
    const handlers: HandlerSpec[] = [];
    handlers.push(handler("registers", [], () => void handlers.push(handler(`added${handlers.length}`, []))));
    expect(await dispatch(handlers, () => false, hook)).toEqual(["registers"]);
    expect(await dispatch(handlers, () => false, hook)).toEqual(["registers", "added1"]);
  });

  it("property: on any handlers and flag effects, dispatch ends; each handler ran at most once, matching when it ran; none left matching", async () => {
    const flag = fc.constantFrom("a", "b", "c", "d", "e");
    const spec = fc.record({ all: fc.array(flag, { maxLength: 2 }), none: fc.array(flag, { maxLength: 2 }), any: fc.array(flag, { maxLength: 2 }), set: fc.array(flag, { maxLength: 3 }), clear: fc.array(flag, { maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(flag), fc.array(spec, { maxLength: 12 }), async (initial, specs) => {
        const flags = new Set<string>(initial);
        const isSet = (f: string) => flags.has(f);
        const unmatched: string[] = [];
        const handlers: HandlerSpec[] = specs.map((s, i) => {
          const h: HandlerSpec = {
            name: `h${i}`, all: s.all, none: s.none, any: s.any,
            run: () => {
              if (!matches(h, isSet)) unmatched.push(h.name);
              for (const f of s.clear) flags.delete(f);
              for (const f of s.set) flags.add(f);
            },
          };
          return h;
        });
        const ran = await dispatch(handlers, isSet, hook);
        expect(new Set(ran).size).toBe(ran.length);
        expect(unmatched).toEqual([]);
        expect(handlers.filter((h) => !ran.includes(h.name) && matches(h, isSet))).toEqual([]);
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it("wraps a handler's error with its name", async () => {
    const err = await dispatch([handler("boom", [], () => { throw new Error("nope"); })], () => false, hook).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandlerError);
    expect((err as HandlerError).message).toBe("handler boom failed: nope");
  });

  it("property: when / whenNot / whenAny mean all, none and at least one", () => {
    const flag = fc.constantFrom("a", "b", "c", "d");
    fc.assert(
      fc.property(fc.uniqueArray(flag), fc.array(flag), fc.array(flag), fc.array(flag), (set, all, none, any) => {
        const isSet = (f: string) => (set as string[]).includes(f);
        const expected = all.every(isSet) && none.every((f) => !isSet(f)) && (any.length === 0 || any.some(isSet));
        expect(matches(handler("h", all, undefined, none, any), isSet)).toBe(expected);
      }),
    );
  });
});

describe("the hook environment", () => {
  const base = { JUJU_UNIT_NAME: "mysql/1", JUJU_CHARM_DIR: "/var/lib/juju/charm" };
  it("reads the event from JUJU_DISPATCH_PATH, else JUJU_HOOK_NAME", () => {
    expect(readHookEnv({ ...base, JUJU_DISPATCH_PATH: "hooks/install", JUJU_HOOK_NAME: "ignored" }).hookName).toBe("install");
    expect(readHookEnv({ ...base, JUJU_HOOK_NAME: "update-status" }).hookName).toBe("update-status");
  });
  it("reads relation hooks, including endpoints with dashes and the departing unit", () => {
    const env = readHookEnv({
      ...base,
      JUJU_DISPATCH_PATH: "hooks/db-admin-relation-departed",
      JUJU_RELATION_ID: "db-admin:7",
      JUJU_REMOTE_UNIT: "mysql/2",
      JUJU_REMOTE_APP: "mysql",
      JUJU_DEPARTING_UNIT: "mysql/1",
      JUJU_VERSION: "3.6.4",
    });
    expect(env).toEqual({
      unit: "mysql/1",
      app: "mysql",
      hookName: "db-admin-relation-departed",
      charmDir: "/var/lib/juju/charm",
      jujuVersion: "3.6.4",
      model: { name: expect.any(String), uuid: expect.any(String) },
      availabilityZone: null,
      relation: { endpoint: "db-admin", kind: "departed", id: "db-admin:7", remoteUnit: "mysql/2", remoteApp: "mysql", departingUnit: "mysql/1" },
    });
  });
  it("reads the secret of a secret hook: its URI and the label this unit knows it by", () => {
    const env = readHookEnv({ ...base, JUJU_DISPATCH_PATH: "hooks/secret-changed", JUJU_SECRET_ID: "secret:cs2k1fn2s3ku77f5ml6g", JUJU_SECRET_LABEL: "db-creds" });
    expect(env.secret).toEqual({ uri: "secret:cs2k1fn2s3ku77f5ml6g", label: "db-creds" });
    expect(readHookEnv({ ...base, JUJU_HOOK_NAME: "update-status" }).secret).toBeUndefined();
  });
  it("refuses an environment that is not a hook", () => {
    expect(() => readHookEnv({ JUJU_UNIT_NAME: "mysql/1" })).toThrow(HookEnvError);
    expect(() => readHookEnv({ JUJU_DISPATCH_PATH: "hooks/install" })).toThrow(/JUJU_UNIT_NAME is not set/);
  });
});
