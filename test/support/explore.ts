/**
 * An exhaustive explorer of hook interleavings in the in-process harness.
 *
 * Juju runs each unit's hooks one at a time and the units concurrently, so any
 * order in which the scheduler may pick among the runnable hooks can happen.
 * The explorer takes all of them, depth first: at each state it asks the
 * engine's own scheduler for the candidates (`EngineOptions.choose`: exactly
 * the uniter's rules) and runs each from that state. Equal states (`texts()`,
 * hashed) are explored once. Going back to a state restores a snapshot: the
 * harness's own (`snapshot()`/`restore()`: the model as a value, secrets
 * included, the scheduler, the units' runtime state) and the charm's side state.
 *
 * One shortcut, exact rather than a reduction: a hook of unit U reads only U's
 * own part of the state (agent's record, runtime and side state, status) and the
 * shared part (bags, scope, leader settings, config...), deterministically. When
 * a hook changed nothing but U's part, its effect is remembered under (hook, U's
 * part, shared part), and where that triple comes again (other units' parts
 * differing) the successor is made from it instead of running the hook. Every
 * transition is still taken: states, transitions and terminal states are those
 * of the plain search. `verifyEvery: n` runs every n-th such hook anyway and
 * throws if it does not do what was remembered.
 */
import { createHash } from "node:crypto";
import { eventKey } from "../../src/juju/events.js";
import type { EngineSnapshot } from "../../src/juju/engine.js";
import type { Candidate } from "../../src/juju/scheduler.js";
import type { ApplicationValue, RelationValue, UniterValue, UnitValue } from "../../src/juju/value.js";
import { Harness, type HarnessRecord, type HarnessUnitFiles } from "../../src/testing/harness.js";
import type { Mutable } from "./model-edit.js";

const PROBE = Symbol("probe");
/** Hooks whose effect may depend on other units' agents (a relation or unit going away): never carried. */
const UNCARRIED = /-relation-(?:departed|broken)$|^(?:stop|remove)$/;

/** What a charm keeps in this process between hooks, by unit: saved and restored with every state, part of its unit's key (canonical JSON). */
export interface SideState {
  save(): ReadonlyMap<string, unknown>;
  load(saved: ReadonlyMap<string, unknown>): void;
}

