// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// Flag computers of widget (provider side): pure functions of a relation snapshot.
import { isPresent } from "../../../../../src/runtime/bag.js";
import type { FlagSnapshot } from "../../../../../src/runtime/port.js";

/** The flags of this interface, without the endpoint prefix. */
export type WidgetProviderFlag =
  | "anyListening"
  | "degraded"
  | "ready"
  | "small";

/** Every flag of this interface, sorted. */
export const widgetProviderFlags: readonly WidgetProviderFlag[] = ["anyListening", "degraded", "ready", "small"];

/** Full flag names for the endpoint `E`, e.g. `${E}.anyListening`. */
export interface WidgetProviderFlagNames<E extends string> {
  /**
   * Some unit published a port.
   */
  readonly anyListening: `${E}.anyListening`;
  /**
   * Ready, but not every unit has a port.
   */
  readonly degraded: `${E}.degraded`;
  /**
   * The application published its mode and endpoints.
   */
  readonly ready: `${E}.ready`;
  /**
   * One to three units, or none with a port.
   */
  readonly small: `${E}.small`;
}

/** The value of every flag. */
export type WidgetProviderFlagState = { readonly [F in WidgetProviderFlag]: boolean };

/** Builds the full flag names of an endpoint. */
export function widgetProviderFlagNames<E extends string>(endpoint: E): WidgetProviderFlagNames<E> {
  return {
    anyListening: `${endpoint}.anyListening`,
    degraded: `${endpoint}.degraded`,
    ready: `${endpoint}.ready`,
    small: `${endpoint}.small`,
  };
}

/**
 * Computes the flags from the joined remote units (and the application bag).
 * A key is present when its value, JSON-decoded with the raw string as
 * fallback, is truthy by Python's rules, as in the original charm.
 */
export function computeWidgetProviderFlags(snapshot: FlagSnapshot): WidgetProviderFlagState {
  const units = snapshot.units;
  const app = snapshot.app ?? null;
  // anyListening: Some unit published a port.
  const isAnyListening = units.some((u) => isPresent(u.raw, "port"));
  // ready: The application published its mode and endpoints.
  const isReady = isPresent(app, "mode") && isPresent(app, "endpoints");
  // degraded: Ready, but not every unit has a port.
  const isDegraded = isReady && !(units.every((u) => isPresent(u.raw, "port")));
  // small: One to three units, or none with a port.
  const isSmall = ((units.length >= 1 && units.length <= 3) || units.every((u) => !isPresent(u.raw, "port")));
  return {
    anyListening: isAnyListening,
    degraded: isDegraded,
    ready: isReady,
    small: isSmall,
  };
}
