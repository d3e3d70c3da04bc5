/**
 * Faults that need real hook processes (issue #12): the demo cluster's
 * leader runs update-status, and at every hook-tool call of that hook its
 * process is killed (SIGKILL of its whole group, as a crash or an OOM kill
 * would), and at some calls the tool hangs past the hook timeout. Each time:
 * the hook fails, the committed bags, the peer application bag, the leader
 * settings and every unit's state file are as they were before it, and the
 * retry converges. The in-process sweep over failures and garbage output at
 * every call of every kind of demo hook is test/demo/fault-sweep.test.ts.
 * Also: a charm without `dispatch` or `hooks/`, or with a broken `dispatch`
 * link, fails its hooks instead of counting as done (finding 8).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/sim/index.js";
import { Simulator as Sim } from "../../src/sim/index.js";
import { buildDemoCharm, CLUSTER_FLAGS, demoSim, interfaceFlags } from "../demo/support.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HOOK_TIMEOUT_MS = 3000;
/** `npm test` kills at the first, the middle and the last call, and hangs at the last; RELGEN_SWEEP=full does every call both ways. */
const FULL = process.env["RELGEN_SWEEP"] === "full";

function committed(sim: Simulator): string {
  const rel = sim.relationId("cluster", "mysql");
  return JSON.stringify({
    bags: sim.units().map((u) => sim.databag(u, rel)),
    app: sim.appDatabag("mysql", rel),
    leader: sim.leaderSettings("mysql"),
    state: sim.units().map((u) => sim.unitState(u)),
  });
}

function converged(sim: Simulator): string[] {
  const problems = sim.failures().map((f) => `${f.unit} fails ${f.hook}`);
  for (const u of sim.units()) {
    if (interfaceFlags(sim.flags(u)).join() !== CLUSTER_FLAGS.join()) problems.push(`${u}: ${sim.flags(u).join(" ")}`);
    if (sim.status(u).message !== "Unit is ready and clustered") problems.push(`${u}: ${sim.status(u).message}`);
  }
  return problems;
}

describe("a leader's hook killed or hung at each of its tool calls", () => {
  it("changes nothing committed, and its retry converges", async () => {
    const sim = await demoSim(await buildDemoCharm(), { seed: 5, hookTimeoutMs: HOOK_TIMEOUT_MS });
    try {
      sim.addUnits(3);
      await sim.runUntilQuiet();
      expect(converged(sim)).toEqual([]);
      const leader = sim.leader("mysql")!;
      sim.updateStatus(leader);
      const reference = (await sim.step())!;
      expect(reference).toMatchObject({ unit: leader, hook: "update-status", ok: true });
      const calls = reference.trace.map((c) => c.tool);
      // is-leader, relation-ids, the application bag read when the handler wants the password (a blocking
      // spawn), leader-get...: a kill or a hang is tried at each, the blocking one too.
      expect(calls.length).toBeGreaterThanOrEqual(4);

      const tried = { kill: 0, hang: 0 };
      for (let call = 0; call < calls.length; call++) {
        const tool = calls[call]!;
        const skip = calls.slice(0, call).filter((t) => t === tool).length;
        const last = call === calls.length - 1;
        const kinds = FULL || last ? (["kill", "hang"] as const) : call === 0 || call === Math.floor(calls.length / 2) ? (["kill"] as const) : ([] as const);
        for (const kind of kinds) {
          const where = `${kind} at call ${call} (${tool})`;
          const before = committed(sim);
          const remove = sim.injectFault({ tool, unit: leader, skip, times: 1, ...(kind === "kill" ? { kill: true } : { delayMs: HOOK_TIMEOUT_MS + 2000 }) });
          sim.updateStatus(leader);
          const run = (await sim.step())!;
          remove();
          expect(run, where).toMatchObject({ unit: leader, hook: "update-status", ok: false, exitCode: null, signal: "SIGKILL" });
          if (kind === "hang") expect(run.timedOut, where).toBe(true);
          expect(committed(sim), where).toBe(before);
          expect(sim.status(leader).state, where).toBe("error");
          tried[kind]++;
          await sim.runUntilQuiet();
          expect(converged(sim), where).toEqual([]);
        }
      }
      console.log(`process faults: ${tried.kill} kills and ${tried.hang} hangs at ${calls.length} tool calls`);
      expect(tried.kill).toBe(FULL ? calls.length : 3);
    } finally {
      await sim.close();
    }
  }, 180_000);
});

describe("a charm Juju cannot run", () => {
  function charm(kind: "nothing" | "broken-link"): string {
    const dir = mkdtempSync(join(tmpdir(), "relgen-nodispatch-"));
    dirs.push(dir);
    writeFileSync(join(dir, "metadata.yaml"), "name: empty\n");
    if (kind === "broken-link") symlinkSync(join(dir, "gone"), join(dir, "dispatch"));
    return dir;
  }

  it.each(["nothing", "broken-link"] as const)("(%s) is refused when deployed", async (kind) => {
    await expect(Sim.create({ charmDir: charm(kind), app: "empty", seed: 1 })).rejects.toThrow(/neither an executable dispatch nor a hooks\/ directory|symbolic link to nothing/);
  });

  it("whose unit lost its dispatch after deployment fails its hooks and shows error", async () => {
    const dir = charm("nothing");
    writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const sim = await Sim.create({ charmDir: dir, app: "empty", seed: 1, maxHookRetries: 0 });
    try {
      sim.addUnits(1);
      rmSync(join(sim.charmDir("empty/0"), "dispatch"));
      await sim.runUntilQuiet();
      expect(sim.hooks[0]).toMatchObject({ hook: "install", ok: false, missingHandler: false, spawnError: expect.stringContaining("neither dispatch nor hooks/") as unknown as string });
      expect(sim.status("empty/0").state).toBe("error");
    } finally {
      await sim.close();
    }
  });

  it("with hooks/ but not this hook, skips it as Juju does", async () => {
    const dir = charm("nothing");
    mkdirSync(join(dir, "hooks"));
    const sim = await Sim.create({ charmDir: dir, app: "empty", seed: 1 });
    try {
      sim.addUnits(1);
      await sim.runUntilQuiet();
      expect(sim.hooks.every((h) => h.ok && h.missingHandler)).toBe(true);
      expect(sim.failures()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
