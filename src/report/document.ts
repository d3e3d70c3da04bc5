/**
 * A run as data: the model (applications, units, relations with their bags,
 * secrets without their content), the hooks that ran with their outcomes,
 * the units in error, and the marks of the run's steps. `relgen sim --format
 * json` prints one after each step, `h.toJSON()` and `sim.toJSON()` return
 * one, and the timeline is drawn from one. The format is an API: it is
 * described by docs/sim-run.schema.json (checked in the tests) and
 * docs/sim-run-format.md, and versioned by `format`.
 *
 * Nothing secret is in it (see secrets.ts): bags are redacted, text is
 * scrubbed; tool calls' argv is redacted where it is recorded.
 */
import type { HookRecord, JujuEngine, RelationSummary } from "../juju/engine.js";
import { bounded, MAX_LOG_BYTES } from "../runtime/text.js";
import { ModelSecrets } from "./secrets.js";
import { hookTrouble } from "./why.js";

export const RUN_FORMAT = "relgen-sim-run/1";

export interface StatusDoc {
  readonly state: string;
  readonly message: string;
}

export interface UnitDoc {
  readonly name: string;
  readonly life: "alive" | "dying";
  readonly leader: boolean;
  readonly address: string;
  readonly status: StatusDoc;
  readonly workloadVersion: string;
  readonly flags: readonly string[];
}

export interface ApplicationDoc {
  readonly name: string;
  /** The charm's name (metadata.yaml). */
  readonly charm: string;
  readonly status: StatusDoc;
  readonly leader: string | null;
  readonly units: readonly UnitDoc[];
}

