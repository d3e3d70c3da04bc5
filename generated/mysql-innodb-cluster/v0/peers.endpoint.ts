// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// The typed endpoint of mysql-innodb-cluster (peers side): what a charm handler uses.
// It writes what this side's schema describes and reads what the peers side (this one) publishes.
import { EndpointBinding, type EndpointDefinition } from "../../../src/runtime/index.js";
import {
  mysqlInnodbClusterPeersUnitBinding,
  type MysqlInnodbClusterPeersUnitView,
  mysqlInnodbClusterPeersAppBinding,
  type MysqlInnodbClusterPeersAppView,
  type MysqlInnodbClusterPeersUnitPublish,
  type MysqlInnodbClusterPeersAppPublish,
} from "./peers.accessors.js";
import {
  computeMysqlInnodbClusterPeersFlags,
  mysqlInnodbClusterPeersFlags,
  mysqlInnodbClusterPeersFlagNames,
  type MysqlInnodbClusterPeersFlag,
  type MysqlInnodbClusterPeersFlagNames,
  type MysqlInnodbClusterPeersFlagState,
} from "./peers.flags.js";

/** A joined remote unit: what it publishes, typed and validated. */
export interface MysqlInnodbClusterPeersRemoteUnit extends MysqlInnodbClusterPeersUnitView {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `cluster:3`. */
  readonly relationId: string;
}

/** The other side's application bag, typed and validated. */
export type MysqlInnodbClusterPeersRemoteApp = MysqlInnodbClusterPeersAppView;

/** One relation of this endpoint, as a handler sees it. */
export interface MysqlInnodbClusterPeersRelation {
  /** Relation id, e.g. `cluster:3`. */
  readonly id: string;
  /** The application at the other end (this one, for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted by name, with their typed data. */
  readonly units: readonly MysqlInnodbClusterPeersRemoteUnit[];
  /** The other side's application bag (this application's, for a peer relation). */
  readonly app: MysqlInnodbClusterPeersRemoteApp;
  /** Whether each flag holds on this relation. */
  readonly flags: MysqlInnodbClusterPeersFlagState;
  /**
   * What this side has published on the relation, as committed (without this hook's writes): this
   * unit's bag, and the application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application keys).
   */
  readonly local: {
    readonly unit: MysqlInnodbClusterPeersUnitView;
    readonly app: MysqlInnodbClusterPeersAppView | null;
  };
  /** Publishes values in this unit's bag, on this relation only. */
  publish(values: MysqlInnodbClusterPeersUnitPublish): void;
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: MysqlInnodbClusterPeersAppPublish): void;
}

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type MysqlInnodbClusterPeersChangedKey =
  | "cluster-address"
  | "cluster-password"
  | "cluster-user"
  | "egress-subnets"
  | "ingress-address"
  | "private-address"
  | "unit-clustered"
  | "unit-configure-ready";

const definition: EndpointDefinition = {
  interface: "mysql-innodb-cluster",
  version: 0,
  role: "peers",
  remote: { unit: mysqlInnodbClusterPeersUnitBinding, app: mysqlInnodbClusterPeersAppBinding },
  local: { unit: mysqlInnodbClusterPeersUnitBinding, app: mysqlInnodbClusterPeersAppBinding },
  ingress: { keys: ["ingress-address", "private-address"] },
  secretKeys: ["cluster-password"],
  flags: mysqlInnodbClusterPeersFlags,
  computeFlags: computeMysqlInnodbClusterPeersFlags,
};

/**
 * Peer relation of a MySQL InnoDB Cluster application: every unit publishes how to reach its MySQL
 * instance and how far it has got in joining the cluster.
 *
 * Made with mysqlInnodbClusterPeers(endpoint) and owned by the charm whose defineCharm({ endpoints
 * }) lists it; it works on the hook that charm is running.
 */
