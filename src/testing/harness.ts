/**
 * An in-process test harness, in the spirit of ops' Harness: several units of
 * one application share a MemoryModel, and hooks run in this process through
 * `runHook()` with a MemoryBackend per hook. Events follow Juju's order for a
 * peer relation: a unit's start-up hooks, then for every pair `-joined`
 * immediately followed by `-changed`; `-changed` again whenever a unit's
 * committed bag really changed (a remote-less one when the application bag
 * changed); `leader-settings-changed` to non-leaders after a leader-set; on removal, `-departed` on every side (no peer `-broken`).
 * Events are delivered first in, first out, so a run is deterministic.
 *
 *     const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
 *     h.addUnits(3);
 *     await h.settle();
 *     expect(h.flags("mysql/0")).toContain("cluster.clustered");
 */
import type { HookResult, RunHookOptions } from "../runtime/hook.js";
import { MemoryBackend, MemoryModel, type ToolCall } from "../runtime/memory-backend.js";
import { MemoryStateStore } from "../runtime/state.js";

export interface HarnessOptions {
  readonly app: string;
  /** The peer endpoint, e.g. `cluster`. */
  readonly peer: string;
  /** Runs one hook: usually `(options) => charm.run(options)` or `runHook`. */
  readonly run: (options: RunHookOptions) => Promise<HookResult>;
}

export interface HarnessEvent {
  readonly unit: string;
  readonly hook: string;
  readonly remoteUnit?: string;
  readonly departingUnit?: string;
}

export interface HookRecord extends HarnessEvent {
  readonly result: HookResult;
  readonly calls: readonly ToolCall[];
}

export class HarnessError extends Error {
  override readonly name = "HarnessError";
}

export class Harness {
  readonly model = new MemoryModel();
  readonly records: HookRecord[] = [];
  readonly #queue: HarnessEvent[] = [];
  readonly #states = new Map<string, MemoryStateStore>();
  readonly #relationId: number;
  #count = 0;

  constructor(readonly options: HarnessOptions) {
    this.model.addApplication(options.app);
    this.#relationId = this.model.addRelation(options.peer, [options.app], { peer: true }).id;
  }

  /** The peer relation id, e.g. `cluster:0`. */
  get relationId(): string {
    return `${this.options.peer}:${this.#relationId}`;
  }

