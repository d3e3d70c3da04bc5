// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.

import type { Validator } from "../../../src/runtime/index.js";
import type {
  MysqlInnodbClusterPeersUnitByWireKey,
  MysqlInnodbClusterPeersAppByWireKey,
} from "./peers.types.js";

/** Checks a decoded unit bag, keyed by wire names, against the schema. */
export declare const unit: Validator<MysqlInnodbClusterPeersUnitByWireKey>;
/** Checks the keys given of a decoded unit bag, none of them required (what a charm publishes). */
export declare const unitPartial: Validator<Partial<MysqlInnodbClusterPeersUnitByWireKey>>;

/** Checks a decoded app bag, keyed by wire names, against the schema. */
export declare const app: Validator<MysqlInnodbClusterPeersAppByWireKey>;
/** Checks the keys given of a decoded app bag, none of them required (what a charm publishes). */
export declare const appPartial: Validator<Partial<MysqlInnodbClusterPeersAppByWireKey>>;
