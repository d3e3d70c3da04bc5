/**
 * The hook that is running, as a charm's handlers see it: who and where it
 * runs (unit, application, model, Juju's version, zone, charm directory), the
 * charm's typed config, its flags, leadership, leader settings, status,
 * logging and network addresses. A
 * handler gets it as its argument (`charm.when(...).do((hook) => ...)`); the
 * charm's own methods reach it too while its hook runs. Nothing here is
 * global: each charm has its own running hook.
 */
import type { Backend, LogLevel, RawBag, WorkloadState } from "./backend.js";
import type { Issue } from "./issues.js";
import { HookEnvError, type HookEnv } from "./hook-env.js";
import { JujuVersion } from "./juju-version.js";
import { KnownSecrets } from "./scrub.js";
import type { ShownStatus, ShownStatusMemory } from "./shown-status.js";
import { MAX_STATUS_BYTES, shown } from "./text.js";

/** This unit: `JUJU_UNIT_NAME` and the number after its `/`. */
export interface UnitIdentity {
  /** e.g. `mysql/1`. */
  readonly name: string;
  /** e.g. `1`. */
  readonly number: number;
}

/** The model the unit is in: `JUJU_MODEL_NAME`, `JUJU_MODEL_UUID`. */
export interface ModelIdentity {
  readonly name: string;
  readonly uuid: string;
}

/**
 * What a handler may ask of the hook that is running. `C` is the charm's
 * config type (from its generated config module, given to `defineCharm({
 * config })`); a charm without one has an empty config.
 */
export interface Hook<C extends object = object> {
  /** What the hook is (name, unit, relation). */
  readonly info: HookEnv;
  /** This unit (`JUJU_UNIT_NAME`). */
  readonly unit: UnitIdentity;
  /** This unit's application. */
  readonly app: string;
  /** The model (`JUJU_MODEL_NAME`, `JUJU_MODEL_UUID`). */
  readonly model: ModelIdentity;
  /** `JUJU_VERSION`, parsed: `hook.jujuVersion.atLeast("3.4")`. Throws `HookEnvError` when Juju gave none (or not a version). */
  readonly jujuVersion: JujuVersion;
  /** `JUJU_AVAILABILITY_ZONE`, or null when the unit's machine has no zone. */
  readonly availabilityZone: string | null;
  /** `JUJU_CHARM_DIR`: where the charm's files (and the unit state) are. */
  readonly charmDir: string;
  /**
   * The charm's config, typed and decoded, read once per hook with `config-get`
   * (only for a charm that declares its config). An option without a default
   * is `undefined` while unset; one whose value has the wrong type reads as its
   * default and is in `configIssues`.
   */
  readonly config: Readonly<C>;
  /** One issue per config option whose value does not have its type (never the value). */
  readonly configIssues: readonly Issue[];
  /** `is-leader`, asked at most once per hook. */
  isLeader(): Promise<boolean>;
  /** `leader-get`, read once per hook, with this hook's staged `leaderSet` values over it. */
  leaderGet(): Promise<Readonly<Record<string, string>>>;
  /**
   * `leader-set`, staged: run once, after the hook's relation writes, when
   * everything else succeeded (so a hook that fails changes no setting); on a
   * non-leader it fails the hook then. `""` deletes a key. Values go in argv: keep secrets
   * in an application bag instead.
   */
  leaderSet(values: RawBag): Promise<void>;
  /**
   * `status-set` of this unit's workload status, skipped when Juju already
   * shows it. The message is shown with control characters escaped and cut
   * to 1 KiB (`shown`, runtime/text.ts).
   */
  status(state: WorkloadState, message?: string): Promise<void>;
  /**
   * `juju-log` at the given level, one line: control characters escaped, cut
   * to 4 KiB. Never pass a secret (every secret the hook knows is scrubbed
   * anyway).
   */
  log(message: string, level?: LogLevel): Promise<void>;
  /** This unit's address on a network binding (`network-get --primary-address`), once per binding per hook. */
  networkAddress(binding: string): Promise<string>;
  /**
   * `relation-get -` of one bag, untyped: for what the bindings leave out, such
   * as Juju's own `ingress-address` in a bag the interface's schema declares
   * empty (the bindings do not read those). `unitOrApp` is a unit, or with
   * `{ app: true }` an application.
   */
  relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Readonly<RawBag>>;
  setFlag(flag: string): void;
  clearFlag(flag: string): void;
  isFlagSet(flag: string): boolean;
  /** Every flag set now, sorted (to clear a family of the charm's own flags). */
  allFlags(): readonly string[];
}

const NO_CONFIG: Readonly<object> = Object.freeze({});