  /** Adds units (the first one of the application becomes leader) and queues their hooks. */
  addUnits(n: number): string[] {
    const added: string[] = [];
    for (let i = 0; i < n; i++) {
      const address = `10.5.0.${10 + this.#count++}`;
      const unit = this.model.addUnit(this.options.app, { address });
      const others = this.members();
      this.model.joinUnit(this.#relationId, unit);
      this.#states.set(unit, new MemoryStateStore());
      const app = this.model.applications[this.options.app]!;
      if (app.leader === null) this.model.setLeader(this.options.app, unit);
      const leading = app.leader === unit;
      for (const hook of ["install", this.hook("created"), leading ? "leader-elected" : "leader-settings-changed", "config-changed", "start"]) {
        this.#queue.push({ unit, hook });
      }
      for (const other of others) {
        this.#queue.push({ unit: other, hook: this.hook("joined"), remoteUnit: unit });
        this.#queue.push({ unit: other, hook: this.hook("changed"), remoteUnit: unit });
        this.#queue.push({ unit, hook: this.hook("joined"), remoteUnit: other });
        this.#queue.push({ unit, hook: this.hook("changed"), remoteUnit: other });
      }
      added.push(unit);
    }
    return added;
  }

  /** Queues the removal of a unit: departed on every side, then stop and remove. */
  removeUnit(unit: string): void {
    if (!this.members().includes(unit)) throw new HarnessError(`${unit} is not a member of ${this.relationId}`);
    for (const other of this.members().filter((u) => u !== unit)) {
      this.#queue.push({ unit: other, hook: this.hook("departed"), remoteUnit: unit, departingUnit: unit });
      this.#queue.push({ unit, hook: this.hook("departed"), remoteUnit: other, departingUnit: unit });
    }
    this.#queue.push({ unit, hook: "stop" }, { unit, hook: "remove" });
    const app = this.model.applications[this.options.app]!;
    if (app.leader === unit) {
      const next = this.members()
        .filter((u) => u !== unit)
        .sort((a, b) => Number(a.split("/")[1]) - Number(b.split("/")[1]))[0];
      this.model.setLeader(this.options.app, next ?? null);
      if (next) this.#queue.push({ unit: next, hook: "leader-elected" });
    }
  }

  /** Delivers queued events until none is left. A failed hook throws, unless `allowFailures`. */
  async settle(options: { maxHooks?: number; allowFailures?: boolean } = {}): Promise<HookRecord[]> {
    const start = this.records.length;
    const max = options.maxHooks ?? 1000;
    while (this.#queue.length > 0) {
      if (this.records.length - start >= max) {
        throw new HarnessError(`did not settle after ${max} hooks; next: ${this.#queue.slice(0, 5).map((e) => `${e.unit} ${e.hook}`).join(", ")}`);
      }
      const record = await this.deliver(this.#queue.shift()!);
      if (!record.result.ok && !options.allowFailures) throw new HarnessError(`${record.unit} ${record.hook} failed: ${record.result.error}`);
    }
    return this.records.slice(start);
  }

  /**
   * Runs one event now (outside the queue) and applies Juju's consequences.
   * `run` replaces the harness's hook runner for this one event (e.g. other handlers).
   */
  async deliver(event: HarnessEvent, run = this.options.run): Promise<HookRecord> {
    const rel = this.model.relation(this.#relationId);
    const { unit, hook, remoteUnit } = event;
    if (hook === this.hook("joined") && remoteUnit) this.model.seeUnit(unit, this.#relationId, remoteUnit);
    if (hook === this.hook("departed") && remoteUnit) this.model.forgetUnit(unit, this.#relationId, remoteUnit);
    const bagBefore = JSON.stringify(rel.bags[unit] ?? {});
    const appBagBefore = JSON.stringify(rel.bags[this.options.app] ?? {});
    const leaderBefore = JSON.stringify(this.model.applications[this.options.app]!.leaderSettings);
    const isRelationHook = hook.startsWith(`${this.options.peer}-relation-`);
    const backend = new MemoryBackend(this.model, unit, isRelationHook ? { relationId: this.relationId } : {});
    const env: NodeJS.ProcessEnv = {
      JUJU_UNIT_NAME: unit,
      JUJU_DISPATCH_PATH: `hooks/${hook}`,
      JUJU_CHARM_DIR: "/nonexistent-charm-dir",
      JUJU_MODEL_NAME: "harness",
      ...(isRelationHook
        ? {
            JUJU_RELATION: this.options.peer,
            JUJU_RELATION_ID: this.relationId,
            JUJU_REMOTE_UNIT: remoteUnit ?? "",
            JUJU_REMOTE_APP: this.options.app,
            ...(event.departingUnit ? { JUJU_DEPARTING_UNIT: event.departingUnit } : {}),
          }
        : {}),
    };
    const result = await run({ backend, env, state: this.#states.get(unit)!, setExitCode: false });
    if (result.ok) backend.commit();
    else backend.discard();
    const record: HookRecord = { ...event, result, calls: [...backend.calls] };
    this.records.push(record);
    if (hook === "remove") this.model.leaveUnit(this.#relationId, unit);

    if (JSON.stringify(rel.bags[unit] ?? {}) !== bagBefore) {
      for (const viewer of this.members()) {
        if (viewer !== unit && (rel.views[viewer] ?? []).includes(unit)) this.enqueueOnce({ unit: viewer, hook: this.hook("changed"), remoteUnit: unit });
      }
    }
    if (JSON.stringify(rel.bags[this.options.app] ?? {}) !== appBagBefore) {
      // Juju wakes the other units with a relation-changed that names no remote unit.
      for (const viewer of this.members()) if (viewer !== unit) this.enqueueOnce({ unit: viewer, hook: this.hook("changed") });
    }
    const app = this.model.applications[this.options.app]!;
    if (JSON.stringify(app.leaderSettings) !== leaderBefore) {
      for (const other of this.members()) if (other !== app.leader) this.enqueueOnce({ unit: other, hook: "leader-settings-changed" });
    }
    return record;
  }

  /** Flags of a unit, as committed after its last successful hook. */
  flags(unit: string): string[] {
    return [...(this.#states.get(unit)?.load().flags ?? [])];
  }

  /** The committed bag of a unit on the peer relation. */
  bag(unit: string): Record<string, string> {
    return { ...(this.model.relation(this.#relationId).bags[unit] ?? {}) };
  }

  status(unit: string): { state: string; message: string } {
    return { ...this.model.units[unit]!.status };
  }

  /** Units in the peer relation's scope. */
  members(): string[] {
    return [...this.model.relation(this.#relationId).members];
  }

  pending(): readonly HarnessEvent[] {
    return this.#queue;
  }

  private hook(kind: string): string {
    return `${this.options.peer}-relation-${kind}`;
  }

  private enqueueOnce(event: HarnessEvent): void {
    const dup = this.#queue.some((e) => e.unit === event.unit && e.hook === event.hook && e.remoteUnit === event.remoteUnit);
    if (!dup) this.#queue.push(event);
  }
}
