/**
 * Nothing outlives its owner: a hook's background children die with the
 * hook, `close()` ends what left the hook's process group, a kept work dir is
 * refused by name, a failed `create` leaves nothing, and a state save killed
 * half-way leaves a temp file that the next hook removes.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { Charm, FileStateStore } from "../../src/runtime/index.js";
import { withSecretFile } from "../../src/runtime/secret-file.js";
import { Simulator } from "../../src/sim/index.js";
import { cluster, peerWorld } from "../support/peer-world.js";
import { ended, running } from "../support/processes.js";
import { tempDir } from "../support/temp.js";
import { makeCharm, simulator } from "./helpers.js";

const pidOf = (sim: Simulator, unit: string, file: string): number => Number(readFileSync(join(sim.charmDir(unit), file), "utf8").trim());

describe("processes a hook starts", () => {
  it("a background child left in the hook's process group is killed when the hook exits", async () => {
    const sim = await simulator({
      charmDir: makeCharm('if [ "$JUJU_HOOK_NAME" = install ]; then sleep 1000 >/dev/null 2>&1 & echo $! > "$JUJU_CHARM_DIR/bg.pid"; fi'),
      seed: 1,
    });
    sim.addUnits(1);
    const install = await sim.step();
    expect(install).toMatchObject({ hook: "install", ok: true });
    const pid = pidOf(sim, "mysql/0", "bg.pid");
    expect(pid).toBeGreaterThan(1);
    expect(await ended(pid)).toBe(true);
  });

  it("one that left the group (setsid) outlives the hook, as a daemon would, and close() kills it", async () => {
    const sim = await simulator({
      charmDir: makeCharm(`if [ "$JUJU_HOOK_NAME" = install ]; then
  setsid sleep 1000 >/dev/null 2>&1 </dev/null &
  pid=$!
  echo $pid > "$JUJU_CHARM_DIR/daemon.pid"
  # The hook ends once the daemon has its own session (else the group kill could beat setsid).
  until read -r _ _ _ _ _ sid _ < /proc/$pid/stat && [ "$sid" = "$pid" ]; do sleep 0.01; done
fi`),
      seed: 1,
    });
    sim.addUnits(1);
    expect(await sim.step()).toMatchObject({ hook: "install", ok: true });
    const pid = pidOf(sim, "mysql/0", "daemon.pid");
    await sim.runUntilQuiet();
    expect(running(pid)).toBe(true);
    await sim.close();
    expect(await ended(pid)).toBe(true);
  });
});

describe("the work dir", () => {
  it("a second simulator on a kept work dir is refused with an error that names it and says what to do", async () => {
    const workDir = join(tempDir("relgen-workdir-"), "work");
    const first = await Simulator.create({ workDir, charmDir: makeCharm("true"), seed: 1 });
    first.addUnits(1);
    await first.runUntilQuiet();
    await first.close();
    expect(existsSync(join(workDir, "units", "mysql-0", "charm"))).toBe(true);
    await expect(Simulator.create({ workDir })).rejects.toThrow(
      `Simulator.create: the work dir ${workDir} is not empty (kept from an earlier simulator?): remove it, or pass a new or empty directory as workDir`,
    );
    const file = join(tempDir("relgen-workdir-"), "file");
    writeFileSync(file, "");
    await expect(Simulator.create({ workDir: file })).rejects.toThrow(`the work dir ${file} exists and is not a directory`);
  });

  it("an empty directory is a good work dir, and is kept", async () => {
    const workDir = tempDir("relgen-workdir-");
    const sim = await Simulator.create({ workDir, charmDir: makeCharm("true"), seed: 1 });
    sim.addUnits(1);
    await sim.runUntilQuiet();
    await sim.close();
    expect(readdirSync(workDir)).toContain("units");
  });

  it("a create that fails half-way leaves no work dir, socket or server behind", async () => {
    const charm = makeCharm("true");
    // A temp dir of this test's own for the simulator's default work dir (other test files share the run's).
    const isolated = tempDir("relgen-tmp-");
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = isolated;
    try {
      await expect(Simulator.create({ charmDir: charm, app: "Not_An_App" })).rejects.toThrow(/invalid application name/);
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
    }
    expect(readdirSync(isolated)).toEqual([]);
    const given = join(tempDir("relgen-workdir-"), "work");
    await expect(Simulator.create({ workDir: given, charmDir: charm, app: "Not_An_App" })).rejects.toThrow(/invalid application name/);
    expect(existsSync(given)).toBe(false);
  });
});

describe("the unit state file's temporary file", () => {
  /** A process that saves unit state in a loop; killed at random points until one kill leaves a temp file. */
  async function killMidSave(dir: string): Promise<{ pid: number; attempts: number }> {
    const script = join(dir, "..", "saver.mjs");
    await build({
      stdin: {
        contents: `import { FileStateStore } from "./src/runtime/state.ts";
const store = new FileStateStore(process.argv[2]);
const state = { flags: Array.from({ length: 20000 }, (_, i) => "flag." + i), seen: {}, ingressOverride: {} };
store.save(state);
process.stdout.write("saved once\\n");
for (;;) store.save(state);`,
        resolveDir: join(import.meta.dirname, "..", ".."),
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: script,
      logLevel: "silent",
    });
    for (let attempts = 1; attempts <= 50; attempts++) {
      const child = spawn(process.execPath, [script, dir], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      await new Promise((r) => setTimeout(r, 5 + attempts));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      if (readdirSync(dir).includes(`.unit-state.${child.pid}.tmp`)) return { pid: child.pid!, attempts };
    }
    throw new Error("no kill landed inside a save in 50 attempts");
  }

  it("a save killed half-way leaves .unit-state.<pid>.tmp; the next hook removes it and reads the last complete state", async () => {
    const dir = join(tempDir("relgen-state-"), "charm");
    mkdirSync(dir);
    const { pid } = await killMidSave(dir);
    const stateFiles = () => readdirSync(dir).filter((n) => n.startsWith(".unit-state.")).sort();
    expect(stateFiles()).toEqual([".unit-state.json", `.unit-state.${pid}.tmp`].sort());

    const h = await peerWorld(2);
    const r = await h.deliver({ unit: "mysql/0", hook: "update-status" }, (o) => new Charm<string>([cluster]).run({ ...o, state: new FileStateStore(dir) }));
    expect(r.result!.ok).toBe(true);
    expect(r.result!.flags).toContain("flag.19999");
    expect(stateFiles()).toEqual([".unit-state.json"]);
  }, 180_000);

  it("a temp file of a process still running (a save in progress) is left alone", async () => {
    const dir = tempDir("relgen-state-");
    const other = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const live = `.unit-state.${other.pid}.tmp`;
      writeFileSync(join(dir, live), "{");
      writeFileSync(join(dir, ".unit-state.json"), '{"version":1,"flags":["a"]}\n');
      expect(new FileStateStore(dir).load().flags).toEqual(["a"]);
      expect(readdirSync(dir).sort()).toEqual([".unit-state.json", live].sort());
    } finally {
      other.kill("SIGKILL");
    }
  });
});

describe("a secret's content file of a hook that died during the call", () => {
  it("is removed by the next secret write, and a live process's is left alone", async () => {
    const dead = join(tmpdir(), "relgen-secret-999999999-abcdef");
    const live = join(tmpdir(), `relgen-secret-${process.ppid}-abcdef`);
    for (const d of [dead, live]) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, "content.json"), "{}", { mode: 0o600 });
    }
    let seen = "";
    await withSecretFile({ password: "x" }, async (path) => {
      seen = path;
    });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(seen)).toBe(false);
    rmSync(live, { recursive: true, force: true });
  });
});
