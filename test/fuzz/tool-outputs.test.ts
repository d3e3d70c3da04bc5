/**
 * Fuzz: whatever a hook tool prints or exits with, the runtime's backend
 * (`ToolBackend`, src/runtime/tool-backend.ts) gives a typed value or a typed
 * error (`HookToolError` or a subclass), never a TypeError, a RangeError or a
 * crash, and never touches a built-in prototype.
 *
 * Outputs: random bytes, wrong JSON types, truncated JSON, hostile keys
 * (`__proto__`...), deep nesting, huge documents, and random exit codes with
 * random stderr. Each is checked against a plain reference of what the tool's
 * output means (`expectedValue`), so that a value is also the right one: the
 * backend must accept exactly the outputs of the right shape.
 *
 * In memory (a `ToolBackend` whose `invoke` replays a scripted reply), and a
 * smaller sample through `HookToolBackend` with real tool processes that
 * print random bytes.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Backend } from "../../src/runtime/backend.js";
import { HookToolError, RelationNotFoundError, SecretAccessError, SecretNotFoundError } from "../../src/runtime/errors.js";
import { HookToolBackend } from "../../src/runtime/hook-tool-backend.js";
import { exitFailure, MAX_STDERR, ToolBackend } from "../../src/runtime/tool-backend.js";
import { HOSTILE_KEYS, HOSTILE_VALUES, MB, params, prototypeGuard, RUNS, scaled, SEED, TIMEOUT } from "./arbitraries.js";

// `npm run fuzz` runs far more cases than vitest's default timeout allows.
vi.setConfig({ testTimeout: TIMEOUT });

type Reply = { readonly stdout: string } | { readonly code: number; readonly stderr: string };

/** A ToolBackend whose tools reply what the test scripted. */
class ScriptedBackend extends ToolBackend {
  reply: Reply = { stdout: "" };
  protected async invoke(tool: string, args: string[]): Promise<string> {
    const r = this.reply;
    if ("stdout" in r) return r.stdout;
    throw exitFailure(tool, args, r.code, r.stderr);
  }
}

// --- What each method reads, and the reference meaning of an output ------------

type Method = "relationIds" | "relationList" | "relationRemoteApp" | "relationGet" | "relationGetApp" | "leaderGet" | "isLeader" | "networkPrimaryAddress" | "secretGet" | "secretInfo" | "secretIds" | "secretAdd";

const CALL: Record<Method, { tool: string; run: (b: Backend) => Promise<unknown> }> = {
  relationIds: { tool: "relation-ids", run: (b) => b.relationIds("db") },
  relationList: { tool: "relation-list", run: (b) => b.relationList("db:1") },
  relationRemoteApp: { tool: "relation-list", run: (b) => b.relationRemoteApp("db:1") },
  relationGet: { tool: "relation-get", run: (b) => b.relationGet("db:1", "app/0") },
  relationGetApp: { tool: "relation-get", run: (b) => b.relationGet("db:1", "app", { app: true }) },
  leaderGet: { tool: "leader-get", run: (b) => b.leaderGet() },
  isLeader: { tool: "is-leader", run: (b) => b.isLeader() },
  networkPrimaryAddress: { tool: "network-get", run: (b) => b.networkPrimaryAddress("db") },
  secretGet: { tool: "secret-get", run: (b) => b.secretGet({ uri: "secret:cs2k1fn2s3ku77f5ml6g" }) },
  secretInfo: { tool: "secret-info-get", run: (b) => b.secretInfo({ label: "db.1.secret-user" }) },
  secretIds: { tool: "secret-ids", run: (b) => b.secretIds() },
  secretAdd: { tool: "secret-add", run: (b) => b.secretAdd({ username: "u" }, { label: "x" }) },
};
const METHODS = Object.keys(CALL) as Method[];
const SECRET_TOOLS = new Set(["secret-get", "secret-info-get", "secret-ids", "secret-add"]);

const NONE = Symbol("error");
type Expected = unknown | typeof NONE;

