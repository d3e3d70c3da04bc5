// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.

import type { Validator } from "../../../src/runtime/index.js";
import type {
  MysqlClientProviderSecretUserByWireKey,
  MysqlClientProviderAppByWireKey,
} from "./provider.types.js";

/** Checks a decoded secret content, keyed by wire names, against the schema. */
export declare const contentSecretUser: Validator<MysqlClientProviderSecretUserByWireKey>;
/**
 * Checks the keys given of a decoded secret content, none of them required (what a charm
 * publishes).
 */
export declare const contentSecretUserPartial: Validator<
  Partial<MysqlClientProviderSecretUserByWireKey>
>;

/** Checks a decoded app bag, keyed by wire names, against the schema. */
export declare const app: Validator<MysqlClientProviderAppByWireKey>;
/** Checks the keys given of a decoded app bag, none of them required (what a charm publishes). */
export declare const appPartial: Validator<Partial<MysqlClientProviderAppByWireKey>>;
