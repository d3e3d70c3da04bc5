// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// Decoded databag types of mysql-innodb-cluster (peers side).

/**
 * Both bags of mysql-innodb-cluster (peers side), decoded.
 */
export interface MysqlInnodbClusterPeersData {
  unit?: MysqlInnodbClusterPeersUnit;
  app?: MysqlInnodbClusterPeersApp;
}

/**
 * The databag each unit publishes to its peers.
 *
 * Decoded unit bag of mysql-innodb-cluster (peers side). Property names are the wire keys in
 * camelCase.
 */
export interface MysqlInnodbClusterPeersUnit {
  /**
   * Address on which this unit's MySQL instance accepts cluster (group replication) traffic: an
   * IPv4 or IPv6 address or a host name, at most 253 characters, so that it always makes a valid
   * leader-setting key.
   *
   * Wire key `cluster-address`, JSON-encoded.
   */
  clusterAddress?: string;
  /**
   * MySQL user that peers use to administer this unit's instance.
   *
   * Wire key `cluster-user`, JSON-encoded.
   */
  clusterUser?: string;
  /**
   * Password of the cluster user. Secret: never logged.
   *
   * Wire key `cluster-password`, JSON-encoded, secret.
   */
  clusterPassword?: string;
  /**
   * Set once this unit has created the cluster user for every peer and is ready to be added to the
   * cluster.
   *
   * Wire key `unit-configure-ready`, JSON-encoded.
   */
  unitConfigureReady?: boolean;
  /**
   * Set once this unit's instance has joined the InnoDB cluster.
   *
   * Wire key `unit-clustered`, JSON-encoded.
   */
  unitClustered?: boolean;
  /**
   * Address peers use to reach this unit, published raw (not JSON) from the endpoint's network
   * binding.
   *
   * Wire key `ingress-address`, raw string.
   */
  ingressAddress?: string;
  /**
   * Legacy copy of the ingress address, published raw (not JSON).
   *
   * Wire key `private-address`, raw string.
   */
  privateAddress?: string;
}

/**
 * The peer relation's application bag, which only the leader writes. The Python charm leaves it
 * empty and keeps the password in the leader setting cluster-password instead.
 *
 * Decoded app bag of mysql-innodb-cluster (peers side). Property names are the wire keys in
 * camelCase.
 */
export interface MysqlInnodbClusterPeersApp {
  /**
   * The password every unit gives its cluster user, chosen once by the first leader. A plain string
   * on the wire. Secret: never logged.
   *
   * Wire key `cluster-password`, raw string, secret.
   */
  clusterPassword?: string;
}

/**
 * The unit bag of mysql-innodb-cluster (peers side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link MysqlInnodbClusterPeersUnit}.
 */
export interface MysqlInnodbClusterPeersUnitByWireKey {
  "cluster-address"?: string;
  "cluster-user"?: string;
  "cluster-password"?: string;
  "unit-configure-ready"?: boolean;
  "unit-clustered"?: boolean;
  "ingress-address"?: string;
  "private-address"?: string;
}

/**
 * The app bag of mysql-innodb-cluster (peers side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link MysqlInnodbClusterPeersApp}.
 */
export interface MysqlInnodbClusterPeersAppByWireKey {
  "cluster-password"?: string;
}
