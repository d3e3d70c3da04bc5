// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// The typed endpoint of mysql-innodb-cluster (peers side): what a charm handler uses.
import { registerEndpoint } from "../../../src/runtime/registry.js";
import type { EndpointPort, JoinedUnit } from "../../../src/runtime/port.js";
import { encodeJson } from "../../../src/runtime/codec.js";
import type { MysqlInnodbClusterPeersUnit } from "./peers.types.js";
import {
  readMysqlInnodbClusterPeersUnit,
  encodeMysqlInnodbClusterPeersUnit,
  type MysqlInnodbClusterPeersUnitView,
  type MysqlInnodbClusterPeersUnitPublish,
} from "./peers.accessors.js";
import {
  computeMysqlInnodbClusterPeersFlags,
  mysqlInnodbClusterPeersFlags,
  mysqlInnodbClusterPeersFlagNames,
  type MysqlInnodbClusterPeersFlagNames,
  type MysqlInnodbClusterPeersFlagState,
} from "./peers.flags.js";

/** A joined remote unit with its typed data. */
export interface MysqlInnodbClusterPeersRemoteUnit extends MysqlInnodbClusterPeersUnitView {
  /** Unit name, e.g. `mysql/1`. */
  readonly name: string;
  /** Relation id, e.g. `cluster:3`. */
  readonly relationId: string;
}

/**
 * Peer relation of a MySQL InnoDB Cluster application: every unit publishes how to reach its MySQL instance and how far it has got in joining the cluster.
 *
 * Made with mysqlInnodbClusterPeers(endpoint); every call works on the hook that is running.
 */
export class MysqlInnodbClusterPeersEndpoint<E extends string = string> {
  /** The full names of this endpoint's flags, e.g. `${E}.available`. */
  readonly flags: MysqlInnodbClusterPeersFlagNames<E>;
  #units: { source: readonly JoinedUnit[]; views: readonly MysqlInnodbClusterPeersRemoteUnit[]; } | null = null;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `cluster`. */
    readonly endpoint: E,
    private readonly port: EndpointPort,
  ) {
    this.flags = mysqlInnodbClusterPeersFlagNames(endpoint);
  }

  /** Relation ids of the endpoint, sorted as strings, e.g. `["cluster:19"]`. */
  relationIds(): readonly string[] {
    return this.port.relationIds();
  }

  /** Joined remote units over all relations, ordered by (relation id, unit name), with their typed data. */
  get allJoinedUnits(): readonly MysqlInnodbClusterPeersRemoteUnit[] {
    const source = this.port.joinedUnits();
    if (this.#units?.source !== source) {
      const views = source.map((u) => Object.freeze({ ...readMysqlInnodbClusterPeersUnit(u.raw), name: u.name, relationId: u.relationId }));
      this.#units = { source, views: Object.freeze(views) };
    }
    return this.#units.views;
  }

  /** The interface flags as they follow from the current relation data. */
  computeFlags(): MysqlInnodbClusterPeersFlagState {
    return computeMysqlInnodbClusterPeersFlags({ units: this.port.joinedUnits(), app: this.port.appBag() });
  }

  /**
   * Publish how peers reach and administer this unit's MySQL instance.
   * @param address Address on which this unit's MySQL instance accepts cluster (group replication) traffic.
   * @param user MySQL user that peers use to administer this unit's instance.
   * @param password Password of the cluster user. Secret: never logged.
   * @param options.clusterHost publish this address on the ingress keys instead of the endpoint's network address.
   */
  setClusterConnectionInfo(address: Exclude<MysqlInnodbClusterPeersUnit["clusterAddress"], undefined> | null, user: Exclude<MysqlInnodbClusterPeersUnit["clusterUser"], undefined> | null, password: Exclude<MysqlInnodbClusterPeersUnit["clusterPassword"], undefined> | null, options: { readonly clusterHost?: string; } = {}): void {
    if (options.clusterHost !== undefined) this.port.overrideIngress(options.clusterHost);
    this.port.write("first", "unit", {
      "cluster-address": encodeJson(address),
      "cluster-user": encodeJson(user),
      "cluster-password": encodeJson(password),
    });
  }

  /**
   * Tell peers that this unit is ready to be added to the cluster.
   */
  setUnitConfigureReady(): void {
    this.port.write("first", "unit", {
      "unit-configure-ready": "true",
    });
  }

  /**
   * Tell peers that this unit has joined the cluster.
   */
  setUnitClustered(): void {
    this.port.write("first", "unit", {
      "unit-clustered": "true",
    });
  }

  /** Publishes any subset of this unit's bag on the first relation. Keys left out are not touched. */
  publish(values: MysqlInnodbClusterPeersUnitPublish): void {
    this.port.write("first", "unit", encodeMysqlInnodbClusterPeersUnit(values));
  }
}

/**
 * Binds the mysql-innodb-cluster interface (peers side) to an endpoint of the charm.
 * Call it once at module load; the runtime then snapshots the endpoint and
 * computes its flags in every hook.
 */
export function mysqlInnodbClusterPeers<E extends string>(endpoint: E): MysqlInnodbClusterPeersEndpoint<E> {
  const port = registerEndpoint({
    interface: "mysql-innodb-cluster",
    role: "peers",
    endpoint,
    ingress: { keys: ["ingress-address", "private-address"] },
    readsApp: false,
    secretKeys: ["cluster-password"],
    flags: mysqlInnodbClusterPeersFlags,
    computeFlags: computeMysqlInnodbClusterPeersFlags,
  });
  return new MysqlInnodbClusterPeersEndpoint(endpoint, port);
}
