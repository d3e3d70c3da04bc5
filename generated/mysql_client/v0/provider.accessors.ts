// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// Typed reading and encoding of the databags of mysql_client (provider side).
import {
  checkBag,
  encodeForWrite,
  readBag,
  type BagBinding,
  type BagSpec,
  type Issue,
  type RawBag,
} from "../../../src/runtime/index.js";
import type { MysqlClientProviderApp, MysqlClientProviderSecretUser } from "./provider.types.js";
import {
  contentSecretUser as validateMysqlClientProviderSecretUserDecoded,
  contentSecretUserPartial as validateMysqlClientProviderSecretUserPartial,
  app as validateMysqlClientProviderAppDecoded,
  appPartial as validateMysqlClientProviderAppPartial,
} from "./provider.validate.js";

/**
 * Key table of the secret content bag: wire name, TypeScript name, encoding, and whether secret or
 * required. TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlClientProviderSecretUserSpec: BagSpec = {
  keys: [
    { wire: "username", ts: "username", encoding: "raw", secret: true, required: true },
    { wire: "password", ts: "password", encoding: "raw", secret: true, required: true },
  ],
};

/**
 * What the runtime needs to read and write the secret content bag: its key table and validators.
 */
export const mysqlClientProviderSecretUserBinding: BagBinding = {
  spec: mysqlClientProviderSecretUserSpec,
  validate: validateMysqlClientProviderSecretUserDecoded,
  validatePartial: validateMysqlClientProviderSecretUserPartial,
};

/** TypeScript names of the keys of the secret content bag. */
export type MysqlClientProviderSecretUserKey = "username" | "password";

/**
 * A typed view of one secret content bag: valid decoded values, raw strings, Python-rule presence
 * and issues.
 */
export interface MysqlClientProviderSecretUserView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<MysqlClientProviderSecretUser>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: MysqlClientProviderSecretUserKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: MysqlClientProviderSecretUserKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
}

/**
 * Values a charm may publish in its own secret content bag, checked against the schema when
 * published. `null` on an optional JSON key publishes `null`, which readers take as unset.
 */
export interface MysqlClientProviderSecretUserPublish {
  /**
   * User the client connects as.
   *
   * Wire key `username`, raw string, secret.
   */
  readonly username?: string;
  /**
   * Password of that user.
   *
   * Wire key `password`, raw string, secret.
   */
  readonly password?: string;
}

/** Reads a raw secret content bag into its typed view. Never throws. */
export function readMysqlClientProviderSecretUser(raw: RawBag): MysqlClientProviderSecretUserView {
  return readBag<MysqlClientProviderSecretUser, MysqlClientProviderSecretUserKey>(
    raw,
    mysqlClientProviderSecretUserSpec,
    validateMysqlClientProviderSecretUserDecoded,
  );
}

/**
 * Validates a raw secret content bag: decodes every JSON key, then checks the schema. Never throws.
 */
export function validateMysqlClientProviderSecretUser(raw: RawBag): readonly Issue[] {
  return checkBag(
    raw,
    mysqlClientProviderSecretUserSpec,
    validateMysqlClientProviderSecretUserDecoded,
  ).issues;
}

/**
 * Checks values against the schema and encodes them for the wire: JSON keys as
 * Python's json.dumps(sort_keys=True) does, raw keys verbatim. Throws a
 * PublishError naming the key of a value the schema does not allow.
 */
export function encodeMysqlClientProviderSecretUser(
  values: MysqlClientProviderSecretUserPublish,
): Record<string, string> {
  return encodeForWrite(
    mysqlClientProviderSecretUserSpec,
    validateMysqlClientProviderSecretUserPartial,
    values,
    "encodeMysqlClientProviderSecretUser",
  );
}

/**
 * Key table of the app bag: wire name, TypeScript name, encoding, and whether secret or required.
 * TypeScript names are the wire names in camelCase (see the README).
 */
export const mysqlClientProviderAppSpec: BagSpec = {
  keys: [
    { wire: "database", ts: "database", encoding: "raw", required: true },
    { wire: "username", ts: "username", encoding: "raw" },
    { wire: "password", ts: "password", encoding: "raw", secret: true },
    { wire: "endpoints", ts: "endpoints", encoding: "raw", required: true },
    { wire: "secret-user", ts: "secretUser", encoding: "raw" },
    { wire: "uris", ts: "uris", encoding: "raw" },
    { wire: "read-only-endpoints", ts: "readOnlyEndpoints", encoding: "raw" },
    { wire: "read-only-uris", ts: "readOnlyUris", encoding: "raw" },
    { wire: "version", ts: "version", encoding: "raw" },
    { wire: "entity-name", ts: "entityName", encoding: "raw" },
    { wire: "entity-password", ts: "entityPassword", encoding: "raw", secret: true },
  ],
};

