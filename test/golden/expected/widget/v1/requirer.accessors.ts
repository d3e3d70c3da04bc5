// generated from schema/widget/v1/requirer.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of widget (requirer side).
import {
  checkBag,
  encodeForWrite,
  readBag,
  type BagBinding,
  type BagSpec,
  type Issue,
  type RawBag,
} from "../../../../../src/runtime/index.js";
import type { WidgetRequirerApp, WidgetRequirerUnit } from "./requirer.types.js";
import {
  unit as validateWidgetRequirerUnitDecoded,
  unitPartial as validateWidgetRequirerUnitPartial,
  app as validateWidgetRequirerAppDecoded,
  appPartial as validateWidgetRequirerAppPartial,
} from "./requirer.validate.js";

/**
 * Key table of the unit bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetRequirerUnitSpec: BagSpec = {
  keys: [
    { wire: "address", ts: "address", encoding: "raw" },
    { wire: "ready", ts: "ready", encoding: "json" },
  ],
};

/** What the runtime needs to read and write the unit bag: its key table and validators. */
export const widgetRequirerUnitBinding: BagBinding = {
  spec: widgetRequirerUnitSpec,
  validate: validateWidgetRequirerUnitDecoded,
  validatePartial: validateWidgetRequirerUnitPartial,
};

/** TypeScript names of the keys of the unit bag. */
export type WidgetRequirerUnitKey = "address" | "ready";

/**
 * A typed view of one unit bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface WidgetRequirerUnitView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<WidgetRequirerUnit>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: WidgetRequirerUnitKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: WidgetRequirerUnitKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own unit bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface WidgetRequirerUnitPublish {
  /**
   * This unit's address, raw.
   *
   * Wire key `address`, raw string.
   */
  readonly address?: string;
  /**
   * The unit is ready for traffic.
   *
   * Wire key `ready`, JSON-encoded.
   */
  readonly ready?: boolean | null;
}

/** Reads a raw unit bag into its typed view. Never throws. */
export function readWidgetRequirerUnit(raw: RawBag): WidgetRequirerUnitView {
  return readBag<WidgetRequirerUnit, WidgetRequirerUnitKey>(
    raw,
    widgetRequirerUnitSpec,
    validateWidgetRequirerUnitDecoded,
  );
}

/** Validates a raw unit bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetRequirerUnit(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetRequirerUnitSpec, validateWidgetRequirerUnitDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeWidgetRequirerUnit(
  values: WidgetRequirerUnitPublish,
): Record<string, string> {
  return encodeForWrite(
    widgetRequirerUnitSpec,
    validateWidgetRequirerUnitPartial,
    values,
    "encodeWidgetRequirerUnit",
  );
}

/**
 * Key table of the app bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const widgetRequirerAppSpec: BagSpec = {
  keys: [
    { wire: "name", ts: "name", encoding: "raw", required: true },
    { wire: "tier", ts: "tier", encoding: "json", required: true },
    { wire: "replicas", ts: "replicas", encoding: "json" },
  ],
};

/** What the runtime needs to read and write the app bag: its key table and validators. */
export const widgetRequirerAppBinding: BagBinding = {
  spec: widgetRequirerAppSpec,
  validate: validateWidgetRequirerAppDecoded,
  validatePartial: validateWidgetRequirerAppPartial,
};

/** TypeScript names of the keys of the app bag. */
export type WidgetRequirerAppKey = "name" | "tier" | "replicas";

/**
 * A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface WidgetRequirerAppView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<WidgetRequirerApp>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: WidgetRequirerAppKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: WidgetRequirerAppKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own app bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface WidgetRequirerAppPublish {
  /**
   * The client's name, raw.
   *
   * Wire key `name`, raw string.
   */
  readonly name?: string;
  /**
   * Service tier asked for.
   *
   * Wire key `tier`, JSON-encoded.
   */
  readonly tier?: "gold" | "silver";
  /**
   * How many replicas the client wants.
   *
   * Wire key `replicas`, JSON-encoded.
   */
  readonly replicas?: number | null;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readWidgetRequirerApp(raw: RawBag): WidgetRequirerAppView {
  return readBag<WidgetRequirerApp, WidgetRequirerAppKey>(
    raw,
    widgetRequirerAppSpec,
    validateWidgetRequirerAppDecoded,
  );
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateWidgetRequirerApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, widgetRequirerAppSpec, validateWidgetRequirerAppDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeWidgetRequirerApp(values: WidgetRequirerAppPublish): Record<string, string> {
  return encodeForWrite(
    widgetRequirerAppSpec,
    validateWidgetRequirerAppPartial,
    values,
    "encodeWidgetRequirerApp",
  );
}
