// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of mysql-innodb-cluster (peers side).
import { checkBag, encodeBag, readBag, type BagSpec, type BagView } from "../../../src/runtime/bag.js";
import type { RawBag } from "../../../src/runtime/backend.js";
import type { Issue } from "../../../src/runtime/issues.js";
import type { MysqlInnodbClusterPeersUnit } from "./peers.types.js";
import { unit as validateMysqlInnodbClusterPeersUnitDecoded } from "./peers.validate.js";

/**
 * Key table of the unit bag: wire name, TypeScript name, encoding.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlInnodbClusterPeersUnitSpec: BagSpec = {
  keys: [
    { wire: "cluster-address", ts: "clusterAddress", encoding: "json", secret: false },
    { wire: "cluster-user", ts: "clusterUser", encoding: "json", secret: false },
    { wire: "cluster-password", ts: "clusterPassword", encoding: "json", secret: true },
    { wire: "unit-configure-ready", ts: "unitConfigureReady", encoding: "json", secret: false },
    { wire: "unit-clustered", ts: "unitClustered", encoding: "json", secret: false },
    { wire: "ingress-address", ts: "ingressAddress", encoding: "raw", secret: false },
    { wire: "private-address", ts: "privateAddress", encoding: "raw", secret: false },
  ],
};

/** TypeScript names of the keys of the unit bag. */
export type MysqlInnodbClusterPeersUnitKey =
  | "clusterAddress"
  | "clusterUser"
  | "clusterPassword"
  | "unitConfigureReady"
  | "unitClustered"
  | "ingressAddress"
  | "privateAddress";

/** A typed view of one unit bag: valid decoded values, raw strings, Python-rule presence and issues. */
export type MysqlInnodbClusterPeersUnitView = BagView<MysqlInnodbClusterPeersUnit, MysqlInnodbClusterPeersUnitKey>;

/** Values a charm may publish in its own unit bag. `null` on a JSON key publishes `null`, which peers read as missing. */
export interface MysqlInnodbClusterPeersUnitPublish {
  /**
   * Address on which this unit's MySQL instance accepts cluster (group replication) traffic.
   *
   * Wire key `cluster-address`, JSON-encoded.
   */
  readonly clusterAddress?: Exclude<MysqlInnodbClusterPeersUnit["clusterAddress"], undefined> | null;
  /**
   * MySQL user that peers use to administer this unit's instance.
   *
   * Wire key `cluster-user`, JSON-encoded.
   */
  readonly clusterUser?: Exclude<MysqlInnodbClusterPeersUnit["clusterUser"], undefined> | null;
  /**
   * Password of the cluster user. Secret: never logged.
   *
   * Wire key `cluster-password`, JSON-encoded, secret.
   */
  readonly clusterPassword?: Exclude<MysqlInnodbClusterPeersUnit["clusterPassword"], undefined> | null;
  /**
   * Set once this unit has created the cluster user for every peer and is ready to be added to the cluster.
   *
   * Wire key `unit-configure-ready`, JSON-encoded.
   */
  readonly unitConfigureReady?: Exclude<MysqlInnodbClusterPeersUnit["unitConfigureReady"], undefined> | null;
  /**
   * Set once this unit's instance has joined the InnoDB cluster.
   *
   * Wire key `unit-clustered`, JSON-encoded.
   */
  readonly unitClustered?: Exclude<MysqlInnodbClusterPeersUnit["unitClustered"], undefined> | null;
  /**
   * Address peers use to reach this unit, published raw (not JSON) from the endpoint's network binding.
   *
   * Wire key `ingress-address`, raw string.
   */
  readonly ingressAddress?: Exclude<MysqlInnodbClusterPeersUnit["ingressAddress"], undefined>;
  /**
   * Legacy copy of the ingress address, published raw (not JSON).
   *
   * Wire key `private-address`, raw string.
   */
  readonly privateAddress?: Exclude<MysqlInnodbClusterPeersUnit["privateAddress"], undefined>;
}

/** Reads a raw unit bag into its typed view. Never throws. */
export function readMysqlInnodbClusterPeersUnit(raw: RawBag): MysqlInnodbClusterPeersUnitView {
  return readBag<MysqlInnodbClusterPeersUnit, MysqlInnodbClusterPeersUnitKey>(raw, mysqlInnodbClusterPeersUnitSpec, validateMysqlInnodbClusterPeersUnitDecoded);
}

/** Validates a raw unit bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateMysqlInnodbClusterPeersUnit(raw: RawBag): readonly Issue[] {
  return checkBag(raw, mysqlInnodbClusterPeersUnitSpec, validateMysqlInnodbClusterPeersUnitDecoded).issues;
}

/** Encodes values for the wire: JSON keys as Python's json.dumps(sort_keys=True) does, raw keys verbatim. */
export function encodeMysqlInnodbClusterPeersUnit(values: MysqlInnodbClusterPeersUnitPublish): Record<string, string> {
  return encodeBag(mysqlInnodbClusterPeersUnitSpec, values as Readonly<Record<string, unknown>>);
}
