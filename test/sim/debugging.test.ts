/**
 * `relgen sim` as a debugging loop (issue #20): a failed hook says why under
 * its row and in the end summary (its ERROR and WARNING log lines, its
 * stderr's last lines: escaped, bounded, scrubbed), statuses are whole,
 * `--log` streams juju-log lines, `--format json` prints the run as data
 * that validates against docs/sim-run.schema.json, and `--timeline` writes
 * the picture.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simCommand } from "../../src/sim/index.js";
import type { RunDocument } from "../../src/report/index.js";
import { afterTest, tempDir } from "../support/temp.js";
import { runDocumentErrors } from "../support/run-schema.js";
import { makeCharm } from "./helpers.js";


async function sim(args: string[], tty?: { columns: number }): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await simCommand(args, {
    stdout: { write: (s: string) => (out += s), isTTY: tty !== undefined, ...(tty ? { columns: tty.columns } : {}) },
    stderr: { write: (s: string) => (err += s) },
  });
  return { code, out, err };
}

const PASSWORD = "hunter2-Sw0rdf1sh-value";

/**
 * install keeps a unit-owned secret; start logs (INFO, WARNING, ERROR, with
 * the password and a terminal escape), writes a traceback and a 10 KB line
 * to stderr, and fails.
 */
const FAILING = makeCharm.bind(null, `
case "$JUJU_HOOK_NAME" in
  install)
    secret-add --owner unit password=${PASSWORD} > "$JUJU_CHARM_DIR/secret-id"
    juju-log -l DEBUG "installed quietly"
    ;;
  start)
    juju-log "starting the workload"
    juju-log -l WARNING "disk nearly full"
    juju-log -l ERROR "$(printf 'cannot start: \\x1b[2J bad password %s' ${PASSWORD})"
    printf 'Traceback (most recent call last):\\n  File "charm.py", line 3\\nValueError: \\x1b]0;owned\\x07 broken %s\\n' ${PASSWORD} >&2
    head -c 10000 /dev/zero | tr '\\0' 'y' >&2
    echo >&2
    exit 1
    ;;
esac
`);

describe("relgen sim says why a hook failed", () => {
  it("shows the failing hook's ERROR and WARNING lines and stderr under its row, and each unit in error at the end", async () => {
    const r = await sim(["--charm", FAILING(), "--units", "1", "--seed", "3"]);
    expect(r.code).toBe(1);
    const rows = r.out.split("\n");
    const first = rows.findIndex((l) => /^ +\d+  mysql\/0 +start /.test(l));
    expect(first).toBeGreaterThan(0);
    const under = rows.slice(first + 1, first + 8);
    expect(under[0]).toBe("        WARNING disk nearly full");
    expect(under[1]).toBe("        ERROR   cannot start: \\x1b[2J bad password <redacted>");
    expect(under[2]).toBe("        stderr  Traceback (most recent call last):");
    expect(under[4]).toBe("        stderr  ValueError: \\x1b]0;owned\\x07 broken <redacted>");
    expect(under[5]).toMatch(/^        stderr  y{100,}… \(10000 bytes\)$/);
    expect(Buffer.byteLength(under[5]!)).toBeLessThan(500);
    // INFO and DEBUG lines are not trouble.
    expect(r.out).not.toContain("starting the workload");
    expect(r.out).toContain("\nunits in error:\n  mysql/0  start  failed 6 times: cannot start: \\x1b[2J bad password <redacted>\n");
    for (const text of [r.out, r.err]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/); // no raw control character but the newline
    }
  });

  it("--keep-workdir keeps each unit's log, with the failed hooks' stderr", async () => {
    const r = await sim(["--charm", FAILING(), "--units", "1", "--seed", "3", "--quiet", "--keep-workdir"]);
    const workDir = /work dir kept: (.*)\n/.exec(r.out)![1]!;
    afterTest(() => rmSync(workDir, { recursive: true, force: true }));
    const log = readFileSync(join(workDir, "logs", "mysql-0.log"), "utf8");
    expect(log).toContain("-- #1 install: ok\nDEBUG installed quietly\n");
    expect(log).toContain("-- #6 start try 2: failed\nINFO starting the workload\nWARNING disk nearly full\nERROR cannot start: \\x1b[2J bad password <redacted>\nstderr Traceback (most recent call last):\n");
    expect(log).not.toContain(PASSWORD);
  });

  it("--log streams every juju-log line with its unit and level; --log-level filters", async () => {
    const charm = FAILING();
    const all = await sim(["--charm", charm, "--units", "1", "--seed", "3", "--quiet", "--log"]);
    expect(all.out).toContain("mysql/0 DEBUG install: installed quietly\n");
    expect(all.out).toContain("mysql/0 INFO start: starting the workload\n");
    expect(all.out).toContain("mysql/0 ERROR start: cannot start: \\x1b[2J bad password <redacted>\n");
    expect(all.out.split("mysql/0 INFO start: starting the workload").length - 1).toBe(6); // the first run and its 5 retries
    const warnings = await sim(["--charm", charm, "--units", "1", "--seed", "3", "--quiet", "--log-level", "warning"]);
    expect(warnings.out).not.toContain("DEBUG");
    expect(warnings.out).not.toContain(" INFO ");
    expect(warnings.out).toContain("mysql/0 WARNING start: disk nearly full\n");
    expect((await sim(["--charm", charm, "--log-level", "loud"])).err).toBe("relgen sim: --log-level must be one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL\n");
  });
});

