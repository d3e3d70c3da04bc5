// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// Flag computers of mysql_client (requirer side): pure functions of one relation,
// reading what the provider side publishes.
import { isValid as keyValid, type FlagSnapshot } from "../../../src/runtime/index.js";
import { mysqlClientProviderAppBinding } from "./provider.accessors.js";

/** The flags of this interface, without the endpoint prefix. */
export type MysqlClientRequirerFlag = "available" | "connected";

/** Every flag of this interface, sorted. */
export const mysqlClientRequirerFlags: readonly MysqlClientRequirerFlag[] = [
  "available",
  "connected",
];

/** Full flag names for the endpoint `E`, e.g. `${E}.available`. */
export interface MysqlClientRequirerFlagNames<E extends string> {
  /**
   * The server answered with a valid database and endpoints, and the user's credentials: as plain
   * keys, or in the secret-user secret, readable and valid.
   */
  readonly available: `${E}.available`;
  /**
   * A unit of a database server has joined the relation.
   */
  readonly connected: `${E}.connected`;
}

/** Whether each flag holds. */
export type MysqlClientRequirerFlagState = {
  /**
   * The server answered with a valid database and endpoints, and the user's credentials: as plain
   * keys, or in the secret-user secret, readable and valid.
   */
  readonly available: boolean;
  /**
   * A unit of a database server has joined the relation.
   */
  readonly connected: boolean;
};

/** Builds the full flag names of an endpoint. */
export function mysqlClientRequirerFlagNames<E extends string>(
  endpoint: E,
): MysqlClientRequirerFlagNames<E> {
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
export function computeMysqlClientRequirerFlags(
  snapshot: FlagSnapshot,
): MysqlClientRequirerFlagState {
  const units = snapshot.units;
  const app = snapshot.app ?? null;
  // available: The server answered with a valid database and endpoints, and the user's credentials:
  // as plain keys, or in the secret-user secret, readable and valid.
  const isAvailable =
    keyValid(app, "database", mysqlClientProviderAppBinding) &&
    keyValid(app, "endpoints", mysqlClientProviderAppBinding) &&
    ((keyValid(app, "username", mysqlClientProviderAppBinding) &&
      keyValid(app, "password", mysqlClientProviderAppBinding)) ||
      keyValid(app, "secret-user", mysqlClientProviderAppBinding));
  // connected: A unit of a database server has joined the relation.
  const isConnected = units.length >= 1;
  return {
    available: isAvailable,
    connected: isConnected,
  };
}
