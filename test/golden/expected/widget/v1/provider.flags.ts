// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// Flag computers of widget (provider side): pure functions of one relation,
// reading what the requirer side publishes.
import {
  isPresent as keyPresent,
  isValid as keyValid,
  type FlagSnapshot,
} from "../../../../../src/runtime/index.js";
import { widgetRequirerUnitBinding, widgetRequirerAppBinding } from "./requirer.accessors.js";

/** The flags of this interface, without the endpoint prefix. */
export type WidgetProviderFlag = "anyReady" | "degraded" | "ready" | "small" | "valid";

/** Every flag of this interface, sorted. */
export const widgetProviderFlags: readonly WidgetProviderFlag[] = [
  "anyReady",
  "degraded",
  "ready",
  "small",
  "valid",
];

/** Full flag names for the endpoint `E`, e.g. `${E}.anyReady`. */
export interface WidgetProviderFlagNames<E extends string> {
  /**
   * Some requirer unit says it is ready.
   */
  readonly anyReady: `${E}.anyReady`;
  /**
   * Ready, but not every requirer unit is.
   */
  readonly degraded: `${E}.degraded`;
  /**
   * The requirer named itself and its tier.
   */
  readonly ready: `${E}.ready`;
  /**
   * One to three requirer units, or none of them ready.
   */
  readonly small: `${E}.small`;
  /**
   * The requirer's name and tier are valid, and every unit has a valid address.
   */
  readonly valid: `${E}.valid`;
}

/** Whether each flag holds. */
export type WidgetProviderFlagState = {
  /**
   * Some requirer unit says it is ready.
   */
  readonly anyReady: boolean;
  /**
   * Ready, but not every requirer unit is.
   */
  readonly degraded: boolean;
  /**
   * The requirer named itself and its tier.
   */
  readonly ready: boolean;
  /**
   * One to three requirer units, or none of them ready.
   */
  readonly small: boolean;
  /**
   * The requirer's name and tier are valid, and every unit has a valid address.
   */
  readonly valid: boolean;
};

/** Builds the full flag names of an endpoint. */
export function widgetProviderFlagNames<E extends string>(endpoint: E): WidgetProviderFlagNames<E> {
  return {
    anyReady: `${endpoint}.anyReady`,
    degraded: `${endpoint}.degraded`,
    ready: `${endpoint}.ready`,
    small: `${endpoint}.small`,
    valid: `${endpoint}.valid`,
  };
}

/**
 * Computes the flags of one relation from its joined remote units and the
 * other side's application bag. A key is present when its value, JSON-decoded
 * with the raw string as fallback, is truthy by Python's rules, as in the
 * original charm; valid when it has a value (not empty) that its schema allows.
 * The endpoint's flag is set when it holds on some relation.
 */
export function computeWidgetProviderFlags(snapshot: FlagSnapshot): WidgetProviderFlagState {
  const units = snapshot.units;
  const app = snapshot.app ?? null;
  // anyReady: Some requirer unit says it is ready.
  const isAnyReady = units.some((u) => keyPresent(u.raw, "ready"));
  // ready: The requirer named itself and its tier.
  const isReady = keyPresent(app, "name") && keyPresent(app, "tier");
  // degraded: Ready, but not every requirer unit is.
  const isDegraded = isReady && !units.every((u) => keyPresent(u.raw, "ready"));
  // small: One to three requirer units, or none of them ready.
  const isSmall =
    (units.length >= 1 && units.length <= 3) || units.every((u) => !keyPresent(u.raw, "ready"));
  // valid: The requirer's name and tier are valid, and every unit has a valid address.
  const isValid =
    keyValid(app, "name", widgetRequirerAppBinding) &&
    keyValid(app, "tier", widgetRequirerAppBinding) &&
    units.every((u) => keyValid(u.raw, "address", widgetRequirerUnitBinding));
  return {
    anyReady: isAnyReady,
    degraded: isDegraded,
    ready: isReady,
    small: isSmall,
    valid: isValid,
  };
}
