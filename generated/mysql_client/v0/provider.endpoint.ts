// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// The typed endpoint of mysql_client (provider side): what a charm handler uses.
// It writes what this side's schema describes and reads what the requirer side publishes.
import {
  EMPTY_BAG,
  EndpointBinding,
  type EndpointDefinition,
  type EmptyBagView,
} from "../../../src/runtime/index.js";
import {
  mysqlClientRequirerAppBinding,
  type MysqlClientRequirerAppView,
} from "./requirer.accessors.js";
import {
  mysqlClientProviderAppBinding,
  type MysqlClientProviderAppPublish,
  type MysqlClientProviderAppView,
  type MysqlClientProviderAppSecrets,
} from "./provider.accessors.js";
import type { MysqlClientRequirerApp } from "./requirer.types.js";
import {
  computeMysqlClientProviderFlags,
  mysqlClientProviderFlags,
  mysqlClientProviderFlagNames,
  type MysqlClientProviderFlag,
  type MysqlClientProviderFlagNames,
  type MysqlClientProviderFlagState,
} from "./provider.flags.js";

/**
 * A joined remote unit: what it publishes, typed and validated (the schema puts nothing in unit
 * bags: they are not read).
 */
export interface MysqlClientProviderRemoteUnit extends EmptyBagView {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
}

/** The other side's application bag, typed and validated. */
export type MysqlClientProviderRemoteApp = MysqlClientRequirerAppView;

/** One relation of this endpoint, as a handler sees it. */
export interface MysqlClientProviderRelation {
  /** Relation id, e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (this one, for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted by name, with their typed data. */
  readonly units: readonly MysqlClientProviderRemoteUnit[];
  /** The other side's application bag (this application's, for a peer relation). */
  readonly app: MysqlClientProviderRemoteApp;
  /** Whether each flag holds on this relation. */
  readonly flags: MysqlClientProviderFlagState;
  /**
   * What this side has published on the relation, as committed (without this hook's writes): this
   * unit's bag, and the application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application keys).
   */
  readonly local: { readonly unit: EmptyBagView; readonly app: MysqlClientProviderAppView | null };
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: MysqlClientProviderAppPublish): void;
  /**
   * Publishes a secret's content for the application-bag key `name`, on this relation only (the
   * leader only): the secret is created and granted to the relation once, updated when the content
   * changes, and its URI published.
   */
  publishSecret<N extends keyof MysqlClientProviderAppSecrets>(
    name: N,
    content: MysqlClientProviderAppSecrets[N],
  ): void;
}

/**
 * A relation on which `available` holds, so it received, present and valid, `database` and
 * `requestedSecrets` in the other application's bag: `isAvailable(relation)` narrows a relation to
 * it.
 */
export interface MysqlClientProviderAvailableRelation extends MysqlClientProviderRelation {
  readonly app: MysqlClientProviderAvailableRemoteApp;
}

/**
 * The other application's bag on a relation on which `available` holds: `database` and
 * `requestedSecrets` received, present and valid.
 */
export interface MysqlClientProviderAvailableRemoteApp extends MysqlClientProviderRemoteApp {
  readonly received: Readonly<Partial<MysqlClientRequirerApp>> & {
    readonly database: string;
    readonly requestedSecrets: string[];
  };
}

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type MysqlClientProviderChangedKey =
  | "database"
  | "egress-subnets"
  | "entity-permissions"
  | "entity-type"
  | "extra-group-roles"
  | "extra-user-roles"
  | "ingress-address"
  | "private-address"
  | "requested-secrets";

const definition: EndpointDefinition = {
  interface: "mysql_client",
  version: 0,
  role: "provider",
  remote: { unit: EMPTY_BAG, app: mysqlClientRequirerAppBinding },
  local: { unit: EMPTY_BAG, app: mysqlClientProviderAppBinding },
  ingress: null,
  secretKeys: ["entity-password", "password"],
  flags: mysqlClientProviderFlags,
  computeFlags: computeMysqlClientProviderFlags,
};

/**
 * What a MySQL server publishes for each application that asked it for a database: where to connect
 * and with which credentials. Everything is in the application bag; values are plain strings on the
 * wire.
 *
 * Made with mysqlClientProvider(endpoint) and owned by the charm whose defineCharm({ endpoints })
 * lists it; it works on the hook that charm is running.
 */
export class MysqlClientProviderEndpoint<E extends string = string> extends EndpointBinding<E> {
  /** The full names of this endpoint's flags, e.g. `${E}.available`. */
  readonly flags: MysqlClientProviderFlagNames<E>;
  /** Types the `endpoint.<ep>.changed.<key>` flags (no value at run time). */
  declare readonly changedKeys?: MysqlClientProviderChangedKey;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `database`. */
    endpoint: E,
  ) {
    super(endpoint, definition);
    this.flags = mysqlClientProviderFlagNames(endpoint);
  }

  /** Every relation of the endpoint, sorted by id, with typed views of the other side. */
  get relations(): readonly MysqlClientProviderRelation[] {
    return this.relationViews<MysqlClientProviderRelation>();
  }

  /**
   * Joined remote units over all relations, ordered by (relation id, unit name), with their typed
   * data.
   */
  get allJoinedUnits(): readonly MysqlClientProviderRemoteUnit[] {
    return this.joinedUnitViews<MysqlClientProviderRemoteUnit>();
  }

  /** The interface flags of the endpoint: each holds when it holds on some relation. */
  computeFlags(): MysqlClientProviderFlagState {
    const relations = this.relations;
    return {
      available: relations.some((r) => r.flags.available),
      connected: relations.some((r) => r.flags.connected),
    };
  }

  /**
   * Whether `available` holds on this relation: The requirer side has published everything its
   * schema requires, and it is valid: its application bag has database, requested-secrets. If so,
   * the relation is a MysqlClientProviderAvailableRelation.
   */
  isAvailable(
    relation: MysqlClientProviderRelation,
  ): relation is MysqlClientProviderAvailableRelation;
  /** Whether `available` holds on the relation with this id, e.g. `database:3`. */
  isAvailable(relation: string): boolean;
  isAvailable(relation: MysqlClientProviderRelation | string): boolean {
    return this.relation<MysqlClientProviderRelation>(relation).flags.available;
  }

  /**
   * Whether `connected` holds on this relation: The endpoint has a relation (from -relation-created
   * until -relation-broken).
   */
  isConnected(relation: MysqlClientProviderRelation | string): boolean {
    return this.relation<MysqlClientProviderRelation>(relation).flags.connected;
  }

  /**
   * Publishes values in the application's bag on every relation (the leader only: others get
   * NotLeaderError).
   */
  publishApp(values: MysqlClientProviderAppPublish): void {
    this.stage("all", "app", values, "publishApp");
  }

  /**
   * Publishes a secret's content for the application-bag key `name` on every relation (the leader
   * only): per relation, the secret is created and granted once, updated when the content changes,
   * and its URI published.
   */
  publishSecret<N extends keyof MysqlClientProviderAppSecrets>(
    name: N,
    content: MysqlClientProviderAppSecrets[N],
  ): void {
    this.stageSecret("all", name, content, "publishSecret");
  }
}

/**
 * The mysql_client interface (provider side) on an endpoint of the charm.
 * List the result in defineCharm({ endpoints }): the runtime then snapshots the
 * endpoint and computes its flags in every hook of that charm.
 */
export function mysqlClientProvider<E extends string>(endpoint: E): MysqlClientProviderEndpoint<E> {
  return new MysqlClientProviderEndpoint(endpoint);
}
