// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// Flag computers of mysql_client (requirer side): pure functions of one relation,
// reading what the provider side publishes.
import { isValid as keyValid, type FlagSnapshot } from "../../../src/runtime/index.js";
import { mysqlClientProviderAppBinding } from "./provider.accessors.js";

/** The flags of this interface, without the endpoint prefix. */
export type MysqlClientRequirerFlag =
  | "available"
  | "connected";

/** Every flag of this interface, sorted. */
export const mysqlClientRequirerFlags: readonly MysqlClientRequirerFlag[] = ["available", "connected"];

/** Full flag names for the endpoint `E`, e.g. `${E}.available`. */
export interface MysqlClientRequirerFlagNames<E extends string> {
  /**
   * On some relation, the provider side has published everything its schema requires, and it is valid: its application bag has database, username, password, endpoints.
   */
  readonly available: `${E}.available`;
  /**
   * The endpoint has a relation (from -relation-created until -relation-broken).
   */
  readonly connected: `${E}.connected`;
}

/** The value of every flag. */
export type MysqlClientRequirerFlagState = { readonly [F in MysqlClientRequirerFlag]: boolean };

/** Builds the full flag names of an endpoint. */
export function mysqlClientRequirerFlagNames<E extends string>(endpoint: E): MysqlClientRequirerFlagNames<E> {
  return {
    available: `${endpoint}.available`,
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
export function computeMysqlClientRequirerFlags(snapshot: FlagSnapshot): MysqlClientRequirerFlagState {
  const app = snapshot.app ?? null;
  // available: On some relation, the provider side has published everything its schema requires, and it is valid: its application bag has database, username, password, endpoints.
  const isAvailable = keyValid(app, "database", mysqlClientProviderAppBinding.spec, mysqlClientProviderAppBinding.validate) && keyValid(app, "username", mysqlClientProviderAppBinding.spec, mysqlClientProviderAppBinding.validate) && keyValid(app, "password", mysqlClientProviderAppBinding.spec, mysqlClientProviderAppBinding.validate) && keyValid(app, "endpoints", mysqlClientProviderAppBinding.spec, mysqlClientProviderAppBinding.validate);
  // connected: The endpoint has a relation (from -relation-created until -relation-broken).
  const isConnected = true;
  return {
    available: isAvailable,
    connected: isConnected,
  };
}