function parsed(stdout: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(stdout) as unknown };
  } catch {
    return { ok: false };
  }
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const stringList = (v: unknown): Expected => (Array.isArray(v) && v.every((x) => typeof x === "string") ? v : NONE);
const bag = (v: unknown): Expected => (v === null ? {} : isObject(v) && Object.values(v).every((x) => typeof x === "string") ? v : NONE);

/** The value a well-behaved backend gives for `stdout`, or NONE when it must refuse it. */
function expectedValue(method: Method, stdout: string): Expected {
  if (method === "networkPrimaryAddress" || method === "secretAdd") return stdout.trim() === "" ? NONE : stdout.trim();
  if (method === "secretIds" && stdout.trim() === "null") return [];
  const p = parsed(stdout);
  if (!p.ok) return NONE;
  const v = p.value;
  switch (method) {
    case "relationIds":
    case "relationList":
    case "secretIds":
      return stringList(v);
    case "relationRemoteApp":
      return typeof v === "string" && v !== "" ? v : NONE;
    case "isLeader":
      return typeof v === "boolean" ? v : NONE;
    case "secretInfo": {
      if (!isObject(v) || Object.keys(v).length !== 1) return NONE;
      const [id, info] = Object.entries(v)[0]!;
      if (!isObject(info) || typeof info["revision"] !== "number" || (info["owner"] !== "application" && info["owner"] !== "unit")) return NONE;
      return { id, revision: info["revision"], label: typeof info["label"] === "string" ? info["label"] : "", owner: info["owner"] };
    }
    default:
      return bag(v);
  }
}

/** The error class a non-zero exit must give (null: secret-info-get's "no such secret", which is not an error). */
function expectedFailure(method: Method, code: number, stderr: string): (new (...a: never[]) => HookToolError) | null {
  const shown = stderr.trim().slice(0, MAX_STDERR);
  const tool = CALL[method].tool;
  if (SECRET_TOOLS.has(tool)) {
    const kind = /not found/.test(shown) ? SecretNotFoundError : /permission denied|not the leader/.test(shown) ? SecretAccessError : null;
    if (kind && method === "secretInfo") return null;
    if (kind) return kind;
  }
  if (code === 2 && /relation not found|unknown relation id/.test(shown)) return RelationNotFoundError;
  return HookToolError;
}

// --- Outputs ---------------------------------------------------------------------

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const text = fc.string({ unit: fc.oneof(fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }), anyUnit), maxLength: 16 });
const jsonKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), text);

/** JSON of roughly the right shape for some tool, sometimes with a wrong element. */
const shaped: fc.Arbitrary<string> = fc.oneof(
  fc.array(text, { maxLength: 5 }).map((a) => JSON.stringify(a)),
  fc.array(fc.oneof(text, fc.jsonValue({ maxDepth: 1 })), { maxLength: 4 }).map((a) => JSON.stringify(a)),
  fc.array(fc.tuple(jsonKey, fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })), { maxLength: 6 }).map(
    (entries) => "{" + entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ") + "}",
  ),
  fc
    .record({ id: text, revision: fc.oneof(fc.integer(), fc.constant("1"), fc.constant(null)), owner: fc.constantFrom("application", "unit", "model", 1), label: fc.oneof(text, fc.constant(null)) })
    .map(({ id, ...info }) => JSON.stringify({ [id]: info })),
  fc.constantFrom("true", "false", " true\n", "True", "1", "null", '""', '"app"', '"mysql"\n', "[]", "{}", "10.5.0.7\n", "  \n", ""),
);

/** Big outputs (a 20 000-unit list, a 10 000-key bag, 2 MB of text, 100 000 levels of nesting), built once. */
const HUGE: readonly [Method, string][] = [
  ["relationList", JSON.stringify(Array.from({ length: 20_000 }, (_, i) => `unit/${i}`))],
  ["relationGet", JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`key-${i}`, "v"])))],
  ["leaderGet", `{"__proto__": "p", "k": ${JSON.stringify("v".repeat(2 * MB))}}`],
  ["relationGetApp", "x".repeat(2 * MB)],
  ["relationIds", "[".repeat(100_000) + "]".repeat(100_000)],
  ["secretGet", '{"a":'.repeat(100_000) + '"x"' + "}".repeat(100_000)],
  ["networkPrimaryAddress", " ".repeat(MB) + "\n"],
  ["isLeader", "t".repeat(2 * MB)],
];

const stdoutArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: shaped },
  { weight: 2, arbitrary: fc.tuple(shaped, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))) }, // truncated
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 48 }).map((b) => Buffer.from(b).toString("utf8")) }, // random bytes
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) }, // wrong types
  { weight: 2, arbitrary: fc.constantFrom(...Object.values(HOSTILE_VALUES).flat()) },
);

const stderrArb = fc.oneof(
  fc.constantFrom(
    "ERROR relation not found", "ERROR unknown relation id", 'ERROR secret "x" not found', "ERROR permission denied", "ERROR not the leader",
    "ERROR cannot read settings", "", "   \n", "x".repeat(MAX_STDERR + 10) + " not found", "ERROR invalid value\0\uD800",
  ),
  text,
);

const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 4, arbitrary: stdoutArb.map((stdout) => ({ stdout })) },
  { weight: 1, arbitrary: fc.record({ code: fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: 1, max: 255 })), stderr: stderrArb }) },
);

/** Runs one method on a reply and checks the outcome against the reference. */
async function check(backend: Backend, method: Method, reply: Reply): Promise<"value" | "error"> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await CALL[method].run(backend) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const want = "stdout" in reply ? expectedValue(method, reply.stdout) : NONE;
  const failure = "stdout" in reply ? HookToolError : expectedFailure(method, reply.code, reply.stderr);
  if (!outcome.ok) {
    const e = outcome.error;
    // Never a TypeError, RangeError or anything else: a typed error of the runtime.
    if (!(e instanceof HookToolError)) throw new Error(`${method}: threw ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`);
    expect(want, `${method} refused an output of the right shape: ${e.message.slice(0, 200)}`).toBe(NONE);
    expect(failure, `${method} failed where it should give null`).not.toBeNull();
    expect(e, `${method}: ${e.message.slice(0, 200)}`).toBeInstanceOf(failure!);
    if (failure === HookToolError) expect(e.constructor).toBe(HookToolError);
    expect(e.tool).toBe(CALL[method].tool);
    expect(e.stderr.length).toBeLessThanOrEqual(MAX_STDERR + 40);
    // The message never quotes the output (it may hold databag values).
    if ("stdout" in reply && reply.stdout.trim().length >= 12) expect(e.message.includes(reply.stdout.trim())).toBe(false);
    return "error";
  }
  if ("stdout" in reply) {
    expect(want, `${method} accepted an output of the wrong shape`).not.toBe(NONE);
    if (Array.isArray(want)) expect(outcome.value).toEqual(want);
    else if (isObject(want) && method !== "secretInfo") {
      // A bag: null prototype, every key an own string value, `__proto__` included.
      const got = outcome.value as Record<string, string>;
      expect(Object.getPrototypeOf(got)).toBeNull();
      expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
      for (const k of Object.keys(want)) expect(got[k]).toBe(want[k]);
    } else expect(outcome.value).toEqual(want);
  } else {
    expect(failure, `${method} gave a value for exit ${reply.code}`).toBeNull();
    expect(outcome.value).toBeNull();
  }
  return "value";
}

