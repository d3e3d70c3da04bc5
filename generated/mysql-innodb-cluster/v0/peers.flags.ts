// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// Flag computers of mysql-innodb-cluster (peers side): pure functions of one relation,
// reading what the peers side publishes.
import { isPresent as keyPresent, type FlagSnapshot } from "../../../src/runtime/index.js";

/** The flags of this interface, without the endpoint prefix. */
export type MysqlInnodbClusterPeersFlag = "available" | "clustered" | "connected";

/** Every flag of this interface, sorted. */
export const mysqlInnodbClusterPeersFlags: readonly MysqlInnodbClusterPeersFlag[] = [
  "available",
  "clustered",
  "connected",
];

/** Full flag names for the endpoint `E`, e.g. `${E}.available`. */
export interface MysqlInnodbClusterPeersFlagNames<E extends string> {
  /**
   * At least minimumUnits - 1 peers have joined and every one of them has published its cluster
   * address, user and password.
   */
  readonly available: `${E}.available`;
  /**
   * At least minimumUnits - 1 peers have joined and every one of them reports that it has joined
   * the InnoDB cluster.
   */
  readonly clustered: `${E}.clustered`;
  /**
   * The peer relation is established: at least one peer has joined.
   */
  readonly connected: `${E}.connected`;
}

/** Whether each flag holds. */
export type MysqlInnodbClusterPeersFlagState = {
  /**
   * At least minimumUnits - 1 peers have joined and every one of them has published its cluster
   * address, user and password.
   */
  readonly available: boolean;
  /**
   * At least minimumUnits - 1 peers have joined and every one of them reports that it has joined
   * the InnoDB cluster.
   */
  readonly clustered: boolean;
  /**
   * The peer relation is established: at least one peer has joined.
   */
  readonly connected: boolean;
};

/** Builds the full flag names of an endpoint. */
export function mysqlInnodbClusterPeersFlagNames<E extends string>(
  endpoint: E,
): MysqlInnodbClusterPeersFlagNames<E> {
  return {
    available: `${endpoint}.available`,
    clustered: `${endpoint}.clustered`,
    connected: `${endpoint}.connected`,
  };
}

/**
 * Computes the flags of one relation from its joined remote units and the
 * other side's application bag. A key is present when its value, JSON-decoded
 * with the raw string as fallback, is truthy by Python's rules, as in the
 * original charm; valid when it has a value (not empty) that its schema allows.
 * The endpoint's flag is set when it holds on some relation.
 */
export function computeMysqlInnodbClusterPeersFlags(
  snapshot: FlagSnapshot,
): MysqlInnodbClusterPeersFlagState {
  const units = snapshot.units;
  // available: At least minimumUnits - 1 peers have joined and every one of them has published its
  // cluster address, user and password.
  const isAvailable =
    units.length >= 2 &&
    units.every(
      (u) =>
        keyPresent(u.raw, "cluster-address") &&
        keyPresent(u.raw, "cluster-user") &&
        keyPresent(u.raw, "cluster-password"),
    );
  // clustered: At least minimumUnits - 1 peers have joined and every one of them reports that it
  // has joined the InnoDB cluster.
  const isClustered = units.length >= 2 && units.every((u) => keyPresent(u.raw, "unit-clustered"));
  // connected: The peer relation is established: at least one peer has joined.
  const isConnected = units.length >= 1;
  return {
    available: isAvailable,
    clustered: isClustered,
    connected: isConnected,
  };
}
