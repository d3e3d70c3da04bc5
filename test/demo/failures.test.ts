/** A failing hook leaves relation data and flags unchanged, and the retried hook converges. */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buildDemoCharm, CLUSTER_FLAGS, demoSim, interfaceFlags } from "./support.js";

it("an injected handler error discards the hook's writes and flags; the retry converges", async () => {
  const charmDir = await buildDemoCharm(join(import.meta.dirname, "..", "fixtures", "demo", "faulty-hook.ts"));
  const marker = join(mkdtempSync(join(tmpdir(), "relgen-fault-")), "failed");
  const sim = await demoSim(charmDir, {
    seed: 4,
    env: { RELGEN_FAIL_UNIT: "mysql/1", RELGEN_FAIL_HOOK: "leader-settings-changed", RELGEN_FAIL_MARKER: marker },
  });
  try {
    sim.addUnits(3);
    let failed = false;
    type Snapshot = { flags: string[]; bag: Record<string, string> };
    let before: Snapshot | null = null;
    let after: Snapshot | null = null;
    sim.onHook((r) => {
      if (r.unit === "mysql/1" && r.exitCode !== 0 && !failed) {
        failed = true;
        after = { flags: sim.flags("mysql/1"), bag: sim.databag("mysql/1") };
      }
    });
    // Record the unit's state before each hook until the fault fires.
    while (!failed && sim.pending().length > 0) {
      before = { flags: sim.flags("mysql/1"), bag: sim.databag("mysql/1") };
      await sim.step();
    }
    expect(failed).toBe(true);
    expect(after).toEqual(before);
    expect(before!.bag["cluster-user"]).not.toBe('"should-never-be-published"');
    expect(existsSync(marker)).toBe(true);
    await sim.runUntilQuiet();
    expect(sim.failures()).toEqual([]);
    expect(sim.hooks.some((h) => h.unit === "mysql/1" && h.exitCode !== 0)).toBe(true);
    for (const u of sim.units()) {
      expect(interfaceFlags(sim.flags(u)), u).toEqual(CLUSTER_FLAGS);
      expect(sim.flags(u)).not.toContain("demo.cluster-user.never-committed");
    }
    expect(sim.databag("mysql/1")["cluster-user"]).toBe('"clusteruser"');
  } finally {
    await sim.close();
  }
}, 120_000);
