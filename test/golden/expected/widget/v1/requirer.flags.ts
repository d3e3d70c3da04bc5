// generated from schema/widget/v1/requirer.json by relgen; do not edit.
//
// Flag computers of widget (requirer side): pure functions of one relation,
// reading what the provider side publishes.
import { isValid as keyValid, type FlagSnapshot } from "../../../../../src/runtime/index.js";
import { widgetProviderUnitBinding, widgetProviderAppBinding } from "./provider.accessors.js";

/** The flags of this interface, without the endpoint prefix. */
export type WidgetRequirerFlag = "available" | "connected";

/** Every flag of this interface, sorted. */
export const widgetRequirerFlags: readonly WidgetRequirerFlag[] = ["available", "connected"];

/** Full flag names for the endpoint `E`, e.g. `${E}.available`. */
export interface WidgetRequirerFlagNames<E extends string> {
  /**
   * The provider side has published everything its schema requires, and it is valid: its
   * application bag has mode; every joined unit has hostname.
   */
  readonly available: `${E}.available`;
  /**
   * The endpoint has a relation (from -relation-created until -relation-broken).
   */
  readonly connected: `${E}.connected`;
}

/** Whether each flag holds. */
export type WidgetRequirerFlagState = {
  /**
   * The provider side has published everything its schema requires, and it is valid: its
   * application bag has mode; every joined unit has hostname.
   */
  readonly available: boolean;
  /**
   * The endpoint has a relation (from -relation-created until -relation-broken).
   */
  readonly connected: boolean;
};

/** Builds the full flag names of an endpoint. */
export function widgetRequirerFlagNames<E extends string>(endpoint: E): WidgetRequirerFlagNames<E> {
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
export function computeWidgetRequirerFlags(snapshot: FlagSnapshot): WidgetRequirerFlagState {
  const units = snapshot.units;
  const app = snapshot.app ?? null;
  // available: The provider side has published everything its schema requires, and it is valid: its
  // application bag has mode; every joined unit has hostname.
  const isAvailable =
    units.length >= 1 &&
    units.every((u) => keyValid(u.raw, "hostname", widgetProviderUnitBinding)) &&
    keyValid(app, "mode", widgetProviderAppBinding);
  // connected: The endpoint has a relation (from -relation-created until -relation-broken).
  const isConnected = true;
  return {
    available: isAvailable,
    connected: isConnected,
  };
}
