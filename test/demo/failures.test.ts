/** A failing hook leaves relation data and flags unchanged, and the retried hook converges. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { HookRecord } from "../../src/sim/index.js";
import { tempDir } from "../support/temp.js";
import { buildDemoCharm, CLUSTER_FLAGS, demoSim, interfaceFlags } from "./support.js";

const NEVER = "should-never-be-published";

it("an injected handler error discards the hook's writes and flags; the retry converges", async () => {
  const charmDir = await buildDemoCharm(join(import.meta.dirname, "..", "fixtures", "demo", "faulty-hook.ts"));
  const marker = join(tempDir("relgen-fault-"), "failed");
  const sim = await demoSim(charmDir, {
    seed: 4,
    env: { RELGEN_FAIL_UNIT: "mysql/1", RELGEN_FAIL_HOOK: "leader-settings-changed", RELGEN_FAIL_MARKER: marker },
  });
  try {
    sim.addUnits(3);
    type Snapshot = { flags: string[]; bag: Record<string, string> };
    let failed: HookRecord | null = null;
    let before: Snapshot | null = null;
    let after: Snapshot | null = null;
    sim.onHook((r) => {
      if (r.unit === "mysql/1" && r.exitCode !== 0 && !failed) {
        failed = r;
        after = { flags: sim.flags("mysql/1"), bag: sim.databag("mysql/1") };
      }
    });
    // Record the unit's state before each hook until the fault fires.
    while (!failed && sim.pending().length > 0) {
      before = { flags: sim.flags("mysql/1"), bag: sim.databag("mysql/1") };
      await sim.step();
    }
    const failure = failed as HookRecord | null;
    expect(failure).toMatchObject({ hook: "leader-settings-changed", attempt: 1, exitCode: 1 });
    expect(existsSync(marker)).toBe(true);
    // The handler staged a publish and set a flag, then threw: the runtime flushed nothing
    // (the simulator would have dropped a failed hook's relation-set anyway, so the trace is the proof) ...
    expect(failure!.trace.map((c) => c.tool)).not.toContain("relation-set");
    expect(sim.logs("mysql/1")).toContainEqual(
      expect.objectContaining({ level: "ERROR", hook: "leader-settings-changed", message: "leader-settings-changed failed: handler injectedFault failed: injected fault" }),
    );
    // ... and committed no flag: the unit is exactly as it was before the hook.
    expect(after).toEqual(before);
    await sim.runUntilQuiet();
    expect(sim.failures()).toEqual([]);
    const retry = sim.hooks.find((h) => h.unit === "mysql/1" && h.hook === "leader-settings-changed" && h.attempt === 2);
    expect(retry).toMatchObject({ ok: true });
    for (const u of sim.units()) {
      expect(interfaceFlags(sim.flags(u)), u).toEqual(CLUSTER_FLAGS);
      expect(sim.flags(u)).not.toContain("demo.cluster-user.never-committed");
      expect(JSON.stringify(sim.databag(u)), u).not.toContain(NEVER);
    }
    expect(sim.databag("mysql/1")["cluster-user"]).toBe('"clusteruser"');
  } finally {
    await sim.close();
  }
}, 120_000);
