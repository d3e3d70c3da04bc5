/**
 * The one place that talks to Juju. Everything above it (endpoint snapshots,
 * flags, dispatch) is written against this interface, so the same charm code
 * runs on real hook tools (`HookToolBackend`) and in memory (`MemoryBackend`).
 *
 * Relation ids are always the `<endpoint>:<n>` form that Juju prints.
 * Databags are flat maps of strings; writing `""` deletes a key.
 */

export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
export type WorkloadState = "maintenance" | "blocked" | "waiting" | "active";

/** A flat Juju databag: every value is a string on the wire. */
export type RawBag = Readonly<Record<string, string>>;

export interface Backend {
  /** `relation-ids --format=json <endpoint>`: ids sorted as strings, `[]` when none. */
  relationIds(endpoint: string): Promise<string[]>;
  /** `relation-list --format=json -r <id>`: remote units, sorted as strings (never the local unit). */
  relationList(relationId: string): Promise<string[]>;
  /** `relation-list --format=json -r <id> --app`: the application at the other end (the own one for a peer relation). */
  relationRemoteApp(relationId: string): Promise<string>;
  /**
   * `relation-get --format=json -r <id> - <unit-or-app>` (with `--app` for an application bag).
   * Resolves to the whole bag (`{}` when empty).
   */
  relationGet(relationId: string, unitOrApp: string, options?: { app?: boolean }): Promise<Record<string, string>>;
  /**
   * `relation-set -r <id> [--app] --file -` with a JSON document on stdin (never argv).
   * A value of `""` deletes the key. Juju commits it only when the hook exits 0.
   */
  relationSet(relationId: string, values: RawBag, options?: { app?: boolean }): Promise<void>;
  /** `network-get --primary-address <binding>`. */
  networkPrimaryAddress(binding: string): Promise<string>;
  /** `juju-log --log-level <level> -- <message>`. */
  log(level: LogLevel, message: string): Promise<void>;
  /** `is-leader --format=json`. */
  isLeader(): Promise<boolean>;
  /** `leader-get --format=json -`. */
  leaderGet(): Promise<Record<string, string>>;
  /** `leader-set k=v ...` (immediate, not buffered; `""` deletes). Fails on a non-leader. */
  leaderSet(values: RawBag): Promise<void>;
  /** `status-set [--application] <state> -- <message>`. */
  statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void>;
}