/** A relation as `relations()` shows it (`key`: `webapp:database mysql:database`; `units`: in scope), with its bags. */
export interface RelationDoc extends RelationSummary {
  /** Each application's bag, redacted. */
  readonly applicationData: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Each unit's bag (the units in scope), redacted. */
  readonly unitData: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface SecretDoc {
  readonly uri: string;
  readonly owner: string;
  readonly label: string;
  readonly revision: number;
  readonly grants: readonly { readonly target: string; readonly relationId: number }[];
}

/** ok: succeeded at the first try; retried: succeeded after failing; failed. */
export type HookOutcome = "ok" | "retried" | "failed";

export interface ToolCallDoc {
  readonly tool: string;
  /** Redacted: data values and log messages are `<redacted>` and `<message>`. */
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly durationMs: number;
}

export interface HookDoc {
  readonly seq: number;
  readonly unit: string;
  readonly app: string;
  readonly hook: string;
  readonly relationId: string | null;
  readonly remoteUnit: string | null;
  readonly remoteApp: string | null;
  readonly departingUnit: string | null;
  readonly attempt: number;
  readonly outcome: HookOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Run by hand (`deliver` of a hook the unit would not have run then). */
  readonly adhoc: boolean;
  /** Milliseconds since the model was created. */
  readonly startedMs: number;
  readonly durationMs: number;
  readonly toolCalls: readonly ToolCallDoc[];
  /** Its `juju-log` lines, scrubbed, each bounded to 4 KiB. */
  readonly logs: readonly { readonly level: string; readonly message: string }[];
  readonly statusAfter: StatusDoc;
  readonly flagsAfter: readonly string[];
  /** A failed hook: why, in one line. */
  readonly reason?: string;
  /** A failed hook: the last lines of its stderr. */
  readonly stderrTail?: readonly string[];
}

export interface FailureDoc {
  readonly unit: string;
  /** The hook and its remote, e.g. `db-relation-changed(webapp/0)`. */
  readonly hook: string;
  readonly attempts: number;
  readonly reason: string;
}

export interface StepDoc {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  readonly text: string;
  /** settled: the model is quiet and every expectation held; otherwise how the step ended. */
  readonly result: "settled" | "hooks-failing" | "not-settled" | "refused" | "flags-missing" | "interrupted";
  readonly problem: string | null;
}

export interface RunDocument {
  readonly format: typeof RUN_FORMAT;
  readonly seed: number | null;
  /** The step this document follows (`relgen sim`), or null (`toJSON()`). */
  readonly step: StepDoc | null;
  /** Milliseconds since the model was created, when the document was made. */
  readonly elapsedMs: number;
  readonly applications: readonly ApplicationDoc[];
  readonly relations: readonly RelationDoc[];
  readonly secrets: readonly SecretDoc[];
  readonly marks: readonly { readonly atMs: number; readonly label: string }[];
  readonly hooks: readonly HookDoc[];
  readonly failures: readonly FailureDoc[];
}

export interface DocumentOptions {
  readonly step?: StepDoc | null;
  /** The hooks to include (default: every hook of the run). */
  readonly hooks?: readonly HookRecord[];
}

const status = (s: { state: string; message: string }, scrub: (t: string) => string): StatusDoc => ({
  state: s.state,
  message: scrub(s.message),
});

/** The model and the hooks as a `RunDocument`. */
export function runDocument(engine: JujuEngine<unknown>, options: DocumentOptions = {}): RunDocument {
  const secrets = new ModelSecrets(engine);
  const scrub = (text: string): string => secrets.scrub(text);
  const life = new Map(engine.allUnits().map((u) => [u.name, u]));
  const applications = engine.applications().map((app): ApplicationDoc => {
    const leader = engine.leader(app);
    return {
      name: app,
      charm: engine.charmName(app),
      status: status(engine.appStatus(app), scrub),
      leader,
      units: engine.units(app).map((name) => ({
        name,
        life: life.get(name)?.life === "dying" ? "dying" : "alive",
        leader: leader === name,
        address: life.get(name)?.address ?? "",
        status: status(engine.status(name), scrub),
        workloadVersion: engine.workloadVersion(name),
        flags: engine.flags(name),
      })),
    };
  });
  const relations = engine.relations().map((r): RelationDoc => ({
    id: r.id,
    key: r.key,
    interface: r.interface,
    peer: r.peer,
    life: r.life,
    endpoints: r.endpoints,
    units: r.units,
    applicationData: Object.fromEntries([...new Set(r.endpoints.map((e) => e.app))].map((app) => [app, secrets.bag(engine.appDatabag(app, r.id))])),
    unitData: Object.fromEntries(r.units.map((u) => [u, secrets.bag(engine.databag(u, r.id))])),
  }));
  return {
    format: RUN_FORMAT,
    seed: engine.seed,
    step: options.step ?? null,
    elapsedMs: round(engine.elapsedMs()),
    applications,
    relations,
    secrets: engine.secrets().map((s) => ({ uri: s.uri, owner: s.owner, label: s.label, revision: s.revision, grants: s.grants })),
    marks: engine.marks.map((m) => ({ atMs: round(m.atMs), label: m.label })),
    hooks: (options.hooks ?? engine.hooks).map((h) => hookDoc(h, scrub)),
    failures: failureDocs(engine, scrub),
  };
}

/** The units in error: each one's failing hook, its tries, and why its last run failed (scrubbed, escaped, bounded). */
export function failureDocs(engine: JujuEngine<unknown>, scrub: (text: string) => string): FailureDoc[] {
  const failing = engine.failures();
  const last = new Map<string, HookRecord>();
  for (const h of engine.hooks) if (!h.ok) last.set(h.unit, h);
  return failing.map((f) => {
    const record = last.get(f.unit);
    return { unit: f.unit, hook: f.hook, attempts: f.attempts, reason: record ? hookTrouble(record, scrub).reason : "" };
  });
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function hookOutcome(h: HookRecord): HookOutcome {
  return !h.ok ? "failed" : h.attempt > 1 ? "retried" : "ok";
}

function hookDoc(h: HookRecord, scrub: (text: string) => string): HookDoc {
  const trouble = h.ok ? null : hookTrouble(h, scrub);
  return {
    seq: h.seq,
    unit: h.unit,
    app: h.app,
    hook: h.hook,
    relationId: h.relationId,
    remoteUnit: h.remoteUnit || null,
    remoteApp: h.remoteApp || null,
    departingUnit: h.departingUnit || null,
    attempt: h.attempt,
    outcome: hookOutcome(h),
    exitCode: h.exitCode,
    signal: h.signal,
    timedOut: h.timedOut,
    adhoc: h.adhoc === true,
    startedMs: round(h.startedMs),
    durationMs: round(h.durationMs),
    toolCalls: h.trace.map((c) => ({ tool: c.tool, argv: c.argv, exitCode: c.exitCode, durationMs: round(c.durationMs) })),
    logs: h.logs.map((l) => ({ level: l.level, message: bounded(scrub(l.message), MAX_LOG_BYTES) })),
    statusAfter: status(h.status, scrub),
    flagsAfter: h.flags,
    ...(trouble ? { reason: trouble.reason, stderrTail: trouble.stderr } : {}),
  };
}

/**
 * JSON text that is safe to print and to embed: besides what JSON escapes,
 * the C1 controls, DEL, the line and paragraph separators and the
 * bidirectional controls are written as `\uXXXX` (same data, nothing a
 * terminal acts on), and so are `<`, `>` and `&` (it can sit in HTML).
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
