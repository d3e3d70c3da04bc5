// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of widget (provider side).
import {
  checkBag,
  encodeForWrite,
  readBag,
  type BagBinding,
  type BagSpec,
  type Issue,
  type RawBag,
} from "../../../../../src/runtime/index.js";
import type {
  WidgetProviderApp,
  WidgetProviderEndpointDef,
  WidgetProviderUnit,
} from "./provider.types.js";
import {
  unit as validateWidgetProviderUnitDecoded,
  unitPartial as validateWidgetProviderUnitPartial,
  app as validateWidgetProviderAppDecoded,
  appPartial as validateWidgetProviderAppPartial,
} from "./provider.validate.js";

/**
 * Key table of the unit bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetProviderUnitSpec: BagSpec = {
  keys: [
    { wire: "hostname", ts: "hostname", encoding: "raw", required: true },
    { wire: "port", ts: "port", encoding: "json" },
  ],
};

/** What the runtime needs to read and write the unit bag: its key table and validators. */
export const widgetProviderUnitBinding: BagBinding = {
  spec: widgetProviderUnitSpec,
  validate: validateWidgetProviderUnitDecoded,
  validatePartial: validateWidgetProviderUnitPartial,
};

/** TypeScript names of the keys of the unit bag. */
export type WidgetProviderUnitKey = "hostname" | "port";

/**
 * A typed view of one unit bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface WidgetProviderUnitView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<WidgetProviderUnit>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: WidgetProviderUnitKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: WidgetProviderUnitKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own unit bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface WidgetProviderUnitPublish {
  /**
   * This unit's host name, raw.
   *
   * Wire key `hostname`, raw string.
   */
  readonly hostname?: string;
  /**
   * Port of this unit's listener.
   *
   * Wire key `port`, JSON-encoded.
   */
  readonly port?: number | null;
}

/** Reads a raw unit bag into its typed view. Never throws. */
export function readWidgetProviderUnit(raw: RawBag): WidgetProviderUnitView {
  return readBag<WidgetProviderUnit, WidgetProviderUnitKey>(
    raw,
    widgetProviderUnitSpec,
    validateWidgetProviderUnitDecoded,
  );
}

/** Validates a raw unit bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetProviderUnit(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetProviderUnitSpec, validateWidgetProviderUnitDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeWidgetProviderUnit(
  values: WidgetProviderUnitPublish,
): Record<string, string> {
  return encodeForWrite(
    widgetProviderUnitSpec,
    validateWidgetProviderUnitPartial,
    values,
    "encodeWidgetProviderUnit",
  );
}

/**
 * Key table of the app bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetProviderAppSpec: BagSpec = {
  keys: [
    { wire: "mode", ts: "mode", encoding: "json", required: true },
    { wire: "endpoints", ts: "endpoints", encoding: "json" },
    { wire: "token", ts: "token", encoding: "json", secret: true },
  ],
};

/** What the runtime needs to read and write the app bag: its key table and validators. */
export const widgetProviderAppBinding: BagBinding = {
  spec: widgetProviderAppSpec,
  validate: validateWidgetProviderAppDecoded,
  validatePartial: validateWidgetProviderAppPartial,
};

/** TypeScript names of the keys of the app bag. */
export type WidgetProviderAppKey = "mode" | "endpoints" | "token";

/**
 * A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface WidgetProviderAppView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<WidgetProviderApp>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: WidgetProviderAppKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: WidgetProviderAppKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own app bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface WidgetProviderAppPublish {
  /**
   * Serving mode of the application.
   *
   * Wire key `mode`, JSON-encoded.
   */
  readonly mode?: "active" | "standby";
  /**
   * Where clients connect.
   *
   * Wire key `endpoints`, JSON-encoded.
   */
  readonly endpoints?: [WidgetProviderEndpointDef, ...WidgetProviderEndpointDef[]] | null;
  /**
   * Access token.
   *
   * Wire key `token`, JSON-encoded, secret.
   */
  readonly token?: string | null;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readWidgetProviderApp(raw: RawBag): WidgetProviderAppView {
  return readBag<WidgetProviderApp, WidgetProviderAppKey>(
    raw,
    widgetProviderAppSpec,
    validateWidgetProviderAppDecoded,
  );
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetProviderApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetProviderAppSpec, validateWidgetProviderAppDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeWidgetProviderApp(values: WidgetProviderAppPublish): Record<string, string> {
  return encodeForWrite(
    widgetProviderAppSpec,
    validateWidgetProviderAppPartial,
    values,
    "encodeWidgetProviderApp",
  );
}