export class MysqlInnodbClusterPeersEndpoint<E extends string = string> extends EndpointBinding<E> {
  /** The full names of this endpoint's flags, e.g. `${E}.available`. */
  readonly flags: MysqlInnodbClusterPeersFlagNames<E>;
  /** Types the `endpoint.<ep>.changed.<key>` flags (no value at run time). */
  declare readonly changedKeys?: MysqlInnodbClusterPeersChangedKey;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `cluster`. */
    endpoint: E,
  ) {
    super(endpoint, definition);
    this.flags = mysqlInnodbClusterPeersFlagNames(endpoint);
  }

  /** Every relation of the endpoint, sorted by id, with typed views of the other side. */
  get relations(): readonly MysqlInnodbClusterPeersRelation[] {
    return this.relationViews<MysqlInnodbClusterPeersRelation>();
  }

  /**
   * Joined remote units over all relations, ordered by (relation id, unit name), with their typed
   * data.
   */
  get allJoinedUnits(): readonly MysqlInnodbClusterPeersRemoteUnit[] {
    return this.joinedUnitViews<MysqlInnodbClusterPeersRemoteUnit>();
  }

  /** The interface flags of the endpoint: each holds when it holds on some relation. */
  computeFlags(): MysqlInnodbClusterPeersFlagState {
    const relations = this.relations;
    return {
      available: relations.some((r) => r.flags.available),
      clustered: relations.some((r) => r.flags.clustered),
      connected: relations.some((r) => r.flags.connected),
    };
  }

  /**
   * Whether `available` holds on this relation: At least minimumUnits - 1 peers have joined and
   * every one of them has published its cluster address, user and password.
   */
  isAvailable(relation: MysqlInnodbClusterPeersRelation | string): boolean {
    return this.relation<MysqlInnodbClusterPeersRelation>(relation).flags.available;
  }

  /**
   * Whether `clustered` holds on this relation: At least minimumUnits - 1 peers have joined and
   * every one of them reports that it has joined the InnoDB cluster.
   */
  isClustered(relation: MysqlInnodbClusterPeersRelation | string): boolean {
    return this.relation<MysqlInnodbClusterPeersRelation>(relation).flags.clustered;
  }

  /**
   * Whether `connected` holds on this relation: The peer relation is established: at least one peer
   * has joined.
   */
  isConnected(relation: MysqlInnodbClusterPeersRelation | string): boolean {
    return this.relation<MysqlInnodbClusterPeersRelation>(relation).flags.connected;
  }

  /**
   * Publish how peers reach and administer this unit's MySQL instance.
   * @param address Address on which this unit's MySQL instance accepts cluster (group replication)
   * traffic: an IPv4 or IPv6 address or a host name, at most 253 characters, so that it always
   * makes a valid leader-setting key.
   * @param user MySQL user that peers use to administer this unit's instance.
   * @param password Password of the cluster user. Secret: never logged.
   * @param options.clusterHost publish this address on the ingress keys instead of the endpoint's
   * network address.
   */
  setClusterConnectionInfo(
    address: string | null,
    user: string | null,
    password: string | null,
    options: { readonly clusterHost?: string } = {},
  ): void {
    if (options.clusterHost !== undefined) this.overrideIngress(options.clusterHost);
    this.stage(
      "first",
      "unit",
      { clusterAddress: address, clusterUser: user, clusterPassword: password },
      "setClusterConnectionInfo",
    );
  }

  /**
   * Tell peers that this unit is ready to be added to the cluster.
   */
  setUnitConfigureReady(): void {
    this.stageRaw(
      "first",
      "unit",
      {
        "unit-configure-ready": "true",
      },
      "setUnitConfigureReady",
    );
  }

  /**
   * Tell peers that this unit has joined the cluster.
   */
  setUnitClustered(): void {
    this.stageRaw(
      "first",
      "unit",
      {
        "unit-clustered": "true",
      },
      "setUnitClustered",
    );
  }

  /**
   * Publishes values in this unit's bag on every relation of the endpoint; keys left out are not
   * touched.
   */
  publish(values: MysqlInnodbClusterPeersUnitPublish): void {
    this.stage("all", "unit", values, "publish");
  }

  /**
   * Publishes values in the application's bag on every relation (the leader only: others get
   * NotLeaderError).
   */
  publishApp(values: MysqlInnodbClusterPeersAppPublish): void {
    this.stage("all", "app", values, "publishApp");
  }
}

/**
 * The mysql-innodb-cluster interface (peers side) on an endpoint of the charm.
 * List the result in defineCharm({ endpoints }): the runtime then snapshots the
 * endpoint and computes its flags in every hook of that charm.
 */
export function mysqlInnodbClusterPeers<E extends string>(
  endpoint: E,
): MysqlInnodbClusterPeersEndpoint<E> {
  return new MysqlInnodbClusterPeersEndpoint(endpoint);
}
