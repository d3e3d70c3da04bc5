// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of mysql-innodb-cluster (peers side).
import {
  checkBag,
  encodeForWrite,
  readBag,
  type BagBinding,
  type BagSpec,
  type Issue,
  type RawBag,
} from "../../../src/runtime/index.js";
import type { MysqlInnodbClusterPeersApp, MysqlInnodbClusterPeersUnit } from "./peers.types.js";
import {
  unit as validateMysqlInnodbClusterPeersUnitDecoded,
  unitPartial as validateMysqlInnodbClusterPeersUnitPartial,
  app as validateMysqlInnodbClusterPeersAppDecoded,
  appPartial as validateMysqlInnodbClusterPeersAppPartial,
} from "./peers.validate.js";

/**
 * Key table of the unit bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlInnodbClusterPeersUnitSpec: BagSpec = {
  keys: [
    { wire: "cluster-address", ts: "clusterAddress", encoding: "json" },
    { wire: "cluster-user", ts: "clusterUser", encoding: "json" },
    { wire: "cluster-password", ts: "clusterPassword", encoding: "json", secret: true },
    { wire: "unit-configure-ready", ts: "unitConfigureReady", encoding: "json" },
    { wire: "unit-clustered", ts: "unitClustered", encoding: "json" },
    { wire: "ingress-address", ts: "ingressAddress", encoding: "raw" },
    { wire: "private-address", ts: "privateAddress", encoding: "raw" },
  ],
};

/** What the runtime needs to read and write the unit bag: its key table and validators. */
export const mysqlInnodbClusterPeersUnitBinding: BagBinding = {
  spec: mysqlInnodbClusterPeersUnitSpec,
  validate: validateMysqlInnodbClusterPeersUnitDecoded,
  validatePartial: validateMysqlInnodbClusterPeersUnitPartial,
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

/**
 * A typed view of one unit bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface MysqlInnodbClusterPeersUnitView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<MysqlInnodbClusterPeersUnit>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: MysqlInnodbClusterPeersUnitKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: MysqlInnodbClusterPeersUnitKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own unit bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface MysqlInnodbClusterPeersUnitPublish {
  /**
   * Address on which this unit's MySQL instance accepts cluster (group replication) traffic: an
   * IPv4 or IPv6 address or a host name, at most 253 characters, so that it always makes a valid
   * leader-setting key.
   *
   * Wire key `cluster-address`, JSON-encoded.
   */
  readonly clusterAddress?: string | null;
  /**
   * MySQL user that peers use to administer this unit's instance.
   *
   * Wire key `cluster-user`, JSON-encoded.
   */
  readonly clusterUser?: string | null;
  /**
   * Password of the cluster user. Secret: never logged.
   *
   * Wire key `cluster-password`, JSON-encoded, secret.
   */
  readonly clusterPassword?: string | null;
  /**
   * Set once this unit has created the cluster user for every peer and is ready to be added to the
   * cluster.
   *
   * Wire key `unit-configure-ready`, JSON-encoded.
   */
  readonly unitConfigureReady?: boolean | null;
  /**
   * Set once this unit's instance has joined the InnoDB cluster.
   *
   * Wire key `unit-clustered`, JSON-encoded.
   */
  readonly unitClustered?: boolean | null;
  /**
   * Address peers use to reach this unit, published raw (not JSON) from the endpoint's network
   * binding.
   *
   * Wire key `ingress-address`, raw string.
   */
  readonly ingressAddress?: string;
  /**
   * Legacy copy of the ingress address, published raw (not JSON).
   *
   * Wire key `private-address`, raw string.
   */
  readonly privateAddress?: string;
}

/** Reads a raw unit bag into its typed view. Never throws. */
export function readMysqlInnodbClusterPeersUnit(raw: RawBag): MysqlInnodbClusterPeersUnitView {
  return readBag<MysqlInnodbClusterPeersUnit, MysqlInnodbClusterPeersUnitKey>(
    raw,
    mysqlInnodbClusterPeersUnitSpec,
    validateMysqlInnodbClusterPeersUnitDecoded,
  );
}

/** Validates a raw unit bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateMysqlInnodbClusterPeersUnit(raw: RawBag): readonly Issue[] {
  return checkBag(raw, mysqlInnodbClusterPeersUnitSpec, validateMysqlInnodbClusterPeersUnitDecoded)
    .issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeMysqlInnodbClusterPeersUnit(
  values: MysqlInnodbClusterPeersUnitPublish,
): Record<string, string> {
  return encodeForWrite(
    mysqlInnodbClusterPeersUnitSpec,
    validateMysqlInnodbClusterPeersUnitPartial,
    values,
    "encodeMysqlInnodbClusterPeersUnit",
  );
}

/**
 * Key table of the app bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlInnodbClusterPeersAppSpec: BagSpec = {
  keys: [{ wire: "cluster-password", ts: "clusterPassword", encoding: "raw", secret: true }],
};

/** What the runtime needs to read and write the app bag: its key table and validators. */
export const mysqlInnodbClusterPeersAppBinding: BagBinding = {
  spec: mysqlInnodbClusterPeersAppSpec,
  validate: validateMysqlInnodbClusterPeersAppDecoded,
  validatePartial: validateMysqlInnodbClusterPeersAppPartial,
};

/** TypeScript names of the keys of the app bag. */
export type MysqlInnodbClusterPeersAppKey = "clusterPassword";

/**
 * A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface MysqlInnodbClusterPeersAppView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<MysqlInnodbClusterPeersApp>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: MysqlInnodbClusterPeersAppKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: MysqlInnodbClusterPeersAppKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own app bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface MysqlInnodbClusterPeersAppPublish {
  /**
   * The password every unit gives its cluster user, chosen once by the first leader. A plain string
   * on the wire. Secret: never logged.
   *
   * Wire key `cluster-password`, raw string, secret.
   */
  readonly clusterPassword?: string;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readMysqlInnodbClusterPeersApp(raw: RawBag): MysqlInnodbClusterPeersAppView {
  return readBag<MysqlInnodbClusterPeersApp, MysqlInnodbClusterPeersAppKey>(
    raw,
    mysqlInnodbClusterPeersAppSpec,
    validateMysqlInnodbClusterPeersAppDecoded,
  );
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateMysqlInnodbClusterPeersApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, mysqlInnodbClusterPeersAppSpec, validateMysqlInnodbClusterPeersAppDecoded)
    .issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeMysqlInnodbClusterPeersApp(
  values: MysqlInnodbClusterPeersAppPublish,
): Record<string, string> {
  return encodeForWrite(
    mysqlInnodbClusterPeersAppSpec,
    validateMysqlInnodbClusterPeersAppPartial,
    values,
    "encodeMysqlInnodbClusterPeersApp",
  );
}
