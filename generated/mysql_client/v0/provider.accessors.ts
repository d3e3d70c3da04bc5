// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of mysql_client (provider side).
import { checkBag, encodeForWrite, readBag, type BagBinding, type BagSpec, type BagView, type Issue, type RawBag } from "../../../src/runtime/index.js";
import type { MysqlClientProviderApp } from "./provider.types.js";
import {
  app as validateMysqlClientProviderAppDecoded,
  appPartial as validateMysqlClientProviderAppPartial,
} from "./provider.validate.js";

/**
 * Key table of the app bag: wire name, TypeScript name, encoding.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlClientProviderAppSpec: BagSpec = {
  keys: [
    { wire: "database", ts: "database", encoding: "raw", secret: false, required: true },
    { wire: "username", ts: "username", encoding: "raw", secret: false, required: true },
    { wire: "password", ts: "password", encoding: "raw", secret: true, required: true },
    { wire: "endpoints", ts: "endpoints", encoding: "raw", secret: false, required: true },
    { wire: "uris", ts: "uris", encoding: "raw", secret: false, required: false },
    { wire: "read-only-endpoints", ts: "readOnlyEndpoints", encoding: "raw", secret: false, required: false },
    { wire: "read-only-uris", ts: "readOnlyUris", encoding: "raw", secret: false, required: false },
    { wire: "version", ts: "version", encoding: "raw", secret: false, required: false },
    { wire: "entity-name", ts: "entityName", encoding: "raw", secret: false, required: false },
    { wire: "entity-password", ts: "entityPassword", encoding: "raw", secret: true, required: false },
  ],
};

/** What the runtime needs to read and write the app bag: its key table and validators. */
export const mysqlClientProviderAppBinding: BagBinding = {
  spec: mysqlClientProviderAppSpec,
  validate: validateMysqlClientProviderAppDecoded,
  validatePartial: validateMysqlClientProviderAppPartial,
};

/** TypeScript names of the keys of the app bag. */
export type MysqlClientProviderAppKey =
  | "database"
  | "username"
  | "password"
  | "endpoints"
  | "uris"
  | "readOnlyEndpoints"
  | "readOnlyUris"
  | "version"
  | "entityName"
  | "entityPassword";

/** A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues. */
export type MysqlClientProviderAppView = BagView<MysqlClientProviderApp, MysqlClientProviderAppKey>;

/**
 * Values a charm may publish in its own app bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface MysqlClientProviderAppPublish {
  /**
   * Name of the database created for the client; it may differ from the one asked for.
   *
   * Wire key `database`, raw string.
   */
  readonly database?: string;
  /**
   * User the client connects as.
   *
   * Wire key `username`, raw string.
   */
  readonly username?: string;
  /**
   * Password of that user. Secret: never logged.
   *
   * Wire key `password`, raw string, secret.
   */
  readonly password?: string;
  /**
   * Comma-separated host:port pairs of the servers that accept connections.
   *
   * Wire key `endpoints`, raw string.
   */
  readonly endpoints?: string;
  /**
   * Connection strings in URI form, when the server gives them.
   *
   * Wire key `uris`, raw string.
   */
  readonly uris?: string;
  /**
   * Comma-separated host:port pairs that serve reads only.
   *
   * Wire key `read-only-endpoints`, raw string.
   */
  readonly readOnlyEndpoints?: string;
  /**
   * Connection strings for the read-only endpoints.
   *
   * Wire key `read-only-uris`, raw string.
   */
  readonly readOnlyUris?: string;
  /**
   * Version of the database server software.
   *
   * Wire key `version`, raw string.
   */
  readonly version?: string;
  /**
   * Name of the custom role or group created when the client asked for one.
   *
   * Wire key `entity-name`, raw string.
   */
  readonly entityName?: string;
  /**
   * Password of that custom entity. Secret: never logged.
   *
   * Wire key `entity-password`, raw string, secret.
   */
  readonly entityPassword?: string;
}

/** Reads a raw app bag into its typed view. Never throws. */
export function readMysqlClientProviderApp(raw: RawBag): MysqlClientProviderAppView {
  return readBag<MysqlClientProviderApp, MysqlClientProviderAppKey>(raw, mysqlClientProviderAppSpec, validateMysqlClientProviderAppDecoded);
}

/** Validates a raw app bag: decodes every JSON key, then checks the schema. Never throws. */
export function validateMysqlClientProviderApp(raw: RawBag): readonly Issue[] {
  return checkBag(raw, mysqlClientProviderAppSpec, validateMysqlClientProviderAppDecoded).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeMysqlClientProviderApp(values: MysqlClientProviderAppPublish): Record<string, string> {
  return encodeForWrite(mysqlClientProviderAppSpec, validateMysqlClientProviderAppPartial, values as Readonly<Record<string, unknown>>, "encodeMysqlClientProviderApp");
}
