// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// The typed endpoint of mysql_client (requirer side): what a charm handler uses.
// It writes what this side's schema describes and reads what the provider side publishes.
import {
  EMPTY_BAG,
  EndpointBinding,
  type EndpointDefinition,
  type EmptyBagView,
} from "../../../src/runtime/index.js";
import {
  mysqlClientProviderAppBinding,
  type MysqlClientProviderAppView,
} from "./provider.accessors.js";
import {
  mysqlClientRequirerAppBinding,
  type MysqlClientRequirerAppPublish,
  type MysqlClientRequirerAppView,
} from "./requirer.accessors.js";
import type { MysqlClientProviderApp } from "./provider.types.js";
import {
  computeMysqlClientRequirerFlags,
  mysqlClientRequirerFlags,
  mysqlClientRequirerFlagNames,
  type MysqlClientRequirerFlag,
  type MysqlClientRequirerFlagNames,
  type MysqlClientRequirerFlagState,
} from "./requirer.flags.js";

/**
 * A joined remote unit: what it publishes, typed and validated (the schema puts nothing in unit
 * bags: they are not read).
 */
export interface MysqlClientRequirerRemoteUnit extends EmptyBagView {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
}

/** The other side's application bag, typed and validated. */
export type MysqlClientRequirerRemoteApp = MysqlClientProviderAppView;

/** One relation of this endpoint, as a handler sees it. */
export interface MysqlClientRequirerRelation {
  /** Relation id, e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (this one, for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted by name, with their typed data. */
  readonly units: readonly MysqlClientRequirerRemoteUnit[];
  /** The other side's application bag (this application's, for a peer relation). */
  readonly app: MysqlClientRequirerRemoteApp;
  /** Whether each flag holds on this relation. */
  readonly flags: MysqlClientRequirerFlagState;
  /**
   * What this side has published on the relation, as committed (without this hook's writes): this
   * unit's bag, and the application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application keys).
   */
  readonly local: { readonly unit: EmptyBagView; readonly app: MysqlClientRequirerAppView | null };
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: MysqlClientRequirerAppPublish): void;
}

/**
 * A relation on which `available` holds, so it received, present and valid, `database` and
 * `endpoints` in the other application's bag: `isAvailable(relation)` narrows a relation to it.
 */
export interface MysqlClientRequirerAvailableRelation extends MysqlClientRequirerRelation {
  readonly app: MysqlClientRequirerAvailableRemoteApp;
}

/**
 * The other application's bag on a relation on which `available` holds: `database` and `endpoints`
 * received, present and valid.
 */
export interface MysqlClientRequirerAvailableRemoteApp extends MysqlClientRequirerRemoteApp {
  readonly received: Readonly<Partial<MysqlClientProviderApp>> & {
    readonly database: string;
    readonly endpoints: string;
  };
}

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type MysqlClientRequirerChangedKey =
  | "database"
  | "egress-subnets"
  | "endpoints"
  | "entity-name"
  | "entity-password"
  | "ingress-address"
  | "password"
  | "private-address"
  | "read-only-endpoints"
  | "read-only-uris"
  | "secret-user"
  | "uris"
  | "username"
  | "version";

const definition: EndpointDefinition = {
  interface: "mysql_client",
  version: 0,
  role: "requirer",
  remote: { unit: EMPTY_BAG, app: mysqlClientProviderAppBinding },
  local: { unit: EMPTY_BAG, app: mysqlClientRequirerAppBinding },
  ingress: null,
  secretKeys: ["entity-password", "password"],
  flags: mysqlClientRequirerFlags,
  computeFlags: computeMysqlClientRequirerFlags,
};

/**
 * What an application that needs a MySQL database asks for: the database name, which of the
 * answer's fields it wants delivered as Juju secrets, and optional extra roles. Everything is in
 * the application bag.
 *
 * Made with mysqlClientRequirer(endpoint) and owned by the charm whose defineCharm({ endpoints })
 * lists it; it works on the hook that charm is running.
 */
export class MysqlClientRequirerEndpoint<E extends string = string> extends EndpointBinding<E> {
  /** The full names of this endpoint's flags, e.g. `${E}.available`. */
  readonly flags: MysqlClientRequirerFlagNames<E>;
  /** Types the `endpoint.<ep>.changed.<key>` flags (no value at run time). */
  declare readonly changedKeys?: MysqlClientRequirerChangedKey;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `database`. */
    endpoint: E,
  ) {
    super(endpoint, definition);
    this.flags = mysqlClientRequirerFlagNames(endpoint);
  }

  /** Every relation of the endpoint, sorted by id, with typed views of the other side. */
  get relations(): readonly MysqlClientRequirerRelation[] {
    return this.relationViews<MysqlClientRequirerRelation>();
  }

  /**
   * Joined remote units over all relations, ordered by (relation id, unit name), with their typed
   * data.
   */
  get allJoinedUnits(): readonly MysqlClientRequirerRemoteUnit[] {
    return this.joinedUnitViews<MysqlClientRequirerRemoteUnit>();
  }

  /** The interface flags of the endpoint: each holds when it holds on some relation. */
  computeFlags(): MysqlClientRequirerFlagState {
    const relations = this.relations;
    return {
      available: relations.some((r) => r.flags.available),
      connected: relations.some((r) => r.flags.connected),
    };
  }

  /**
   * Whether `available` holds on this relation: The server answered with a valid database and
   * endpoints, and the user's credentials: as plain keys, or in the secret-user secret, readable
   * and valid. If so, the relation is a MysqlClientRequirerAvailableRelation.
   */
  isAvailable(
    relation: MysqlClientRequirerRelation,
  ): relation is MysqlClientRequirerAvailableRelation;
  /** Whether `available` holds on the relation with this id, e.g. `database:3`. */
  isAvailable(relation: string): boolean;
  isAvailable(relation: MysqlClientRequirerRelation | string): boolean {
    return this.relation<MysqlClientRequirerRelation>(relation).flags.available;
  }

  /**
   * Whether `connected` holds on this relation: A unit of a database server has joined the
   * relation.
   */
  isConnected(relation: MysqlClientRequirerRelation | string): boolean {
    return this.relation<MysqlClientRequirerRelation>(relation).flags.connected;
  }

  /**
   * Publishes values in the application's bag on every relation (the leader only: others get
   * NotLeaderError).
   */
  publishApp(values: MysqlClientRequirerAppPublish): void {
    this.stage("all", "app", values, "publishApp");
  }
}

/**
 * The mysql_client interface (requirer side) on an endpoint of the charm.
 * List the result in defineCharm({ endpoints }): the runtime then snapshots the
 * endpoint and computes its flags in every hook of that charm.
 */
export function mysqlClientRequirer<E extends string>(endpoint: E): MysqlClientRequirerEndpoint<E> {
  return new MysqlClientRequirerEndpoint(endpoint);
}
