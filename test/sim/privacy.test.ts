/**
 * The simulator's hook-tool socket and hook contexts are as private as
 * Juju's (issue #12, finding 4): the socket is mode 0600 in a folder of mode
 * 0700, also when the work dir's path is too long for a socket, and a hook
 * context id carries 96 random bits, so it cannot be guessed from another.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../src/sim/index.js";
import { tempDir } from "../support/temp.js";
import { RECORDER } from "./helpers.js";

const mode = (path: string) => statSync(path).mode & 0o777;

describe("the hook-tool socket", () => {
  it.each([
    ["a short work dir path", 10],
    ["a work dir path too long for a socket", 120],
  ])("with %s is mode 0600, in a folder of mode 0700", async (_what, length) => {
    const base = tempDir("relgen-privacy-");
    const workDir = join(base, "w".repeat(Math.max(1, length - base.length - 1)));
    const sim = await Simulator.create({ charmDir: RECORDER, seed: 1, workDir });
    try {
      expect(mode(sim.socketPath)).toBe(0o600);
      expect(mode(join(sim.socketPath, ".."))).toBe(0o700);
    } finally {
      await sim.close();
    }
  });
});

describe("a hook context id", () => {
  it("is the unit, the hook and 96 random bits, different for every hook", async () => {
    const sim = await Simulator.create({ charmDir: RECORDER, seed: 1 });
    try {
      sim.addUnits(1);
      const ids = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const { env } = await sim.execInHook("mysql/0", "update-status", ["sh", "-c", "echo $JUJU_CONTEXT_ID"]).then((r) => ({ env: r.stdout.trim() }));
        expect(env).toMatch(/^mysql\/0-update-status-[0-9a-f]{24}$/);
        ids.add(env);
      }
      expect(ids.size).toBe(5);
    } finally {
      await sim.close();
    }
  });
});