/** Maps, Sets and objects as JSON with sorted keys and members, so that equal states print alike. */
function canon(value: unknown): unknown {
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, canon(v)] as const).sort((a, b) => cmp(String(a[0]), String(b[0])));
  if (value instanceof Set) return [...value].map((v) => canon(v)).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
  if (Array.isArray(value)) return value.map((v) => canon(v));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = canon((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const json = (value: unknown): string => JSON.stringify(canon(value));
const digest = (text: string): string => createHash("sha256").update(text).digest("base64").slice(0, 22);

/** A state in two parts, each as the digest of its canonical JSON: what every unit may read, and each unit's own. */
export interface Parts { readonly shared: string; readonly units: ReadonlyMap<string, string> }
const partsKey = (p: Parts): string => digest([p.shared, ...[...p.units].sort((a, b) => cmp(a[0], b[0])).map(([u, d]) => `${u}=${d}`)].join(" "));

/**
 * The harness's state between two hooks (its snapshot: the model as a value, the
 * scheduler, each unit's runtime state) and the charm's side state. Immutable:
 * restoring copies it. Units' logs are left out: no hook reads them, and they
 * would make every copy grow with the path.
 */
export interface Snapshot {
  readonly engine: EngineSnapshot;
  readonly side: ReadonlyMap<string, unknown>;
}

/** Where the current version of a counter a unit's agent remembers lives: `leader`, `config`, or a relation and bag owner. */
type VersionOf = { relation: number | null; owner: string };
type VersionField = VersionOf & { readonly path: string; readonly value: number; set(v: number): void };

/** Every version counter in an agent's record (a copy being made): the only numbers that differ between states with the same key. */
function versionFields(u: Mutable<UniterValue>): VersionField[] {
  const out: VersionField[] = [
    { path: "leaderSeen", value: u.leaderSeen, relation: null, owner: "leader", set: (v) => void (u.leaderSeen = v) },
    { path: "configSeen", value: u.configSeen, relation: null, owner: "config", set: (v) => void (u.configSeen = v) },
  ];
  for (const local of u.relations) {
    for (const name of ["known", "appSeen"] as const) {
      for (const entry of local[name]) out.push({ path: `${local.id}.${name}.${entry[0]}`, value: entry[1], relation: local.id, owner: entry[0], set: (v) => void (entry[1] = v) });
    }
  }
  return out;
}

/** The current version of a counter, in a model value's applications and relations. */
function currentVersion(apps: readonly ApplicationValue[], rels: readonly RelationValue[], app: string, f: VersionOf): number {
  if (f.relation !== null) return rels.find((r) => r.id === f.relation)?.versions.find(([o]) => o === f.owner)?.[1] ?? 0;
  const a = apps.find((x) => x.name === app)!;
  return f.owner === "leader" ? a.leaderSettingsVersion : a.configVersion;
}

/** What an invisible hook did to its unit (its part's text, record, runtime and side state), each version counter as "unchanged" or "current". */
type Effect = { readonly after: string; readonly unit: UnitValue; readonly versions: ReadonlyMap<string, "same" | "current">; readonly files: unknown; readonly side: unknown };

/** A state where nothing can run: its digest, the first path found to it (candidate keys, `<unit>|<event>`), and its snapshot. */
export interface Terminal { readonly key: string; readonly path: readonly string[]; readonly snapshot: Snapshot }

/**
 * What an exploration found: distinct states (the start included); transitions taken from them (hooks run, or
 * known by their effect; many reach a state already seen); hooks run; remembered effects checked (`verifyEvery`);
 * terminal states (nothing can run); the first few hooks that failed, with the path that ran them; the longest
 * path to a new state; a path to a state on (or after) a cycle of the state graph, an order that can go on for
 * ever (null: none); whether it stopped at `maxStates`; and its time.
 */
export interface Exploration {
  readonly states: number;
  readonly transitions: number;
  readonly hooksRun: number;
  readonly verified: number;
  readonly terminals: readonly Terminal[];
  readonly failures: ReadonlyArray<{ readonly path: readonly string[]; readonly error: string }>;
  readonly failureCount: number;
  readonly maxDepth: number;
  readonly cycle: readonly string[] | null;
  readonly truncated: boolean;
  readonly ms: number;
}

/** A harness driven hook by hook, whose state can be keyed, saved and restored. */
export class Explorer {
  readonly h: Harness;
  /** The hook the chooser must pick (null: probe, i.e. record the candidates and run nothing), and the snapshot the harness is in. */
  #next: string | null = null;
  #seen: Candidate[] = [];
  #at: Snapshot | null = null;

  constructor(setup: (h: Harness) => void, readonly side?: SideState) {
    this.h = new Harness({ choose: (candidates) => this.#choose(candidates) });
    setup(this.h);
  }

  #choose(candidates: readonly Candidate[]): number {
    if (this.#next === null) throw ((this.#seen = [...candidates]), PROBE);
    const index = candidates.findIndex((c) => c.key === this.#next);
    if (index < 0) throw new Error(`no runnable hook ${this.#next} (runnable: ${candidates.map((c) => c.key).join(", ")})`);
    return index;
  }

  /** The hooks the engine's scheduler may pick now (none: a terminal state); runs none. */
  async candidates(): Promise<Candidate[]> {
    [this.#next, this.#seen] = [null, []];
    await this.h.step().then(
      (record) => { if (record) throw new Error("a probe ran a hook"); },
      (e: unknown) => { if (e !== PROBE) throw e; },
    );
    return this.#seen;
  }

  /** Runs the runnable hook with this candidate key. */
  async run(key: string): Promise<HarnessRecord> {
    [this.#at, this.#next] = [null, key];
    try {
      const record = await this.h.step();
      if (!record) throw new Error(`nothing can run, not even ${key}`);
      return record as HarnessRecord;
    } finally {
      this.#next = null;
    }
  }

  /** Runs the hooks of `path` (candidate keys) in order. */
  async replay(path: readonly string[]): Promise<void> {
    for (const key of path) await this.run(key);
  }

  /**
   * Everything that decides which hooks can run next and what they do, as
   * canonical JSON. Shared: applications (life, config, leader, leader
   * settings, status), relations (life, scope, every bag), units' lives and
   * addresses, secrets. Each unit's own: workload status, runtime state,
   * side state, pending hooks, and its agent's record, where each version
   * counter becomes whether the unit has seen the current version (hooks
   * only compare the two). Left out: logs and hook records, which no hook reads.
   */
  texts(): { shared: string; units: Map<string, string> } {
    const { model: m, unitFiles } = this.h.snapshot();
    const files = new Map(unitFiles);
    const side = this.side?.save();
    // A failing hook's event holds the version it answers to: while one fails, every counter is keyed as it is.
    const raw = m.units.some((u) => u.uniter.failing);
    const apps = m.applications.map(({ metadata: _, configVersion, leaderSettingsVersion, ...rest }) => (raw ? { ...rest, configVersion, leaderSettingsVersion } : rest));
    const relations = m.relations.map(({ versions, ...rest }) => (raw ? { ...rest, versions } : rest));
    const lives = m.units.map((u) => [u.name, u.life, u.address]);
    const shared = json({ apps, relations, lives, nextRelationId: m.nextRelationId, secrets: m.secrets });
    const pending = this.h.pending();
    const units = new Map<string, string>();
    for (const u of m.units) {
      units.set(u.name, json({
        status: u.status, workloadVersion: u.workloadVersion, runtime: JSON.parse((files.get(u.name) as HarnessUnitFiles).state) as unknown, side: side?.get(u.name),
        uniter: this.#uniterView(u, m.applications, m.relations), raw: raw ? u.uniter : undefined, pending: pending.filter((p) => p.unit === u.name),
      }));
    }
    return { shared, units };
  }

  parts(): Parts {
    const t = this.texts();
    return { shared: digest(t.shared), units: new Map([...t.units].map(([u, text]) => [u, digest(text)])) };
  }

  /** The whole state as one canonical JSON text. */
  canonical(): string {
    const t = this.texts();
    return json({ shared: JSON.parse(t.shared) as unknown, units: new Map([...t.units].map(([k, v]) => [k, JSON.parse(v) as unknown])) });
  }

  #uniterView(unit: UnitValue, apps: readonly ApplicationValue[], rels: readonly RelationValue[]): unknown {
    const { relations, leaderSeen, configSeen, failing, ...rest } = unit.uniter;
    const app = apps.find((a) => a.name === unit.app)!;
    // Whether each version seen is the current one (hooks only compare the two), not the counters themselves.
    const views = relations.map(({ known, appSeen, ...local }) => {
      const rel = rels.find((r) => r.id === local.id);
      const current = (owner: string): number => rel?.versions.find(([o]) => o === owner)?.[1] ?? 0;
      const seenCurrent = (seen: readonly (readonly [string, number])[]): Array<[string, boolean]> => seen.map(([o, v]) => [o, rel !== undefined && current(o) === v]);
      return { ...local, known: seenCurrent(known), appSeen: seenCurrent(appSeen) };
    });
    return {
      ...rest,
      failing: failing && { ...failing, event: eventKey(failing.event), version: failing.event.version ?? null },
      leaderSeenCurrent: leaderSeen === app.leaderSettingsVersion,
      configSeenCurrent: configSeen === app.configVersion,
      relations: views,
    };
  }

  /** Copies the state (the harness's snapshot, without logs, and the side state); the harness refuses while a hook runs. */
  snapshot(): Snapshot {
    const engine = this.h.snapshot();
    const model = { ...engine.model, units: engine.model.units.map((u) => ({ ...u, logs: [] })) };
    const snap: Snapshot = { engine: { ...engine, model }, side: structuredClone(new Map(this.side?.save() ?? [])) };
    this.#at = snap;
    return snap;
  }

  /** Puts the harness back in a snapshot's state. */
  restore(s: Snapshot): void {
    if (this.#at === s) return;
    this.h.restore(s.engine);
    this.side?.load(structuredClone(s.side));
    this.h.hooks.length = 0;
    this.#at = s;
  }

  /** What the hook just run did to `unit`, carried as `Effect`; null when it cannot be carried to other states. */
  #effect(before: Snapshot, unit: string, after: string): Effect | null {
    const now = this.h.snapshot();
    const post = now.model.units.find((u) => u.name === unit);
    const pre = before.engine.model.units.find((u) => u.name === unit);
    if (!post || !pre || post.uniter.failing) return null;
    const old = new Map(versionFields(structuredClone(pre.uniter) as Mutable<UniterValue>).map((f) => [f.path, f.value]));
    const versions = new Map<string, "same" | "current">();
    for (const f of versionFields(structuredClone(post.uniter) as Mutable<UniterValue>)) {
      if (f.value === currentVersion(now.model.applications, now.model.relations, post.app, f)) versions.set(f.path, "current");
      else if (f.value === old.get(f.path)) versions.set(f.path, "same");
      else return null;
    }
    const files = new Map(now.unitFiles).get(unit);
    return { after, unit: { ...post, logs: [] }, versions, files, side: structuredClone(this.side?.save().get(unit)) };
  }

  /** `s` with `effect` applied to its unit (an invisible hook: nothing else changes). */
  static #apply(s: Snapshot, name: string, effect: Effect): Snapshot {
    const { model } = s.engine;
    const pre = model.units.find((u) => u.name === name)!;
    const uniter = structuredClone(effect.unit.uniter) as Mutable<UniterValue>;
    const old = new Map(versionFields(structuredClone(pre.uniter) as Mutable<UniterValue>).map((f) => [f.path, f.value]));
    for (const f of versionFields(uniter)) {
      const how = effect.versions.get(f.path);
      if (how === "current") f.set(currentVersion(model.applications, model.relations, pre.app, f));
      else if (how === "same" && old.has(f.path)) f.set(old.get(f.path)!);
      else throw new Error(`explore: cannot carry ${f.path} of ${name} to another state`);
    }
    const unit: UnitValue = { ...pre, status: effect.unit.status, workloadVersion: effect.unit.workloadVersion, uniter };
    const side = new Map(s.side);
    void (effect.side === undefined ? side.delete(name) : side.set(name, structuredClone(effect.side)));
    const units = model.units.map((u) => (u.name === name ? unit : u));
    const unitFiles = s.engine.unitFiles.map(([k, f]) => [k, k === name ? effect.files : f] as const);
    return { engine: { ...s.engine, model: { ...model, units }, unitFiles }, side };
  }

  /** Explores every order of hooks from the current state, depth first; stops adding states at `maxStates`. */
  async explore(
    /** `onState`: every new state, with its snapshot (made by running, or by a remembered effect) and its path; `remember: false`: no shortcut. */
    options: {
      maxStates?: number; verifyEvery?: number; remember?: boolean;
      onProgress?: (states: number, transitions: number, ms: number) => void; onState?: (snapshot: Snapshot, path: () => string[]) => void;
    } = {},
  ): Promise<Exploration> {
    const [started, maxStates, verifyEvery] = [performance.now(), options.maxStates ?? Infinity, options.verifyEvery ?? 0];
    const ids = new Map<string, number>();
    const nodes: Array<{ key: string; parent: number; via: string; depth: number; edges: number[] }> = [];
    const terminals: Terminal[] = [];
    const failures: Array<{ path: string[]; error: string }> = [];
    const effects = new Map<string, Effect>();
    let [failureCount, transitions, hooksRun, reused, verified, truncated] = [0, 0, 0, 0, 0, false];
    const pathTo = (id: number): string[] => (nodes[id]!.parent < 0 ? [] : [...pathTo(nodes[id]!.parent), nodes[id]!.via]);
    const add = (key: string, parent: number, via: string): number => {
      const id = nodes.length;
      ids.set(key, id);
      nodes.push({ key, parent, via, depth: parent < 0 ? 0 : nodes[parent]!.depth + 1, edges: [] });
      if (options.onProgress && id % 10_000 === 0 && id > 0) options.onProgress(id, transitions, performance.now() - started);
      return id;
    };

    const stack: Array<{ id: number; snap: Snapshot; parts: Parts }> = [];
    const start = this.parts();
    stack.push({ id: add(partsKey(start), -1, ""), snap: this.snapshot(), parts: start });
    while (stack.length > 0) {
      const { id, snap, parts } = stack.pop()!;
      this.restore(snap);
      const candidates = await this.candidates();
      if (candidates.length === 0) terminals.push({ key: nodes[id]!.key, path: pathTo(id), snapshot: snap });
      for (const c of candidates) {
        transitions++;
        const memo = `${c.key} ${parts.shared} ${parts.units.get(c.unit)}`;
        const known = options.remember === false ? undefined : effects.get(memo);
        let next: Parts;
        let child: (() => Snapshot) | null;
        if (known && !(verifyEvery > 0 && ++reused % verifyEvery === 0)) {
          next = { shared: parts.shared, units: new Map(parts.units).set(c.unit, known.after) };
          child = () => Explorer.#apply(snap, c.unit, known);
        } else {
          this.restore(snap);
          const record = await this.run(c.key);
          hooksRun++;
          if (!record.ok && failureCount++ < 5) failures.push({ path: [...pathTo(id), c.key], error: record.error ?? `exit ${record.exitCode}` });
          next = this.parts();
          const after = next.units.get(c.unit)!;
          if (known) {
            verified++;
            const expected = partsKey({ shared: parts.shared, units: new Map(parts.units).set(c.unit, known.after) });
            if (partsKey(next) !== expected) throw new Error(`explore: ${c.key} after ${pathTo(id).join(" ")} did not do what it did elsewhere`);
          }
          const invisible = record.ok && !UNCARRIED.test(c.hook) && next.shared === parts.shared && [...parts.units].every(([u, p]) => u === c.unit || next.units.get(u) === p);
          if (invisible && !known && options.remember !== false) {
            const effect = this.#effect(snap, c.unit, after);
            if (effect) effects.set(memo, effect);
          }
          child = null;
        }
        const key = partsKey(next);
        const seen = ids.get(key);
        if (seen !== undefined) nodes[id]!.edges.push(seen);
        else if (nodes.length >= maxStates) truncated = true;
        else {
          const n = add(key, id, c.key);
          nodes[id]!.edges.push(n);
          const made = child ? child() : this.snapshot();
          stack.push({ id: n, snap: made, parts: next });
          options.onState?.(made, () => pathTo(n));
        }
      }
    }
    const cyclic = findCycle(nodes.map((n) => n.edges));
    return {
      states: nodes.length, transitions, hooksRun, verified, terminals, failures, failureCount, truncated,
      maxDepth: nodes.reduce((a, n) => Math.max(a, n.depth), 0),
      cycle: cyclic === null ? null : pathTo(cyclic),
      ms: performance.now() - started,
    };
  }
}

/** A state on or after a cycle of the state graph, or null when it has none (Kahn's algorithm). */
function findCycle(edges: readonly (readonly number[])[]): number | null {
  const indegree = new Array<number>(edges.length).fill(0);
  for (const out of edges) for (const to of out) indegree[to]!++;
  const ready = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  let done = 0;
  for (let n = ready.pop(); n !== undefined; n = ready.pop(), done++) for (const to of edges[n]!) if (--indegree[to]! === 0) ready.push(to);
  return done === edges.length ? null : indegree.findIndex((d) => d > 0);
}
