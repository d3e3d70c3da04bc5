/**
 * The harness fails where a process fails (issue 17): argv that a process
 * launch refuses (a NUL byte in an argument, one argument over Linux's
 * MAX_ARG_STRLEN of 131072 bytes with its NUL, argv over 2 MiB) is refused by
 * both drivers with the same error, before any tool runs; the limits are the
 * kernel's own, checked against a real launch; and the Juju side's in-process
 * entry (`HookContext.call`) refuses it too.
 */
import { afterAll, describe, expect, it } from "vitest";
import { HookToolError } from "../../src/runtime/errors.js";
import { HookToolBackend } from "../../src/runtime/hook-tool-backend.js";
import { argvRefusal, MAX_ARG_BYTES } from "../../src/common/redact.js";
import { ArgvRefusedError } from "../../src/juju/context.js";
import type { Simulator } from "../../src/sim/index.js";
import { failure, harnessFactory, SECRET, simulatorFactory, type ContractFactory } from "../support/backend-contract.js";

const sim = simulatorFactory();
afterAll(() => sim.cleanup());

/** `k=<value>` with a value that makes the argument `bytes` long. */
const argOf = (bytes: number): Record<string, string> => ({ k: "v".repeat(bytes - 2) });
const LONGEST = MAX_ARG_BYTES - 1; // 131071: the longest argument Linux takes
const NUL = "ERR_INVALID_ARG_VALUE: a NUL byte in an argument";
const E2BIG = "E2BIG: argument list too long";
const refused = (args: string, why: string) => `leader-set ${args} failed: leader-set could not be started (${why})`;

/** 17 arguments of 125000 bytes: 2.1 MB in all, each under the per-argument limit. */
const wide = (): Record<string, string> => Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "w".repeat(125_000 - 4)]));
const wideArgs = Array.from({ length: 17 }, (_, i) => `k${i}=<redacted>`).join(" ");

const drivers: [string, ContractFactory][] = [
  ["harness", harnessFactory()],
  ["simulator", sim.factory],
];

describe.each(drivers)("argv a process launch refuses (%s)", (_name, factory) => {
  it("is refused with the launch's error, naming no value, and no tool runs", async () => {
    const s = await factory("mysql/0");
    const before = s.engine.leaderSettings("mysql");
    const cases: [Record<string, string>, string][] = [
      [{ k: `${SECRET}\0` }, refused("k=<redacted>", NUL)],
      [argOf(LONGEST + 1), refused("k=<redacted>", E2BIG)],
      [wide(), refused(wideArgs, E2BIG)],
    ];
    for (const [values, message] of cases) {
      const error = await failure(s.backend.leaderSet(values));
      expect(error.constructor).toBe(HookToolError);
      expect([error.message, error.exitCode, error.stderr]).toEqual([message, null, ""]);
      expect(error.message).not.toContain(SECRET);
    }
    expect(s.calls()).toEqual([]);
    expect(s.engine.leaderSettings("mysql")).toEqual(before);
  });

  it("up to the limit is passed", async () => {
    const s = await factory("mysql/0");
    await s.backend.leaderSet(argOf(LONGEST));
    expect(s.engine.leaderSettings("mysql")["k"]).toHaveLength(LONGEST - 2);
    expect(s.calls().map((c) => c.tool)).toEqual(["leader-set"]);
  });
});

describe("the limits", () => {
  /** HookToolBackend without the runtime's check: the kernel and Node decide. */
  class Unchecked extends HookToolBackend {
    launch(tool: string, args: string[]): Promise<string> {
      return this.invoke(tool, args);
    }
  }

  it("are the kernel's: a real launch refuses and passes the same argv, with the same error", async () => {
    const s = await sim.factory("mysql/0");
    const raw = new Unchecked({ toolDir: s.toolDir!, env: s.env!, timeoutMs: 20_000 });
    const argv = (values: Record<string, string>) => Object.entries(values).map(([k, v]) => `${k}=${v}`);
    for (const values of [{ k: "a\0b" }, argOf(LONGEST + 1), wide()]) {
      const launched = await failure(raw.launch("leader-set", argv(values)));
      const checked = await failure(s.backend.leaderSet(values));
      expect(argvRefusal("leader-set", argv(values))).not.toBeNull();
      expect(launched.message).toBe(checked.message);
    }
    await raw.launch("leader-set", argv(argOf(LONGEST)));
    // Multi-byte text counts in UTF-8 bytes: "k=x" and 65534 × 2 bytes.
    const accents = `k=x${"\u00e9".repeat(65534)}`;
    expect(Buffer.byteLength(accents)).toBe(LONGEST);
    await raw.launch("leader-set", [accents]);
    await s.backend.leaderSet({ k: `x${"\u00e9".repeat(65534)}` });
    expect(argvRefusal("leader-set", [`${accents}x`])).toBe("E2BIG");
    await expect(raw.launch("leader-set", [`${accents}x`])).rejects.toThrow(E2BIG);
  });

  it("hold at the Juju side's in-process entry too (HookContext.call): refused with the launch's code, nothing traced", async () => {
    const simulator = (await sim.factory("mysql/0")).engine as Simulator;
    const { context, finish } = simulator.openHook({ unit: "mysql/0", hook: "update-status" });
    const call = (args: string[]) => context.call("juju-log", args, { cwd: process.cwd(), stdin: null });
    for (const [args, code] of [
      [["--", `${SECRET}\0`], "ERR_INVALID_ARG_VALUE"],
      [["--", "x".repeat(LONGEST + 1)], "E2BIG"],
    ] as const) {
      const error = (await call([...args]).catch((e: unknown) => e)) as ArgvRefusedError;
      expect(error).toBeInstanceOf(ArgvRefusedError);
      expect([error.tool, error.code]).toEqual(["juju-log", code]);
      expect(error.message).toBe(`juju-log could not be started (${code})`);
    }
    await call(["--", "x".repeat(LONGEST)]);
    expect(context.trace.map((c) => c.tool)).toEqual(["juju-log"]);
    finish(true);
  });
});
