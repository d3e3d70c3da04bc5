// generated from schema/widget/v1/requirer.json by relgen; do not edit.
//
// Decoded databag types of widget (requirer side).

/**
 * Both bags of widget (requirer side), decoded.
 */
export interface WidgetRequirerData {
  unit?: WidgetRequirerUnit;
  app?: WidgetRequirerApp;
}

/**
 * Decoded unit bag of widget (requirer side). Property names are the wire keys in camelCase.
 */
export interface WidgetRequirerUnit {
  /**
   * This unit's address, raw.
   *
   * Wire key `address`, raw string.
   */
  address?: string;
  /**
   * The unit is ready for traffic.
   *
   * Wire key `ready`, JSON-encoded.
   */
  ready?: boolean;
}

/**
 * Decoded app bag of widget (requirer side). Property names are the wire keys in camelCase.
 */
export interface WidgetRequirerApp {
  /**
   * The client's name, raw.
   *
   * Wire key `name`, raw string.
   */
  name: string;
  /**
   * Service tier asked for.
   *
   * Wire key `tier`, JSON-encoded.
   */
  tier: "gold" | "silver";
  /**
   * How many replicas the client wants.
   *
   * Wire key `replicas`, JSON-encoded.
   */
  replicas?: number;
}

/**
 * The unit bag of widget (requirer side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link WidgetRequirerUnit}.
 */
export interface WidgetRequirerUnitByWireKey {
  address?: string;
  ready?: boolean;
}

/**
 * The app bag of widget (requirer side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link WidgetRequirerApp}.
 */
export interface WidgetRequirerAppByWireKey {
  name: string;
  tier: "gold" | "silver";
  replicas?: number;
}
