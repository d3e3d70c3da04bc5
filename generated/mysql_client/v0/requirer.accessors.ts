// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of mysql_client (requirer side).
import {
  checkBag,
  encodeForWrite,
  readBag,
  type BagBinding,
  type BagSpec,
  type Issue,
  type RawBag,
} from "../../../src/runtime/index.js";
import type { MysqlClientRequirerApp } from "./requirer.types.js";
import {
  app as validateMysqlClientRequirerAppDecoded,
  appPartial as validateMysqlClientRequirerAppPartial,
} from "./requirer.validate.js";

/**
 * Key table of the app bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlClientRequirerAppSpec: BagSpec = {
  keys: [
    { wire: "database", ts: "database", encoding: "raw", required: true },
    { wire: "requested-secrets", ts: "requestedSecrets", encoding: "json", required: true },
    { wire: "extra-user-roles", ts: "extraUserRoles", encoding: "raw" },
    { wire: "extra-group-roles", ts: "extraGroupRoles", encoding: "raw" },
    { wire: "entity-type", ts: "entityType", encoding: "raw" },
    { wire: "entity-permissions", ts: "entityPermissions", encoding: "raw" },
  ],
};

/** What the runtime needs to read and write the app bag: its key table and validators. */
export const mysqlClientRequirerAppBinding: BagBinding = {
  spec: mysqlClientRequirerAppSpec,
  validate: validateMysqlClientRequirerAppDecoded,
  validatePartial: validateMysqlClientRequirerAppPartial,
};

/** TypeScript names of the keys of the app bag. */
export type MysqlClientRequirerAppKey =
  | "database"
  | "requestedSecrets"
  | "extraUserRoles"
  | "extraGroupRoles"
  | "entityType"
  | "entityPermissions";

/**
 * A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues.
 */
export interface MysqlClientRequirerAppView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<MysqlClientRequirerApp>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: MysqlClientRequirerAppKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: MysqlClientRequirerAppKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own app bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface MysqlClientRequirerAppPublish {
  /**
   * Name of the database the client wants.
   *
   * Wire key `database`, raw string.
   */
  readonly database?: string;
  /**
   * Fields of the answer the client wants delivered through a Juju secret rather than in the bag,
   * e.g. username and password. A JSON list on the wire.
   *
   * Wire key `requested-secrets`, JSON-encoded.
   */
  readonly requestedSecrets?: string[];
  /**
   * Comma-separated roles to grant the client's user besides the defaults.
   *
   * Wire key `extra-user-roles`, raw string.
   */
  readonly extraUserRoles?: string;
  /**
   * Comma-separated roles to grant the client's group.
   *
   * Wire key `extra-group-roles`, raw string.
   */
  readonly extraGroupRoles?: string;
  /**
   * Kind of custom entity to create: USER or GROUP.
   *
   * Wire key `entity-type`, raw string.
   */
  readonly entityType?: string;
  /**
   * Permissions of the custom entity, as a JSON document in a string.
   *
   * Wire key `entity-permissions`, raw string.
   */
  readonly entityPermissions?: string;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readMysqlClientRequirerApp(raw: RawBag): MysqlClientRequirerAppView {
  return readBag<MysqlClientRequirerApp, MysqlClientRequirerAppKey>(
    raw,
    mysqlClientRequirerAppSpec,
    validateMysqlClientRequirerAppDecoded,
  );
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateMysqlClientRequirerApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, mysqlClientRequirerAppSpec, validateMysqlClientRequirerAppDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeMysqlClientRequirerApp(
  values: MysqlClientRequirerAppPublish,
): Record<string, string> {
  return encodeForWrite(
    mysqlClientRequirerAppSpec,
    validateMysqlClientRequirerAppPartial,
    values,
    "encodeMysqlClientRequirerApp",
  );
}
