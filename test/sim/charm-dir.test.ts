/**
 * A charm directory is checked before anything runs: each problem is one
 * clear error naming the path and what is missing, never a stack trace or a
 * run that "succeeds" with nothing to run. `charmcraft.yaml` metadata is read
 * as Juju reads it.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
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

  it("given as a symbolic link, is copied from its real directory into each unit: hooks never write into the user's charm, and no .unit-* file is copied", async () => {
    // Every hook leaves a file in its charm directory, as the runtime leaves .unit-state.json and .unit-status.json.
    const dispatch = '#!/bin/sh\necho "$JUJU_UNIT_NAME" > .unit-status.json\necho x >> "hooks-of-$(echo "$JUJU_UNIT_NAME" | tr / -)"\n';
    const dir = charm({ "metadata.yaml": META, dispatch, ".unit-status.json": "stale\n", ".unit-other": "stale\n" }, ["dispatch"]);
    const link = join(mkdtempSync(join(tmpdir(), "relgen-charmdir-")), "charm");
    dirs.push(join(link, ".."));
    symlinkSync(dir, link);
    const before = readdirSync(dir).sort();

    const sim = await Simulator.create({ charmDir: link, seed: 1 });
    try {
      sim.addUnits(2);
      await sim.runUntilQuiet();
      for (const unit of ["demo/0", "demo/1"]) {
        const copy = sim.charmDir(unit);
        expect(lstatSync(copy).isDirectory(), unit).toBe(true); // a folder of its own, not a link to the charm
        expect(readFileSync(join(copy, ".unit-status.json"), "utf8")).toBe(`${unit}\n`);
        expect(existsSync(join(copy, ".unit-other"))).toBe(false);
        expect(readdirSync(copy).filter((n) => n.startsWith("hooks-of-"))).toEqual([`hooks-of-${unit.replace("/", "-")}`]);
      }
    } finally {
      await sim.close();
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readFileSync(join(dir, ".unit-status.json"), "utf8")).toBe("stale\n");
  });

  it("with a symbolic link inside: one within the charm is copied as what it points to; one that leaves it, or loops, is refused in one line", async () => {
    const dir = charm({ "metadata.yaml": META, dispatch: '#!/bin/sh\necho written > lib/through-link\n', "src/lib/data.txt": "data\n" }, ["dispatch"]);
    symlinkSync("src/lib", join(dir, "lib"));
    const sim = await Simulator.create({ charmDir: dir, seed: 1 });
    try {
      sim.addUnits(1);
      await sim.runUntilQuiet();
      const copy = sim.charmDir("demo/0");
      expect(lstatSync(join(copy, "lib")).isDirectory()).toBe(true); // dereferenced: the unit's own folder
      expect(readFileSync(join(copy, "lib", "data.txt"), "utf8")).toBe("data\n");
      expect(readFileSync(join(copy, "lib", "through-link"), "utf8")).toBe("written\n");
    } finally {
      await sim.close();
    }
    expect(readdirSync(join(dir, "src", "lib"))).toEqual(["data.txt"]); // nothing written into the user's charm

    unlinkSync(join(dir, "lib"));
    symlinkSync("..", join(dir, "lib"));
    const up = await cli(["--charm", dir, "--units", "1"]);
    expect([up.code, up.err]).toEqual([1, `relgen sim: cannot start the simulator: ${join(dir, "lib")} is a symbolic link to .., outside the charm: a unit would share it (and charmcraft would not pack it); copy what it points to into the charm instead\n`]);
    unlinkSync(join(dir, "lib"));
    symlinkSync(".", join(dir, "src", "loop"));
    const loop = await cli(["--charm", dir, "--units", "1"]);
    expect([loop.code, loop.err]).toEqual([1, `relgen sim: cannot start the simulator: ${join(dir, "src", "loop")} is a symbolic link to a folder that holds it (.): the charm would never end; remove the link\n`]);
    expect(loop.out).not.toContain("hooks run");
  });
});
