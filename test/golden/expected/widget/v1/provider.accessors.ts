// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of widget (provider side).
import { checkBag, encodeBag, readBag, type BagSpec, type BagView } from "../../../../../src/runtime/bag.js";
import type { RawBag } from "../../../../../src/runtime/backend.js";
import type { Issue } from "../../../../../src/runtime/issues.js";
import type { WidgetProviderUnit, WidgetProviderApp } from "./provider.types.js";
import { unit as validateWidgetProviderUnitDecoded, app as validateWidgetProviderAppDecoded } from "./provider.validate.js";

/**
 * Key table of the unit bag: wire name, TypeScript name, encoding.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetProviderUnitSpec: BagSpec = {
  keys: [
    { wire: "hostname", ts: "hostname", encoding: "raw", secret: false },
    { wire: "port", ts: "port", encoding: "json", secret: false },
  ],
};

/** TypeScript names of the keys of the unit bag. */
export type WidgetProviderUnitKey =
  | "hostname"
  | "port";

/** A typed view of one unit bag: valid decoded values, raw strings, Python-rule presence and issues. */
export type WidgetProviderUnitView = BagView<WidgetProviderUnit, WidgetProviderUnitKey>;

/** Values a charm may publish in its own unit bag. `null` on a JSON key publishes `null`, which peers read as missing. */
export interface WidgetProviderUnitPublish {
  /**
   * This unit's host name, raw.
   *
   * Wire key `hostname`, raw string.
   */
  readonly hostname?: Exclude<WidgetProviderUnit["hostname"], undefined>;
  /**
   * Port of this unit's listener.
   *
   * Wire key `port`, JSON-encoded.
   */
  readonly port?: Exclude<WidgetProviderUnit["port"], undefined> | null;
}

/** Reads a raw unit bag into its typed view. Never throws. */
export function readWidgetProviderUnit(raw: RawBag): WidgetProviderUnitView {
  return readBag<WidgetProviderUnit, WidgetProviderUnitKey>(raw, widgetProviderUnitSpec, validateWidgetProviderUnitDecoded);
}

/** Validates a raw unit bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetProviderUnit(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetProviderUnitSpec, validateWidgetProviderUnitDecoded).issues;
}

/** Encodes values for the wire: JSON keys as Python's json.dumps(sort_keys=True) does, raw keys verbatim. */
export function encodeWidgetProviderUnit(values: WidgetProviderUnitPublish): Record<string, string> {
  return encodeBag(widgetProviderUnitSpec, values as Readonly<Record<string, unknown>>);
}

/**
 * Key table of the app bag: wire name, TypeScript name, encoding.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetProviderAppSpec: BagSpec = {
  keys: [
    { wire: "mode", ts: "mode", encoding: "json", secret: false },
    { wire: "endpoints", ts: "endpoints", encoding: "json", secret: false },
    { wire: "token", ts: "token", encoding: "json", secret: true },
  ],
};

/** TypeScript names of the keys of the app bag. */
export type WidgetProviderAppKey =
  | "mode"
  | "endpoints"
  | "token";

/** A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues. */
export type WidgetProviderAppView = BagView<WidgetProviderApp, WidgetProviderAppKey>;

/** Values a charm may publish in its own app bag. `null` on a JSON key publishes `null`, which peers read as missing. */
export interface WidgetProviderAppPublish {
  /**
   * Serving mode of the application.
   *
   * Wire key `mode`, JSON-encoded.
   */
  readonly mode?: Exclude<WidgetProviderApp["mode"], undefined> | null;
  /**
   * Where clients connect.
   *
   * Wire key `endpoints`, JSON-encoded.
   */
  readonly endpoints?: Exclude<WidgetProviderApp["endpoints"], undefined> | null;
  /**
   * Access token.
   *
   * Wire key `token`, JSON-encoded, secret.
   */
  readonly token?: Exclude<WidgetProviderApp["token"], undefined> | null;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readWidgetProviderApp(raw: RawBag): WidgetProviderAppView {
  return readBag<WidgetProviderApp, WidgetProviderAppKey>(raw, widgetProviderAppSpec, validateWidgetProviderAppDecoded);
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetProviderApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetProviderAppSpec, validateWidgetProviderAppDecoded).issues;
}

/** Encodes values for the wire: JSON keys as Python's json.dumps(sort_keys=True) does, raw keys verbatim. */
export function encodeWidgetProviderApp(values: WidgetProviderAppPublish): Record<string, string> {
  return encodeBag(widgetProviderAppSpec, values as Readonly<Record<string, unknown>>);
}
