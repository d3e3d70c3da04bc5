/**
 * A charm directory is checked before anything runs: each problem is one
 * clear error naming the path and what is missing, never a stack trace or a
 * run that "succeeds" with nothing to run. `charmcraft.yaml` metadata is read
 * as Juju reads it.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CharmError, readCharmDir } from "../../src/juju/metadata.js";
import { Simulator, simCommand } from "../../src/sim/index.js";
import { RECORDER } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function charm(files: Record<string, string>, executable: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "relgen-charmdir-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  for (const name of executable) chmodSync(join(dir, name), 0o755);
  return dir;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } });
  return { code, out, err };
}

const META = "name: demo\npeers:\n  cluster:\n    interface: demo\n";

describe("a charm directory", () => {
  it("that does not exist is one error naming the path (no ENOENT stack)", async () => {
    expect(() => readCharmDir("/nonexistent/charm")).toThrow(new CharmError("charm directory /nonexistent/charm does not exist"));
    const r = await cli(["--charm", "/nonexistent/charm", "--units", "1"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("relgen sim: cannot start the simulator: charm directory /nonexistent/charm does not exist\n");
    expect(r.err).not.toMatch(/ENOENT|lstat|\n {4}at /);
  });

  it("without metadata is refused", () => {
    const dir = charm({ dispatch: "#!/bin/sh\n" }, ["dispatch"]);
    expect(() => readCharmDir(dir)).toThrow(`charm directory ${dir} has no metadata.yaml (nor a charmcraft.yaml holding the charm's metadata)`);
  });

  it("with neither dispatch nor hooks/ is refused instead of running nothing", async () => {
    const dir = charm({ "metadata.yaml": META });
    const message = `charm directory ${dir} has neither an executable dispatch nor a hooks/ directory: Juju would have nothing to run`;
    expect(() => readCharmDir(dir)).toThrow(message);
    const r = await cli(["--charm", dir, "--units", "1"]);
    expect([r.code, r.err]).toEqual([1, `relgen sim: cannot start the simulator: ${message}\n`]);
    expect(r.out).not.toContain("hooks run");
  });

  it("with a dispatch that is not executable, or a symbolic link to nothing, is refused", () => {
    const plain = charm({ "metadata.yaml": META, dispatch: "#!/bin/sh\n" });
    expect(() => readCharmDir(plain)).toThrow(`${join(plain, "dispatch")} is not executable (chmod +x it)`);
    const dangling = charm({ "metadata.yaml": META });
    symlinkSync(join(dangling, "missing-target"), join(dangling, "dispatch"));
    expect(() => readCharmDir(dangling)).toThrow(`${join(dangling, "dispatch")} is a symbolic link to nothing`);
  });

  it("with bad metadata names the file and line", () => {
    const noInterface = charm({ "metadata.yaml": "name: demo\nrequires:\n  db: {}\n", dispatch: "#!/bin/sh\n" }, ["dispatch"]);
    expect(() => readCharmDir(noInterface)).toThrow(`${join(noInterface, "metadata.yaml")}:3: endpoint "db" in "requires" has no "interface"`);
    const noName = charm({ "metadata.yaml": "summary: x\n", dispatch: "#!/bin/sh\n" }, ["dispatch"]);
    expect(() => readCharmDir(noName)).toThrow(`${join(noName, "metadata.yaml")}: the charm has no "name"`);
    const twice = charm({ "metadata.yaml": "name: d\nprovides:\n  db: {interface: a}\nrequires:\n  db: {interface: a}\n", dispatch: "#!/bin/sh\n" }, ["dispatch"]);
    expect(() => readCharmDir(twice)).toThrow(/:5: endpoint "db" is declared in both "provides" and "requires"/);
    const broken = charm({ "metadata.yaml": "name: [unclosed\n", dispatch: "#!/bin/sh\n" }, ["dispatch"]);
    expect(() => readCharmDir(broken)).toThrow(/metadata\.yaml:\d+:\d+: not valid YAML/);
  });

  it("with only charmcraft.yaml is read as Juju reads it: its name and its endpoints", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-charmdir-"));
    dirs.push(dir);
    cpSync(RECORDER, dir, { recursive: true });
    unlinkSync(join(dir, "metadata.yaml"));
    writeFileSync(join(dir, "charmcraft.yaml"), "type: charm\nname: crafted\nsummary: s\nbases: []\npeers:\n  ring:\n    interface: ring-peers\n");
    const read = readCharmDir(dir);
    expect(read.metadata).toEqual({ name: "crafted", summary: "s", endpoints: [{ name: "ring", role: "peer", interface: "ring-peers" }], extraBindings: [] });
    const sim = await Simulator.create({ charmDir: dir, seed: 1 });
    try {
      expect(sim.app).toBe("crafted");
      expect(sim.relations().map((r) => r.key)).toEqual(["crafted:ring"]);
      sim.addUnits(1);
      await sim.runUntilQuiet();
      expect(sim.hooks.map((h) => h.hook)).toContain("ring-relation-created");
    } finally {
      await sim.close();
    }
  });
});
