/**
 * What one unit's agent remembers: how far its start-up got, which remote
 * units and bag versions it has seen on each relation, the leader-settings
 * and config versions it has seen, and the hook that failed, if any. Juju
 * keeps the same in the uniter's local state; comparing it with the model
 * tells which hook comes next (see uniter.ts).
 */
import type { HookEvent } from "./events.js";

/** Start-up stages, in Juju's order: install, relation-created, leadership, config-changed, start. */
export type SetupStage = "install" | "relations" | "leader" | "config" | "start" | "done";

export interface RelationLocal {
  /** `-relation-created` has succeeded. */
  created: boolean;
  /** Remote units this unit knows (its `-joined` ran), with the bag version it last saw. */
  readonly known: Map<string, number>;
  /** Application bag versions seen, by application. */
  readonly appSeen: Map<string, number>;
  /** The remote whose `-joined` just ran: its `-changed` comes next. */
  changedPending: string | null;
  /** `-relation-broken` has succeeded: the relation is gone for this unit. */
  broken: boolean;
}

export interface Failing {
  readonly event: HookEvent;
  /** Runs of the hook that failed, in a row. */
  attempts: number;
  /** Runs that failed since the driver's current run loop began (see `exhausted`). */
  triesThisRun: number;
  /**
   * The retries of this run loop are used up: Juju would go on retrying with
   * backoff, so the next run loop (`runUntilQuiet`, `settle`) retries again;
   * with automatic retries off, only `resolve()` does.
   */
  exhausted: boolean;
  /** Juju's wait before the next retry: 5 s, doubling, at most 5 min. */
  backoffMs: number;
}

export interface UniterState {
  stage: SetupStage;
  readonly relations: Map<number, RelationLocal>;
  leaderSeen: number;
  configSeen: number;
  /** The unit became leader and has not run `leader-elected` since. */
  leaderElectedPending: boolean;
  /** An `update-status` was asked for. */
  updateStatusPending: boolean;
  stopped: boolean;
  failing: Failing | null;
  /** The event whose hook is running now. */
  running: HookEvent | null;
}

export function newUniterState(): UniterState {
  return {
    stage: "install",
    relations: new Map(),
    leaderSeen: 0,
    configSeen: 0,
    leaderElectedPending: false,
    updateStatusPending: false,
    stopped: false,
    failing: null,
    running: null,
  };
}

export function relationLocal(state: UniterState, id: number): RelationLocal {
  let local = state.relations.get(id);
  if (!local) {
    local = { created: false, known: new Map(), appSeen: new Map(), changedPending: null, broken: false };
    state.relations.set(id, local);
  }
  return local;
}
