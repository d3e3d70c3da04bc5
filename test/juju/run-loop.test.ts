/**
 * The engine's one run loop: `settle` and `runUntilQuiet` both honour `jobs`
 * (hooks of different units at once, one at a time per unit), and `settle`
 * stops at a failed hook only once the hooks running beside it have ended.
 */
import { describe, expect, it } from "vitest";
import type { HookResult, RunHookOptions } from "../../src/runtime/hook.js";
import { Harness, HarnessError } from "../../src/testing/harness.js";

/** A charm whose hooks take a few milliseconds, counting how many run at once (and per unit). */
function counting(failOn?: string) {
  const seen = { now: 0, most: 0, perUnit: new Map<string, number>(), mostPerUnit: 0, running: 0 };
  const run = async (o: RunHookOptions): Promise<HookResult> => {
    const unit = o.env?.["JUJU_UNIT_NAME"] ?? "";
    const hook = o.env?.["JUJU_HOOK_NAME"] ?? "";
    seen.now++;
    seen.most = Math.max(seen.most, seen.now);
    seen.perUnit.set(unit, (seen.perUnit.get(unit) ?? 0) + 1);
    seen.mostPerUnit = Math.max(seen.mostPerUnit, seen.perUnit.get(unit)!);
    await new Promise((resolve) => setTimeout(resolve, 3));
    seen.now--;
    seen.perUnit.set(unit, seen.perUnit.get(unit)! - 1);
    const ok = `${unit} ${hook}` !== failOn;
    return { ok, hook, unit, flags: [], ran: [], relationSets: 0, ...(ok ? {} : { error: "planted" }) };
  };
  return { seen, charm: { metadata: { name: "app", peers: { peer: { interface: "p" } } }, run } };
}

describe("the run loop", () => {
  it.each([1, 2, 3])("settle runs up to %i hooks at once, one per unit", async (jobs) => {
    const { seen, charm } = counting();
    const h = new Harness({ seed: 4 });
    h.addApplication("app", charm, 3);
    const records = await h.settle({ jobs });
    expect(records.length).toBeGreaterThan(20);
    expect(seen.most).toBe(jobs);
    expect(seen.mostPerUnit).toBe(1);
  });

  it("runUntilQuiet takes its jobs from the engine's options too", async () => {
    const { seen, charm } = counting();
    const h = new Harness({ seed: 4, jobs: 2 });
    h.addApplication("app", charm, 3);
    await h.runUntilQuiet();
    expect(seen.most).toBe(2);
  });

  it("settle throws at a failed hook once the hooks beside it have ended", async () => {
    const { seen, charm } = counting("app/1 start");
    const h = new Harness({ seed: 4 });
    h.addApplication("app", charm, 3);
    const error = await h.settle({ jobs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toBe("app/1 start failed: planted");
    expect(seen.now).toBe(0); // nothing left running
    expect(h.failures().map((f) => f.unit)).toEqual(["app/1"]);
  });
});
