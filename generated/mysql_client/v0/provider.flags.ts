// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// Flag computers of mysql_client (provider side): pure functions of one relation,
// reading what the requirer side publishes.
import { isValid as keyValid, type FlagSnapshot } from "../../../src/runtime/index.js";
import { mysqlClientRequirerAppBinding } from "./requirer.accessors.js";

/** The flags of this interface, without the endpoint prefix. */
export type MysqlClientProviderFlag = "available" | "connected";

/** Every flag of this interface, sorted. */
export const mysqlClientProviderFlags: readonly MysqlClientProviderFlag[] = [
  "available",
  "connected",
];

/** Full flag names for the endpoint `E`, e.g. `${E}.available`. */
export interface MysqlClientProviderFlagNames<E extends string> {
  /**
   * The requirer side has published everything its schema requires, and it is valid: its
   * application bag has database, requested-secrets.
   */
  readonly available: `${E}.available`;
  /**
   * The endpoint has a relation (from -relation-created until -relation-broken).
   */
  readonly connected: `${E}.connected`;
}

/** Whether each flag holds. */
export type MysqlClientProviderFlagState = {
  /**
   * The requirer side has published everything its schema requires, and it is valid: its
   * application bag has database, requested-secrets.
   */
  readonly available: boolean;
  /**
   * The endpoint has a relation (from -relation-created until -relation-broken).
   */
  readonly connected: boolean;
};

/** Builds the full flag names of an endpoint. */
export function mysqlClientProviderFlagNames<E extends string>(
  endpoint: E,
): MysqlClientProviderFlagNames<E> {
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
export function computeMysqlClientProviderFlags(
  snapshot: FlagSnapshot,
): MysqlClientProviderFlagState {
  const app = snapshot.app ?? null;
  // available: The requirer side has published everything its schema requires, and it is valid: its
  // application bag has database, requested-secrets.
  const isAvailable =
    keyValid(app, "database", mysqlClientRequirerAppBinding) &&
    keyValid(app, "requested-secrets", mysqlClientRequirerAppBinding);
  // connected: The endpoint has a relation (from -relation-created until -relation-broken).
  const isConnected = true;
  return {
    available: isAvailable,
    connected: isConnected,
  };
}
