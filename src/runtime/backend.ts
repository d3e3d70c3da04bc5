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

/** What `secret-info-get` tells the owner of a secret. */
export interface SecretMetadata {
  /** The bare 20-character id. */
  readonly id: string;
  readonly revision: number;
  readonly label: string;
  readonly owner: "application" | "unit";
}

/**
 * Juju secrets through their hook tools. Content travels in a file of mode
 * 0600 in a private temporary folder, removed after the call: never in argv.
 * Changes take effect when the hook succeeds.
 */
export interface SecretBackend {
  /** `secret-add --owner <owner> [--label L] --file <content>`: the new secret's URI. */
  secretAdd(content: RawBag, options?: { owner?: "application" | "unit"; label?: string; description?: string }): Promise<string>;
  /** `secret-get --format=json <uri> | --label L [--peek|--refresh]`: the content (throws SecretNotFoundError, SecretAccessError). */
  secretGet(ref: { uri?: string; label?: string }, options?: { peek?: boolean; refresh?: boolean }): Promise<Record<string, string>>;
  /** `secret-set <uri> --file <content>`: a new revision when the content differs. */
  secretSet(uri: string, content: RawBag): Promise<void>;
  /** `secret-grant <uri> -r <id> [--unit U]`. */
  secretGrant(uri: string, relationId: string, unit?: string): Promise<void>;
  /** `secret-revoke <uri> -r <id>`. */
  secretRevoke(uri: string, relationId: string): Promise<void>;
  /** `secret-remove <uri> [--revision N]`: the whole secret by default. */
  secretRemove(uri: string, revision?: number): Promise<void>;
  /** `secret-info-get --format=json <uri> | --label L`: null when this unit manages no such secret. */
  secretInfo(ref: { uri?: string; label?: string }): Promise<SecretMetadata | null>;
  /** `secret-ids --format=json`: the ids of the secrets this unit manages. */
  secretIds(): Promise<string[]>;
}

export interface Backend extends SecretBackend {
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
   * `relation-get` of a whole bag, synchronously: how a bag served from the
   * read cache reads its secret keys when a handler wants them (a property
   * read cannot wait). Absent, or `syncReads` not true: such bags are read in
   * every hook instead.
   */
  relationGetSync?(relationId: string, unitOrApp: string, options?: { app?: boolean }): Record<string, string>;
  /** Whether `relationGetSync` works. */
  readonly syncReads?: boolean;
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
  /**
   * `config-get --format=json`: the options that have a value (a default or one set); an option
   * without a default that is unset is absent, as Juju prints it without `--all`.
   */
  configGet(): Promise<Record<string, unknown>>;
  /** `status-set [--application] <state> -- <message>`. */
  statusSet(state: WorkloadState, message: string, options?: { application?: boolean }): Promise<void>;
}
