// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.

import type { Validator } from "../../../src/runtime/index.js";
import type { MysqlClientRequirerAppByWireKey } from "./requirer.types.js";

/** Checks a decoded app bag, keyed by wire names, against the schema. */
export declare const app: Validator<MysqlClientRequirerAppByWireKey>;
/** Checks the keys given of a decoded app bag, none of them required (what a charm publishes). */
export declare const appPartial: Validator<Partial<MysqlClientRequirerAppByWireKey>>;
