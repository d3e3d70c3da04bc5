/**
 * The hook that is running, and what charm code may ask of it: flags,
 * leadership, status and logging. Every function here throws
 * NoHookRunningError when called outside `runHook()`.
 */
import type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
import type { EndpointRuntime } from "./endpoint-runtime.js";
import type { HookEnv } from "./hook-env.js";
import type { EndpointPort } from "./port.js";
import { NoHookRunningError, type PortProvider } from "./registry.js";

export class RunningHook implements PortProvider {
  readonly pending: Promise<unknown>[] = [];
  #leader: boolean | undefined;
  readonly #addresses = new Map<string, Promise<string>>();
  readonly #ownAppBags = new Map<string, Promise<RawBag>>();
  /** The workload status set in this hook, if any (committed with the unit state). */
  statusSet: { state: WorkloadState; message: string } | undefined;
  #leaderSettings: Record<string, string> | undefined;
  /** Leader-setting and application-bag values seen this hook; scrubbed from any error message. */
  readonly leaderValues = new Set<string>();

  constructor(
    readonly backend: Backend,
    readonly env: HookEnv,
    readonly flags: Set<string>,
    readonly endpoints: ReadonlyMap<string, EndpointRuntime>,
    /** The status committed by the last successful hook (to skip an identical status-set). */
    readonly lastStatus: { state: string; message: string } | undefined,
  ) {}

  /** The committed bag of this unit's own application on a relation, read at most once per hook. */
  ownAppBag(relationId: string): Promise<RawBag> {
    let bag = this.#ownAppBags.get(relationId);
    if (!bag) {
      bag = this.backend.relationGet(relationId, this.env.app, { app: true }).then((b) => {
        for (const v of Object.values(b)) this.leaderValues.add(v);
        return Object.freeze(b);
      });
      this.#ownAppBags.set(relationId, bag);
    }
    return bag;
  }

  /** `network-get --primary-address <binding>`, asked at most once per binding per hook. */
  networkAddress(binding: string): Promise<string> {
    let address = this.#addresses.get(binding);
    if (!address) {
      address = this.backend.networkPrimaryAddress(binding);
      this.#addresses.set(binding, address);
    }
    return address;
  }

  async status(state: WorkloadState, message: string): Promise<void> {
    const last = this.statusSet ?? this.lastStatus;
    if (last && last.state === state && last.message === message) return;
    await this.backend.statusSet(state, message);
    this.statusSet = { state, message };
  }

  port(endpoint: string): EndpointPort {
    const runtime = this.endpoints.get(endpoint);
    if (!runtime) throw new Error(`endpoint ${JSON.stringify(endpoint)} is not part of this hook`);
    return runtime;
  }

  /** Logs without waiting; the hook waits for every log before it ends. */
  log(level: LogLevel, message: string): void {
    this.pending.push(this.backend.log(level, message));
  }

  async isLeader(): Promise<boolean> {
    this.#leader ??= await this.backend.isLeader();
    return this.#leader;
  }

  async leaderGet(): Promise<Readonly<Record<string, string>>> {
    this.#leaderSettings ??= await this.backend.leaderGet();
    for (const v of Object.values(this.#leaderSettings)) this.leaderValues.add(v);
    return Object.freeze({ ...this.#leaderSettings });
  }

  async leaderSet(values: RawBag): Promise<void> {
    for (const v of Object.values(values)) this.leaderValues.add(v);
    await this.backend.leaderSet(values);
    this.#leaderSettings = undefined;
  }
}

let active: RunningHook | null = null;

export function setActiveContext(context: RunningHook | null): void {
  active = context;
}

export function currentContext(what: string): RunningHook {
  if (!active) throw new NoHookRunningError(what);
  return active;
}

/** Sets one of the charm's flags (persisted when the hook succeeds). */
export function setFlag(flag: string): void {
  currentContext("setFlag").flags.add(flag);
}

/** Clears a flag (persisted when the hook succeeds). */
export function clearFlag(flag: string): void {
  currentContext("clearFlag").flags.delete(flag);
}

export function isFlagSet(flag: string): boolean {
  return currentContext("isFlagSet").flags.has(flag);
}

/** `is-leader`, asked once per hook. */
export function isLeader(): Promise<boolean> {
  return currentContext("isLeader").isLeader();
}

/** `leader-get`, read once per hook (again after a leaderSet). */
export function leaderGet(): Promise<Readonly<Record<string, string>>> {
  return currentContext("leaderGet").leaderGet();
}

/** `leader-set`: immediate, not buffered; fails on a non-leader. `""` deletes a key. */
export function leaderSet(values: RawBag): Promise<void> {
  return currentContext("leaderSet").leaderSet(values);
}

/**
 * `status-set` of this unit's workload status. The status is remembered in the
 * unit state, so setting the same status again costs no hook-tool call.
 */
export function status(state: WorkloadState, message = ""): Promise<void> {
  return currentContext("status").status(state, message);
}

/**
 * The application bag of an endpoint's first relation, for charm-private data
 * shared by the application (on a peer relation every unit may read it; only
 * the leader may write). Writes are staged and flushed with the hook's other
 * relation data through `relation-set --app --file -`, so values never appear
 * in argv: keep secrets here rather than in leader settings, whose only tool,
 * `leader-set`, takes them on the command line.
 */
export function applicationBag(endpoint: string): { read(): Promise<Readonly<Record<string, string>>>; write(values: RawBag): void } {
  return {
    async read() {
      const ctx = currentContext("applicationBag");
      const id = ctx.port(endpoint).relationIds()[0];
      return id === undefined ? {} : ctx.ownAppBag(id);
    },
    write(values) {
      const ctx = currentContext("applicationBag");
      for (const v of Object.values(values)) ctx.leaderValues.add(v);
      ctx.port(endpoint).write("first", "app", values);
    },
  };
}

/** This unit's address on a network binding (`network-get --primary-address`), once per hook. */
export function networkAddress(binding: string): Promise<string> {
  return currentContext("networkAddress").networkAddress(binding);
}

/** `juju-log` at the given level. Never pass a secret. */
export function log(message: string, level: LogLevel = "INFO"): Promise<void> {
  return currentContext("log").backend.log(level, message);
}

/** What the running hook is (name, unit, relation). */
export function hookInfo(): HookEnv {
  return currentContext("hookInfo").env;
}