/**
 * What the runtime needs to read and write the app bag: its key table and validators, and the
 * secrets its keys point to.
 */
export const mysqlClientProviderAppBinding: BagBinding = {
  spec: mysqlClientProviderAppSpec,
  validate: validateMysqlClientProviderAppDecoded,
  validatePartial: validateMysqlClientProviderAppPartial,
  secrets: {
    "secret-user": { ts: "secretUser", content: mysqlClientProviderSecretUserBinding },
  },
};

/**
 * The contents of the Juju secrets the app bag points to, by the TypeScript name of the key that
 * holds the URI.
 */
export interface MysqlClientProviderAppSecrets {
  readonly secretUser: MysqlClientProviderSecretUser;
}

/** TypeScript names of the keys of the app bag. */
export type MysqlClientProviderAppKey =
  | "database"
  | "username"
  | "password"
  | "endpoints"
  | "secretUser"
  | "uris"
  | "readOnlyEndpoints"
  | "readOnlyUris"
  | "version"
  | "entityName"
  | "entityPassword";

/**
 * A typed view of one app bag: valid decoded values, raw strings, Python-rule presence and issues,
 * and the secrets it points to.
 */
export interface MysqlClientProviderAppView {
  /** The values present and valid for the schema, decoded, by TypeScript name. */
  readonly received: Readonly<Partial<MysqlClientProviderApp>>;
  /**
   * The raw strings by wire key, with the keys the schema does not know (such as `egress-subnets`).
   */
  readonly raw: RawBag;
  /**
   * Whether a key is set by the Python charm's rule (decoded, or raw when not JSON, then truthy),
   * valid or not.
   */
  has(key: MysqlClientProviderAppKey): boolean;
  /**
   * A key's value as the Python charm sees it: JSON-decoded, or the raw string when it is not JSON.
   */
  decoded(key: MysqlClientProviderAppKey): unknown;
  /** The validation issues, by key; empty when the bag is valid. */
  readonly issues: readonly Issue[];
  /**
   * The content of the secret a key points to, typed and checked against its schema, as read at the
   * start of the hook; `refresh` reads the latest revision now and tracks it from then on. Throws
   * `SecretReadError` (naming the key and the relation, never the content) when the key is not set,
   * the secret does not exist or may not be read, or the content does not fit its schema.
   */
  secret<N extends keyof MysqlClientProviderAppSecrets>(
    name: N,
    options?: { readonly refresh?: boolean },
  ): Promise<MysqlClientProviderAppSecrets[N]>;
}

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
   * Password of that user, when it is not in the secret-user secret. Secret: never logged.
   *
   * Wire key `password`, raw string, secret.
   */
  readonly password?: string;
  /**
   * Comma-separated host:port pairs of the servers that accept connections; an IPv6 host is in
   * brackets ([fd00::5]:3306).
   *
   * Wire key `endpoints`, raw string.
   */
  readonly endpoints?: string;
  /**
   * URI of a Juju secret holding the user's username and password, in place of the plain keys, when
   * the client asked for them as secrets (requested-secrets) and the model runs Juju 3.
   *
   * Wire key `secret-user`, raw string.
   */
  readonly secretUser?: string;
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

/**
 * Reads a raw app bag into its typed view (the secrets it points to are read through a relation's
 * view). Never throws.
 */
export function readMysqlClientProviderApp(
  raw: RawBag,
): Omit<MysqlClientProviderAppView, "secret"> {
  return readBag<MysqlClientProviderApp, MysqlClientProviderAppKey>(
    raw,
    mysqlClientProviderAppSpec,
    validateMysqlClientProviderAppDecoded,
  );
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
export function encodeMysqlClientProviderApp(
  values: MysqlClientProviderAppPublish,
): Record<string, string> {
  return encodeForWrite(
    mysqlClientProviderAppSpec,
    validateMysqlClientProviderAppPartial,
    values,
    "encodeMysqlClientProviderApp",
  );
}
