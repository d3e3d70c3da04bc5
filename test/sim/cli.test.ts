/** `relgen sim` end to end. */
import { describe, expect, it } from "vitest";
import { simCommand } from "../../src/sim/index.js";
import { RECORDER, recorderCharm } from "./helpers.js";

async function sim(args: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, {
    stdout: { write: (s: string) => (out += s), isTTY: tty },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

describe("relgen sim", () => {
  it("deploys, scales, removes, and prints a table and a summary", async () => {
    const r = await sim(["--charm", RECORDER, "--units", "2", "--then", "scale:3", "--then", "remove:mysql/0", "--seed", "5", "--expect-flags", "started"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^simulating mysql from .* \(seed 5, (c|node) hook-tool client\)\n/);
    expect(r.out).toContain("== step 2/3: scale:3");
    expect(r.out).toMatch(/\n +\d+ +mysql\/2 +cluster-relation-joined +cluster:0 +mysql\/\d +0 +\d+ +3 +active: started +started\n/);
    expect(r.out).toMatch(/ mysql\/0 +remove +0 /);
    expect(r.out).toContain("units:\n  mysql/1 (leader)  active: started  flags: started\n  mysql/2  active: started  flags: started\n");
    const summary = /summary: (\d+) hooks run \(0 failed\), (\d+) hook-tool calls, median hook [\d.]+ ms, median tool call [\d.]+ ms server-side, seed 5/.exec(r.out);
    expect(summary).not.toBeNull();
    const rows = r.out.split("\n").filter((l) => /^ +\d+  mysql\//.test(l));
    expect(Number(summary![1])).toBe(rows.length);
    expect(Number(summary![2])).toBe(rows.reduce((n, l) => n + Number(/ (\d+)  (?:active|unknown)/.exec(l)![1]), 0));
    expect(r.out).not.toContain("\r");
  });
  it("--quiet prints no table; a TTY gets a progress line", async () => {
    const quiet = await sim(["--charm", RECORDER, "--units", "2", "--seed", "1", "--quiet"]);
    expect(quiet.out).not.toContain("cluster-relation-joined");
    expect(quiet.out).toContain("summary: ");
    const tty = await sim(["--charm", RECORDER, "--units", "2", "--seed", "1", "--quiet"], true);
    expect(tty.out).toContain("\r\x1b[Kstep 1/1 add:2: 1 hooks…");
  });
  it("exits 1 naming the units that lack expected flags", async () => {
    const r = await sim(["--charm", RECORDER, "--units", "2", "--seed", "2", "--quiet", "--expect-flags", "started,clustered"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("relgen sim: after step 1 (add:2) units lack expected flags: mysql/0 (missing clustered); mysql/1 (missing clustered)\n");
  });
  it("exits 1 when a hook keeps failing", async () => {
    const r = await sim(["--charm", recorderCharm('[ "$JUJU_HOOK_NAME" != start ] || exit 1'), "--units", "1", "--seed", "2", "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("relgen sim: step 1 (add:1): hooks still failing: mysql/0 start (failed 6 times)\n");
  });
  it("exits 1 when a step does not settle", async () => {
    const r = await sim(["--charm", recorderCharm('[[ "$JUJU_HOOK_NAME" != *-relation-changed ]] || relation-set "t=$(date +%s%N)"'), "--units", "2", "--seed", "2", "--quiet", "--max-hooks", "30"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^relgen sim: step 1 \(add:2\) did not settle: the model did not settle: ran 30 hooks and events are still pending: /);
  });
  it("reports usage errors with exit 2 and prints help", async () => {
    expect(await sim([])).toMatchObject({ code: 2, err: "relgen sim: --charm DIR or --bundle FILE is required (see relgen sim --help)\n" });
    expect(await sim(["--charm", RECORDER, "--then", "explode:1"])).toMatchObject({ code: 2, err: expect.stringContaining('bad step "explode:1"') });
    expect(await sim(["--charm", RECORDER, "--units", "x"])).toMatchObject({ code: 2 });
    // The one parser of every relgen command: its complaints in one line, as `generate` and `build` say them.
    expect(await sim(["--charm", RECORDER, "--bogus"])).toMatchObject({ code: 2, err: expect.stringMatching(/^relgen sim: unknown option --bogus\n\nusage: relgen sim/) });
    expect(await sim(["--charm"])).toMatchObject({ code: 2, err: expect.stringMatching(/^relgen sim: --charm needs a value\n/) });
    expect(await sim(["--quiet=yes", "--charm", RECORDER])).toMatchObject({ code: 2, err: expect.stringMatching(/^relgen sim: --quiet takes no value\n/) });
    expect(await sim(["--charm", RECORDER, "extra"])).toMatchObject({ code: 2, err: expect.stringMatching(/^relgen sim: unexpected argument extra: every input is an option\n/) });
    const help = await sim(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("usage: relgen sim --charm DIR");
    expect(await sim(["--charm", RECORDER, "--units", "1", "--then", "remove:mysql/7", "--quiet"])).toMatchObject({ code: 1, err: "relgen sim: step remove:mysql/7: no live unit mysql/7\n" });
  });
});