describe(`hook-tool outputs through ToolBackend's parsers (seed ${SEED})`, () => {
  const tally = { value: 0, error: 0 };
  it(`typed value or typed error, never a crash or pollution (${RUNS * 4} cases)`, async () => {
    const backend = new ScriptedBackend();
    const guard = prototypeGuard();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), replyArb, async (method, reply) => {
        backend.reply = reply;
        tally[await check(backend, method, reply)]++;
        guard.check();
      }),
      params(RUNS * 4),
    );
    console.log(`tool-outputs: ${tally.value + tally.error} cases (${tally.value} values, ${tally.error} typed errors)`);
    // Both outcomes were exercised: the property did not pass by refusing everything.
    expect(tally.value).toBeGreaterThan(RUNS / 2);
    expect(tally.error).toBeGreaterThan(RUNS / 2);
  });

  it("hostile keys and huge outputs: the value when the shape is right, a HookToolError when not", async () => {
    const backend = new ScriptedBackend();
    const guard = prototypeGuard();
    const keys = Object.fromEntries(HOSTILE_KEYS.map((k) => [k, `v:${k}`]));
    const cases: [Method, string, "value" | "error"][] = [
      ["relationGet", JSON.stringify(keys), "value"],
      ["leaderGet", '{"__proto__": "a", "constructor": "b", "prototype": "c"}', "value"],
      ["leaderGet", '{"__proto__": {"polluted": "yes"}}', "error"],
      ["secretGet", '{"constructor": {"prototype": {"polluted": "yes"}}}', "error"],
      ["secretGet", "null", "value"],
      ["secretInfo", '{"cs2k1fn2s3ku77f5ml6g": {"revision": 3, "owner": "unit"}}', "value"],
      ["secretInfo", '{"__proto__": {"revision": 3, "owner": "unit"}}', "value"],
      ["secretIds", "null\n", "value"],
      ["isLeader", "false\n", "value"],
      ...HUGE.map(([m, out], i): [Method, string, "value" | "error"] => [m, out, i < 3 ? "value" : "error"]),
    ];
    for (const [method, stdout, outcome] of cases) {
      backend.reply = { stdout };
      expect(await check(backend, method, { stdout }), `${method} on ${stdout.slice(0, 40)}`).toBe(outcome);
      guard.check();
    }
    console.log(`tool-outputs (hostile keys, huge outputs): ${cases.length} cases`);
  });
});

// --- Through real tool processes -------------------------------------------------------

const toolDir = mkdtempSync(join(tmpdir(), "relgen-fuzz-tools-"));
afterAll(() => rmSync(toolDir, { recursive: true, force: true }));
const SCRIPT = '#!/bin/sh\ncat "$RELGEN_FUZZ_DIR/stdout"\ncat "$RELGEN_FUZZ_DIR/stderr" >&2\nexit "$(cat "$RELGEN_FUZZ_DIR/code")"\n';
for (const tool of new Set(Object.values(CALL).map((c) => c.tool))) {
  writeFileSync(join(toolDir, tool), SCRIPT);
  chmodSync(join(toolDir, tool), 0o755);
}

describe("hook-tool outputs through HookToolBackend (real processes)", () => {
  const processRuns = scaled(12, 8);
  it(`random bytes and exit codes from a tool process: typed value or typed error (${processRuns} cases)`, async () => {
    const replies = mkdtempSync(join(tmpdir(), "relgen-fuzz-replies-"));
    const backend = new HookToolBackend({ toolDir, timeoutMs: 20_000, env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", RELGEN_FUZZ_DIR: replies } });
    const guard = prototypeGuard();
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), stdoutArb.map((s) => new Uint8Array(Buffer.from(s, "utf8"))));
    const arb = fc.tuple(fc.constantFrom(...METHODS), bytes, fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 255 }) }), stderrArb);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(arb, async ([method, out, code, stderr]) => {
          writeFileSync(join(replies, "stdout"), out);
          writeFileSync(join(replies, "stderr"), stderr.replace(/\0/g, ""));
          writeFileSync(join(replies, "code"), String(code));
          // What the process backend hands the parsers: the bytes as UTF-8 text.
          const reply: Reply = code === 0 ? { stdout: Buffer.from(out).toString("utf8") } : { code, stderr: stderr.replace(/\0/g, "") };
          await check(backend, method, reply);
          guard.check();
          n++;
        }),
        params(processRuns),
      );
    } finally {
      rmSync(replies, { recursive: true, force: true });
    }
    console.log(`tool-outputs (processes): ${n} cases`);
  });

  it("an output past the backend's 64 MiB bound is a HookToolError, not a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relgen-fuzz-big-"));
    try {
      writeFileSync(join(dir, "relation-get"), "#!/bin/sh\nhead -c 70000000 /dev/zero | tr '\\0' 'x'\n");
      chmodSync(join(dir, "relation-get"), 0o755);
      const backend = new HookToolBackend({ toolDir: dir, timeoutMs: 20_000, env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" } });
      const error = await backend.relationGet("db:1", "app/0").then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(HookToolError);
      expect((error as HookToolError).message).toMatch(/output exceeded/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
