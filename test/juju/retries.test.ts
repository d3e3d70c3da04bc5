/**
 * Failed hooks, as Juju treats them: the unit shows `error`, and the hook is
 * retried with backoff until it succeeds, never given up on (issue #12,
 * finding 8). A run loop (`runUntilQuiet`, `settle`) gives a failing hook
 * `maxHookRetries` retries, and the next run loop retries it again, so a
 * cause that goes away needs no `resolve()`. With Juju's
 * `automatically-retry-hooks` off, only `resolve()` retries.
 */
import { describe, expect, it } from "vitest";
import type { RunHookOptions } from "../../src/runtime/hook.js";
import { Harness } from "../../src/testing/harness.js";
import { RETRY } from "../../src/juju/uniter.js";

/** A charm whose install hook fails while `control.failing` holds. */
function flaky(control: { failing: boolean }) {
  return async (o: RunHookOptions) => {
    const hook = o.env?.["JUJU_DISPATCH_PATH"]?.split("/")[1] ?? "";
    const ok = !(control.failing && hook === "install");
    return { ok, hook, unit: o.env?.["JUJU_UNIT_NAME"] ?? "", flags: [], ran: [], relationSets: 0, ...(ok ? {} : { error: "install failed: no disk" }) };
  };
}

function world(options: { automaticallyRetryHooks?: boolean } = {}) {
  const control = { failing: true };
  const h = new Harness({ seed: 1, maxHookRetries: 2, ...options });
  h.addApplication("app", { metadata: "name: app\n", run: flaky(control) }, 1);
  return { h, control };
}

describe("a failed hook", () => {
  it("leaves its unit in error, retried maxHookRetries times per run loop with Juju's backoff", async () => {
    const { h } = world();
    await h.runUntilQuiet();
    expect(h.status("app/0")).toEqual({ state: "error", message: 'hook failed: "install"' });
    expect(h.failures()).toEqual([expect.objectContaining({ unit: "app/0", hook: "install", attempts: 3, exhausted: true, backoffMs: 4 * RETRY.minMs })]);
    expect(h.records.map((r) => [r.hook, r.attempt, r.ok])).toEqual([["install", 1, false], ["install", 2, false], ["install", 3, false]]);
  });

  it("is retried by the next run loop until it succeeds, with no resolve()", async () => {
    const { h, control } = world();
    await h.runUntilQuiet();
    await h.runUntilQuiet();
    expect(h.failures()[0]).toMatchObject({ attempts: 5, backoffMs: 16 * RETRY.minMs });
    for (let i = 0; i < 3; i++) await h.runUntilQuiet();
    expect(h.failures()[0]!.backoffMs).toBe(RETRY.maxMs); // 5 s doubling, at most 5 min
    control.failing = false;
    await h.runUntilQuiet();
    expect(h.failures()).toEqual([]);
    expect(h.status("app/0").state).not.toBe("error");
    expect(h.records.filter((r) => r.hook === "start" && r.ok)).toHaveLength(1);
  });

  it("with automatic retries off, waits in error for resolve()", async () => {
    const { h, control } = world({ automaticallyRetryHooks: false });
    await h.runUntilQuiet();
    await h.runUntilQuiet();
    expect(h.records).toHaveLength(1);
    expect(h.status("app/0").state).toBe("error");
    control.failing = false;
    h.resolve("app/0");
    await h.runUntilQuiet();
    expect(h.failures()).toEqual([]);
  });
});