export class RunningHook implements Hook<object> {
  readonly pending: Promise<unknown>[] = [];
  #config: Readonly<object> = NO_CONFIG;
  #configIssues: readonly Issue[] = [];
  #version: JujuVersion | undefined;
  #leader: boolean | undefined;
  readonly #addresses = new Map<string, Promise<string>>();
  /** The workload status set in this hook, if any, as Juju shows it. */
  statusSet: { state: WorkloadState; message: string } | undefined;
  #leaderSettings: Record<string, string> | undefined;
  /** `leaderSet` values of this hook, written at its end (see `leaderSet`). */
  readonly stagedLeaderSettings: Record<string, string> = Object.create(null) as Record<string, string>;

  constructor(
    readonly backend: Backend,
    readonly info: HookEnv,
    readonly flags: Set<string>,
    /** What Juju shows as this unit's status (to skip an identical status-set). */
    readonly shown: ShownStatusMemory,
    /** Every secret this hook read or staged: scrubbed from its logs and its error. */
    readonly known: KnownSecrets = new KnownSecrets(),
  ) {
    this.#shown = shown.read();
  }
  #shown: ShownStatus | undefined;

  get unit(): UnitIdentity {
    const name = this.info.unit;
    return { name, number: Number(name.slice(name.lastIndexOf("/") + 1)) };
  }

  get app(): string {
    return this.info.app;
  }

  get model(): ModelIdentity {
    return this.info.model;
  }

  get jujuVersion(): JujuVersion {
    if (!this.#version) {
      const text = this.info.jujuVersion;
      if (!JujuVersion.valid(text)) throw new HookEnvError(`JUJU_VERSION is ${text ? `not a Juju version: ${JSON.stringify(text)}` : "not set"}`);
      this.#version = JujuVersion.parse(text);
    }
    return this.#version;
  }

  get availabilityZone(): string | null {
    return this.info.availabilityZone;
  }

  get charmDir(): string {
    return this.info.charmDir;
  }

  get config(): Readonly<object> {
    return this.#config;
  }

  get configIssues(): readonly Issue[] {
    return this.#configIssues;
  }

  /** The config read for this hook (the runtime sets it before handlers run). */
  useConfig(values: Readonly<object>, issues: readonly Issue[]): void {
    this.#config = values;
    this.#configIssues = Object.freeze([...issues]);
  }

  /** Leadership, once known (the runtime asks before handlers run). */
  get leader(): boolean {
    if (this.#leader === undefined) throw new Error("leadership was not asked yet");
    return this.#leader;
  }

  async isLeader(): Promise<boolean> {
    this.#leader ??= await this.backend.isLeader();
    return this.#leader;
  }

  async leaderGet(): Promise<Readonly<Record<string, string>>> {
    this.#leaderSettings ??= await this.backend.leaderGet();
    for (const v of Object.values(this.#leaderSettings)) this.known.addShared(v);
    const merged: Record<string, string> = { ...this.#leaderSettings };
    for (const [k, v] of Object.entries(this.stagedLeaderSettings)) {
      if (v === "") delete merged[k];
      else merged[k] = v;
    }
    return Object.freeze(merged);
  }

  async relationGet(relationId: string, unitOrApp: string, options: { app?: boolean } = {}): Promise<Readonly<RawBag>> {
    return Object.freeze(await this.backend.relationGet(relationId, unitOrApp, options));
  }

  async leaderSet(values: RawBag): Promise<void> {
    for (const [k, v] of Object.entries(values)) {
      this.known.addShared(v);
      this.stagedLeaderSettings[k] = v;
    }
  }

  async status(state: WorkloadState, message = ""): Promise<void> {
    // Compared, sent and remembered as Juju shows it (to anyone who runs juju status: scrubbed of every
    // secret the hook knows): two messages that show alike are one status.
    const text = shown(this.known.scrub(message), MAX_STATUS_BYTES);
    const last = this.#shown;
    if (last && last.state === state && last.message === text) return;
    // Unknown while the call runs: if it fails or the hook dies, the next hook sets it again.
    this.shown.write(undefined);
    this.#shown = undefined;
    await this.backend.statusSet(state, text);
    this.statusSet = { state, message: text };
    this.#shown = { state, message: text };
    this.shown.write(this.#shown);
  }

  /** Logs without waiting; the hook waits for every log before it ends. Scrubbed of every secret known now. */
  logLater(level: LogLevel, message: string): void {
    this.pending.push(this.backend.log(level, this.known.scrub(message)));
  }

  /** Scrubbed of every secret the hook knows; the backend escapes and bounds it. */
  log(message: string, level: LogLevel = "INFO"): Promise<void> {
    return this.backend.log(level, this.known.scrub(message));
  }

  networkAddress(binding: string): Promise<string> {
    let address = this.#addresses.get(binding);
    if (!address) {
      address = this.backend.networkPrimaryAddress(binding);
      this.#addresses.set(binding, address);
    }
    return address;
  }

  setFlag(flag: string): void {
    this.flags.add(flag);
  }

  clearFlag(flag: string): void {
    this.flags.delete(flag);
  }

  isFlagSet(flag: string): boolean {
    return this.flags.has(flag);
  }

  allFlags(): readonly string[] {
    return [...this.flags].sort();
  }
}
