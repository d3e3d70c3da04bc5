/**
 * Text that is not valid UTF-8 is refused, never stored as U+FFFD (issue
 * #12, finding 6): by the tools, for bytes in argv or in a file; by the
 * runtime, for a lone surrogate it was asked to write; and the simulator's
 * relation-set parser is linear in the document's size (finding 5).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSettingsDocument } from "../../src/juju/tools/settings-doc.js";
import { InvalidTextError } from "../../src/runtime/errors.js";
import { Simulator } from "../../src/sim/index.js";
import { decodeArgument } from "../../src/sim/protocol.js";
import { Harness } from "../../src/testing/harness.js";
import { RECORDER } from "./helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await Simulator.create({ charmDir: RECORDER, seed: 7 });
  sim.addUnits(2);
  await sim.runUntilQuiet();
});
afterAll(() => sim.close());

const sh = (script: string) => sim.execInHook("mysql/0", "update-status", ["sh", "-c", script]);

describe("bytes that are not UTF-8", () => {
  it("in a relation-set argument: refused with exit 2, nothing stored", async () => {
    const before = sim.databag("mysql/0");
    const out = await sh(`relation-set -r cluster:0 "good=yes" "k=$(printf '\\377\\376')"`);
    expect(out).toMatchObject({ exitCode: 2, stderr: "ERROR invalid UTF-8 in argument 4\n" });
    expect(sim.databag("mysql/0")).toEqual(before);
  });

  it("in a leader-set or juju-log argument: refused the same way", async () => {
    expect(await sh(`leader-set "k=$(printf 'a\\300b')"`)).toMatchObject({ exitCode: 2, stderr: "ERROR invalid UTF-8 in argument 1\n" });
    expect(sim.leaderSettings("mysql")).not.toHaveProperty("k");
  });

  it("in a relation-set or secret-add file: refused, nothing stored", async () => {
    const before = sim.databag("mysql/0");
    const rs = await sh(`printf 'k: \\377\\n' | relation-set -r cluster:0 --file -`);
    expect(rs.exitCode).toBe(1);
    expect(rs.stderr).toContain("invalid UTF-8");
    expect(sim.databag("mysql/0")).toEqual(before);
    const sa = await sh(`printf 'k: \\377\\n' > /tmp/relgen-text-$$ && secret-add --file /tmp/relgen-text-$$; rc=$?; rm -f /tmp/relgen-text-$$; exit $rc`);
    expect(sa.exitCode).not.toBe(0);
    expect(sa.stderr).toContain("not valid UTF-8");
    expect(sim.secrets()).toEqual([]);
  });

  it("valid UTF-8 arguments, any plane, are stored as they are", async () => {
    const out = await sim.execInHook("mysql/0", "update-status", ["relation-set", "-r", "cluster:0", "k=é💾 \u2028x"]);
    expect(out.exitCode).toBe(0);
    expect(sim.databag("mysql/0")["k"]).toBe("é💾 \u2028x");
  });
});

describe("decoding an argument", () => {
  it("is UTF-8 for valid bytes, and maps each invalid byte to its own lone surrogate (lossless)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const text = decodeArgument(bytes);
        // Re-encoding valid parts as UTF-8 and each U+DC80..U+DCFF as its byte gives the bytes back.
        const back: number[] = [];
        for (const ch of text) {
          const cp = ch.codePointAt(0)!;
          if (cp >= 0xdc80 && cp <= 0xdcff) back.push(cp - 0xdc00);
          else back.push(...Buffer.from(ch, "utf8"));
        }
        expect(Buffer.from(back)).toEqual(Buffer.from(bytes));
        let valid = true;
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        } catch {
          valid = false;
        }
        expect(/[\uDC80-\uDCFF]/.test(text) && !/[\uD800-\uDBFF]/.test(text)).toBe(!valid);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

describe("the runtime", () => {
  async function backend() {
    const h = new Harness({ app: "mysql", peer: "cluster", run: async (o) => ({ ok: true, hook: "", unit: o.env?.["JUJU_UNIT_NAME"] ?? "", flags: [], ran: [], relationSets: 0 }) });
    h.addUnits(1);
    await h.settle();
    return { h, hook: h.openHook({ unit: "mysql/0", hook: "update-status" }) };
  }

  it("refuses to write a lone surrogate, naming the key and never the value, and runs no tool", async () => {
    const { h, hook } = await backend();
    const attempts = [
      () => hook.backend.relationSet("cluster:0", { "cluster-address": "10.5.0.\ud800" }),
      () => hook.backend.leaderSet({ "cluster-address": "10.5.0.\udc00" }),
      () => hook.backend.secretAdd({ password: "x\ud83d" }),
    ];
    for (const attempt of attempts) {
      const error = await attempt().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidTextError);
      expect((error as Error).message).toMatch(/"(cluster-address|password)" is not valid Unicode text/);
      expect((error as Error).message).not.toContain("10.5.0.");
    }
    expect(hook.trace).toEqual([]);
    hook.finish(true);
    expect(h.leaderSettings("mysql")).toEqual({});
  });

  it("shows a lone surrogate in a status or a log line as U+FFFD instead of failing", async () => {
    const { h, hook } = await backend();
    await hook.backend.statusSet("waiting", "peer 10.5.0.\ud800 is odd");
    await hook.backend.log("INFO", "peer 10.5.0.\ud800 is odd");
    hook.finish(true);
    expect(h.status("mysql/0")).toEqual({ state: "waiting", message: "peer 10.5.0.\ufffd is odd" });
    expect(h.logs("mysql/0").at(-1)?.message).toBe("peer 10.5.0.\ufffd is odd");
  });
});

describe("the relation-set parser", () => {
  it("reads a large JSON-style document whole: every entry, newlines in values kept", () => {
    const n = 8000;
    const doc = Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`key-${i}`, `value\n${i}`]))));
    const read = parseSettingsDocument(doc);
    expect(read.size).toBe(n);
    expect(read.get(`key-${n - 1}`)).toBe(`value\n${n - 1}`);
  });
});
