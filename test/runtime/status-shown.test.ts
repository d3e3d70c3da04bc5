/**
 * The workload status a hook skips setting again is the one Juju shows, not
 * the one the last successful hook saved: `status-set` takes effect at once,
 * even in a hook that fails (issue #12, finding 3).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineCharm, type Hook } from "../../src/runtime/index.js";
import { FileShownStatus } from "../../src/runtime/shown-status.js";
import { Harness } from "../../src/testing/harness.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A charm whose status says `control.message`; it fails after setting it while `control.failing` holds. */
function statusCharm() {
  const control = { failing: false, message: "ready" };
  const charm = defineCharm({ endpoints: [] });
  charm.when().do(async function report(hook: Hook) {
    await hook.status("active", control.message);
    if (control.failing) throw new Error("the workload is not there yet");
  });
  return { charm, control };
}

const METADATA = "name: shown\n";

describe("the status shown", () => {
  it("is set again after a failed hook left another one showing, even when it equals the last saved one", async () => {
    const { charm, control } = statusCharm();
    const h = new Harness({ seed: 1 });
    h.addApplication("shown", { metadata: METADATA, run: (o) => charm.run(o) }, 1);
    await h.settle();
    expect(h.status("shown/0")).toEqual({ state: "active", message: "ready" });

    // A hook shows "ready and clustered" and fails: Juju shows it at once.
    control.failing = true;
    control.message = "ready and clustered";
    h.updateStatus("shown/0");
    expect(await h.step()).toMatchObject({ hook: "update-status", ok: false });
    expect(h.status("shown/0").state).toBe("error");
    expect(h.logs("shown/0").at(-1)?.message).toContain("the workload is not there yet");

    // The retry computes "ready", the status the last successful hook saved: it must still set it.
    control.failing = false;
    control.message = "ready";
    await h.settle({ allowFailures: true });
    expect(h.status("shown/0")).toEqual({ state: "active", message: "ready" });
  });

  it("costs no status-set when Juju already shows it", async () => {
    const { charm } = statusCharm();
    const h = new Harness({ seed: 1 });
    h.addApplication("shown", { metadata: METADATA, run: (o) => charm.run(o) }, 1);
    await h.settle();
    const quiet = await h.deliver({ unit: "shown/0", hook: "update-status" });
    expect(quiet.trace.map((c) => c.tool)).not.toContain("status-set");
  });

  it("is remembered beside the state file, forgotten while a status-set runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-status-"));
    dirs.push(dir);
    const memory = new FileShownStatus(dir);
    expect(memory.read()).toBeUndefined();
    memory.write({ state: "active", message: "Unit is ready" });
    expect(JSON.parse(readFileSync(join(dir, ".unit-status.json"), "utf8"))).toEqual({ state: "active", message: "Unit is ready" });
    expect(new FileShownStatus(dir).read()).toEqual({ state: "active", message: "Unit is ready" });
    memory.write(undefined);
    expect(memory.read()).toBeUndefined();
  });
});