describe("relgen sim shows statuses whole", () => {
  const message = Array.from({ length: 20 }, (_, i) => `word${i}-of-a-long-status`).join(" "); // 200 characters and more
  const charm = (): string => makeCharm(`[ "$JUJU_HOOK_NAME" != start ] || status-set active "${message}"`);

  it("prints a long status whole, on one line, when the output is not a terminal", async () => {
    expect(message.length).toBeGreaterThanOrEqual(200);
    const r = await sim(["--charm", charm(), "--units", "1", "--seed", "1", "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`\n  mysql/0 (leader)  active: ${message}  flags: -\n`);
  });

  it("wraps it to the terminal's width on a terminal, losing nothing", async () => {
    const r = await sim(["--charm", charm(), "--units", "1", "--seed", "1", "--quiet"], { columns: 60 });
    const section = r.out.slice(r.out.indexOf("units:\n") + 7, r.out.indexOf("\n\nrelations:"));
    const lines = section.split("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {6}\S/);
    expect(lines.map((l) => l.trim()).join(" ").replace(/ +/g, " ")).toBe(`mysql/0 (leader) active: ${message} flags: -`);
  });
});

describe("relgen sim --format json", () => {
  it("prints one document per step, valid against the documented schema, and nothing else on stdout", async () => {
    const r = await sim(["--charm", FAILING(), "--units", "2", "--seed", "4", "--format", "json", "--log"]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(1); // the first step fails: no more steps run
    const doc = JSON.parse(lines[0]!) as RunDocument;
    expect(runDocumentErrors(doc)).toBe("");
    expect(doc.step).toMatchObject({ index: 1, count: 1, text: "add:2", result: "hooks-failing" });
    expect(doc.failures.map((f) => [f.unit, f.hook, f.attempts])).toEqual([["mysql/0", "start", 6], ["mysql/1", "start", 6]]);
    expect(doc.failures[0]!.reason).toBe("cannot start: \\x1b[2J bad password <redacted>");
    const failed = doc.hooks.filter((h) => h.outcome === "failed");
    expect(failed).toHaveLength(12);
    expect(failed[0]!.stderrTail![0]).toBe("Traceback (most recent call last):");
    expect(doc.secrets).toHaveLength(2);
    expect(r.out).not.toContain(PASSWORD);
    expect(r.err).not.toContain(PASSWORD);
    expect(r.err).toContain("mysql/0 ERROR start: "); // --log goes to stderr beside JSON
    expect(r.out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });

  it("writes --timeline as SVG or HTML, and refuses another kind of file", async () => {
    const dir = tempDir();
    const svg = join(dir, "run.svg");
    const r = await sim(["--charm", makeCharm("true"), "--units", "2", "--seed", "1", "--then", "add:1", "--timeline", svg, "--quiet"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`timeline: ${svg}\n`);
    const text = readFileSync(svg, "utf8");
    expect(text.startsWith("<svg") || text.startsWith("<?xml")).toBe(true);
    expect(text.match(/<rect [^>]*class="hook /g)?.length).toBe(Number(/summary: (\d+) hooks/.exec(r.out)![1]));
    const html = join(dir, "run.html");
    expect((await sim(["--charm", makeCharm("true"), "--units", "1", "--seed", "1", "--timeline", html, "--quiet"])).code).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/^<!DOCTYPE html>/i);
    const bad = await sim(["--charm", makeCharm("true"), "--timeline", join(dir, "run.png")]);
    expect(bad).toMatchObject({ code: 2, err: "relgen sim: --timeline needs a file ending in .svg or .html\n" });
    expect(existsSync(join(dir, "run.png"))).toBe(false);
  });
});
