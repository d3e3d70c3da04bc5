/**
 * What a hook tool sees of the model: the hook context of one unit running one
 * hook. The simulator's `HookContext` implements it; the tools never touch the
 * model directly, so they stay small and testable.
 */

export type Bag = Record<string, string>;
export type ConfigValue = string | number | boolean | null;
export type WorkloadState = "maintenance" | "blocked" | "waiting" | "active";
export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** One relation as the local unit sees it. */
export interface RelationInfo {
  /** The integer id (`cluster:3` → 3). */
  readonly id: number;
  /** The local endpoint name. */
  readonly endpoint: string;
  /** `cluster:3`, the form Juju prints. */
  readonly fakeId: string;
  /** Juju's relation key, e.g. `mysql:cluster` (peer) or `a:db b:db`. */
  readonly key: string;
  /** The application at the other end (the local one for a peer relation). */
  readonly remoteApp: string;
  readonly peer: boolean;
}

export interface NetworkInfo {
  readonly address: string;
  readonly cidr: string;
  readonly macAddress: string;
  readonly interfaceName: string;
}

/**
 * The action side of a hook context (`action-get`, `action-set`,
 * `action-fail`, `action-log`): outside an action every method throws
 * `RunError("not running an action")`, as Juju's context does.
 */
export interface ActionToolContext {
  actionParams(): Readonly<Record<string, unknown>>;
  /** One checked `action-set` value at a dotted path. */
  updateActionResults(keys: readonly string[], value: string): void;
  setActionFailed(message: string): void;
  logActionMessage(message: string): void;
}

/** The hook context a tool runs in. Methods that can fail throw a `RunError`. */
export interface ToolContext extends SecretContext, ActionToolContext {
  readonly unitName: string;
  readonly appName: string;
  /** The relation of a relation hook, or null. */
  readonly hookRelationId: number | null;
  /** `JUJU_REMOTE_UNIT` ("" when none). */
  readonly remoteUnit: string;
  /** `JUJU_REMOTE_APP` ("" when none). */
  readonly remoteApp: string;

  /** Ids for `relation-ids` (excludes a relation whose broken hook is running). */
  relationIds(): number[];
  /** A relation this unit can address with `-r`, or undefined. */
  relation(id: number): RelationInfo | undefined;
  /** Remote units of the relation as `relation-list` shows them, sorted. */
  relationMembers(id: number): string[];
  /** The local unit's bag including this hook's uncommitted writes. */
  localUnitSettings(id: number): Bag;
  /** The local application's bag including uncommitted writes (leader only). */
  localAppSettings(id: number): Bag;
  /** A remote unit's committed bag. */
  remoteUnitSettings(id: number, unit: string): Bag;
  /** An application's committed bag (remote app, or own app on a peer relation). */
  remoteAppSettings(id: number, app: string): Bag;
  /** Buffers writes to the local unit's (or app's) bag; `""` deletes. */
  writeSettings(id: number, app: boolean, changes: ReadonlyMap<string, string>): void;

  isLeader(): boolean;
  leaderSettings(): Bag;
  /** Immediate write; throws when not the leader. */
  writeLeaderSettings(changes: ReadonlyMap<string, string>): void;

  config(): Record<string, ConfigValue>;
  setStatus(application: boolean, state: WorkloadState, message: string): void;
  setWorkloadVersion(version: string): void;
  log(level: LogLevel, message: string): void;
  /** Network info of a binding (endpoint or extra binding), or undefined if unknown. */
  network(binding: string): NetworkInfo | undefined;
  publicAddress(): string;
  privateAddress(): string;
}

/** What `secret-info-get` shows of a secret the unit manages. */
export interface SecretInfo {
  readonly id: string;
  readonly revision: number;
  readonly label: string;
  readonly owner: "application" | "unit";
  readonly description: string;
  readonly rotation: string;
  readonly expiry: string;
  readonly access: readonly { readonly target: string; readonly scope: string; readonly role: "view" }[];
}

/** A secret by id (from any URI form) or by label. */
export interface SecretRef {
  readonly id?: string;
  /** The URI as the caller wrote it, for messages. */
  readonly uri?: string;
  readonly label?: string;
}

/** The secret side of a hook context. Content values are base64, as Juju stores them. */
export interface SecretContext {
  /** secret-add: a new secret (applied when the hook succeeds); returns its URI. */
  secretCreate(content: Readonly<Record<string, string>>, owner: "application" | "unit", meta: { label: string; description: string; rotate: string; expire: string }): string;
  /** secret-get: the content this unit sees (its tracked revision, or the latest with peek/refresh). */
  secretRead(ref: SecretRef, mode: "tracked" | "peek" | "refresh"): Readonly<Record<string, string>>;
  /** secret-set: new content (a new revision only if it differs) and metadata. */
  secretUpdate(ref: SecretRef, content: Readonly<Record<string, string>> | undefined, meta: Partial<{ label: string; description: string; rotate: string; expire: string }>): void;
  /** secret-remove: one revision, or the whole secret (revision <= 0). */
  secretRemove(ref: SecretRef, revision: number): void;
  /** secret-grant: view access for the relation's other application (or one of its units). */
  secretGrant(ref: SecretRef, relationId: number, unit: string): void;
  /** secret-revoke: drops grants for the relation's other application (or one unit), or for an application. */
  secretRevoke(ref: SecretRef, target: { relationId?: number; app?: string; unit?: string }): void;
  /** secret-ids: the secrets this unit manages. */
  secretIds(): string[];
  /** secret-info-get. */
  secretInfo(ref: SecretRef): SecretInfo;
}

export interface ToolIO {
  /** Absolute cwd of the calling process (for relative `--file` / `--output` paths). */
  readonly cwd: string;
  /** Bytes the client forwarded from its stdin (only when `--file -` was given). */
  readonly stdin: Uint8Array | null;
}

export interface ToolOutput {
  stdout: string;
  stderr: string;
  code: number;
}
