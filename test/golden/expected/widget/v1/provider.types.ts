// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// Decoded databag types of widget (provider side).

/**
 * Both bags of widget (provider side), decoded.
 */
export interface WidgetProviderData {
  unit?: WidgetProviderUnit;
  app?: WidgetProviderApp;
}

/**
 * Decoded unit bag of widget (provider side). Property names are the wire keys in camelCase.
 */
export interface WidgetProviderUnit {
  /**
   * This unit's host name, raw.
   *
   * Wire key `hostname`, raw string.
   */
  hostname: string;
  /**
   * Port of this unit's listener.
   *
   * Wire key `port`, JSON-encoded.
   */
  port?: number;
}

/**
 * Decoded app bag of widget (provider side). Property names are the wire keys in camelCase; the
 * keys of nested objects are as on the wire.
 */
export interface WidgetProviderApp {
  /**
   * Serving mode of the application.
   *
   * Wire key `mode`, JSON-encoded.
   */
  mode: "active" | "standby";
  /**
   * Where clients connect.
   *
   * Wire key `endpoints`, JSON-encoded.
   *
   * @minItems 1
   */
  endpoints?: [WidgetProviderEndpointDef, ...WidgetProviderEndpointDef[]];
  /**
   * Access token.
   *
   * Wire key `token`, JSON-encoded, secret.
   */
  token?: string | null;
}

export interface WidgetProviderEndpointDef {
  host: string;
  port: number;
}

/**
 * The unit bag of widget (provider side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link WidgetProviderUnit}.
 */
export interface WidgetProviderUnitByWireKey {
  hostname: string;
  port?: number;
}

/**
 * The app bag of widget (provider side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link WidgetProviderApp}.
 */
export interface WidgetProviderAppByWireKey {
  mode: "active" | "standby";
  endpoints?: [WidgetProviderEndpointDef, ...WidgetProviderEndpointDef[]];
  token?: string | null;
}
