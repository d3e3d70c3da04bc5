/**
 * A log line or a status message is safe for argv before it reaches any tool
 * (issue 17): control characters escaped visibly, NUL included, length
 * bounded (1 KiB for a status, 4 KiB for a log line) with `…` and the
 * original length. And the status a hook skips setting again is compared as
 * Juju shows it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RunningHook } from "../../src/runtime/context.js";
import type { HookEnv } from "../../src/runtime/hook-env.js";
import { defineCharm, type Hook } from "../../src/runtime/index.js";
import { FileShownStatus } from "../../src/runtime/shown-status.js";
import { MAX_LOG_BYTES, MAX_STATUS_BYTES } from "../../src/runtime/text.js";
import { ToolBackend } from "../../src/runtime/tool-backend.js";
import { Harness } from "../../src/testing/harness.js";
import { tempDir } from "../support/temp.js";

/** The argv every tool call got; tools print nothing. */
class Capture extends ToolBackend {
  readonly calls: { tool: string; args: string[] }[] = [];
  protected async invoke(tool: string, args: string[]): Promise<string> {
    this.calls.push({ tool, args });
    return "";
  }
}

/** What a terminal or an argv would act on: control characters, line separators, bidi controls, lone surrogates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom("\0", "\n", "\u2028", "\u202e", "\u2066", "\ud800", "\udc00", "\u{1F600}", "\u00e9", "\\") },
);
const text = fc.oneof(fc.string({ unit, maxLength: 40 }), fc.string({ unit, maxLength: 3000 }), fc.string({ unit: "grapheme-ascii", minLength: 4000, maxLength: 5000 }));

describe("a log line and a status message", () => {
  it("reach the tool without a control character, within their bound, unchanged when short and clean", async () => {
    await fc.assert(
      fc.asyncProperty(text, async (message) => {
        const backend = new Capture();
        await backend.log("INFO", message);
        await backend.statusSet("active", message);
        const [log, status] = backend.calls;
        const bytes = Buffer.byteLength(message);
        for (const [shown, bound] of [
          [log!.args[3]!, MAX_LOG_BYTES],
          [status!.args[2]!, MAX_STATUS_BYTES],
        ] as const) {
          expect(shown).not.toMatch(UNSAFE);
          expect(Buffer.byteLength(shown)).toBeLessThanOrEqual(bound);
          if (bytes <= bound && !UNSAFE.test(message)) expect(shown).toBe(message);
          if (bytes > bound) expect(shown.endsWith(`… (${bytes} bytes)`)).toBe(true);
        }
        expect(backend.calls.map((c) => c.args.slice(0, 2))).toEqual([["--log-level", "INFO"], ["active", "--"]]);
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it("show NUL, newline and escape visibly, and a lone surrogate as U+FFFD", async () => {
    const backend = new Capture();
    await backend.statusSet("waiting", "a=b\nc\0d \u001b[31m \ud800");
    expect(backend.calls[0]!.args).toEqual(["waiting", "--", "a=b\\nc\\0d \\x1b[31m \uFFFD"]);
  });
});

const info = { hookName: "update-status", unit: "shown/0", app: "shown" } as unknown as HookEnv;

describe("the status shown", () => {
  it("is compared and remembered as Juju shows it: escaped and bounded", async () => {
    const dir = tempDir("relgen-shown-");
    const memory = new FileShownStatus(dir);
    const long = "x".repeat(2000);
    const first = new Capture();
    await new RunningHook(first, info, new Set(), memory).status("active", `${long}A\n`);
    const shown = first.calls[0]!.args[2]!;
    expect(shown.endsWith("… (2002 bytes)")).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, ".unit-status.json"), "utf8"))).toEqual({ state: "active", message: shown });

    // Another message that Juju shows alike (same head, same length): nothing to set.
    const second = new Capture();
    await new RunningHook(second, info, new Set(), memory).status("active", `${long}B\n`);
    expect(second.calls).toEqual([]);
    await new RunningHook(second, info, new Set(), memory).status("active", "two\nlines");
    await new RunningHook(second, info, new Set(), memory).status("active", "two\nlines");
    expect(second.calls.map((c) => c.args)).toEqual([["active", "--", "two\\nlines"]]);
    expect(memory.read()).toEqual({ state: "active", message: "two\\nlines" });
  });

  it("in the harness, is the shown text, and a hook that would show the same sets nothing", async () => {
    const control = { message: "" };
    const charm = defineCharm({ endpoints: [] });
    charm.when().do(async function report(hook: Hook) {
      await hook.status("active", control.message);
    });
    const h = new Harness({ seed: 1 });
    control.message = `${"y".repeat(5000)}\0`;
    h.addApplication("shown", { metadata: "name: shown\n", run: (o) => charm.run(o) }, 1);
    await h.settle();
    const { message } = h.status("shown/0");
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_STATUS_BYTES);
    expect(message).toMatch(/^y+… \(5001 bytes\)$/);
    control.message = `${"y".repeat(5000)}\n`;
    const again = await h.deliver({ unit: "shown/0", hook: "update-status" });
    expect(again.trace.map((c) => c.tool)).not.toContain("status-set");
  });
});
