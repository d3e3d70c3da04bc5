// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.
//
// Decoded databag types of mysql_client (provider side).

/**
 * Both bags of mysql_client (provider side), decoded.
 */
export interface MysqlClientProviderData {
  app?: MysqlClientProviderApp;
}

/**
 * The server application's answer, one per relation.
 *
 * Decoded app bag of mysql_client (provider side). Property names are the wire keys in camelCase.
 */
export interface MysqlClientProviderApp {
  /**
   * Name of the database created for the client; it may differ from the one asked for.
   *
   * Wire key `database`, raw string.
   */
  database: string;
  /**
   * User the client connects as.
   *
   * Wire key `username`, raw string.
   */
  username?: string;
  /**
   * Password of that user, when it is not in the secret-user secret. Secret: never logged.
   *
   * Wire key `password`, raw string, secret.
   */
  password?: string;
  /**
   * Comma-separated host:port pairs of the servers that accept connections; an IPv6 host is in
   * brackets ([fd00::5]:3306).
   *
   * Wire key `endpoints`, raw string.
   */
  endpoints: string;
  /**
   * URI of a Juju secret holding the user's username and password, in place of the plain keys, when
   * the client asked for them as secrets (requested-secrets) and the model runs Juju 3.
   *
   * Wire key `secret-user`, raw string.
   */
  secretUser?: string;
  /**
   * Connection strings in URI form, when the server gives them.
   *
   * Wire key `uris`, raw string.
   */
  uris?: string;
  /**
   * Comma-separated host:port pairs that serve reads only.
   *
   * Wire key `read-only-endpoints`, raw string.
   */
  readOnlyEndpoints?: string;
  /**
   * Connection strings for the read-only endpoints.
   *
   * Wire key `read-only-uris`, raw string.
   */
  readOnlyUris?: string;
  /**
   * Version of the database server software.
   *
   * Wire key `version`, raw string.
   */
  version?: string;
  /**
   * Name of the custom role or group created when the client asked for one.
   *
   * Wire key `entity-name`, raw string.
   */
  entityName?: string;
  /**
   * Password of that custom entity. Secret: never logged.
   *
   * Wire key `entity-password`, raw string, secret.
   */
  entityPassword?: string;
}

/**
 * The content of the Juju secret whose URI is published as secret-user.
 *
 * Content of a Juju secret of mysql_client (provider side). Property names are its keys in
 * camelCase.
 */
export interface MysqlClientProviderSecretUser {
  /**
   * User the client connects as.
   *
   * Wire key `username`, raw string, secret.
   */
  username: string;
  /**
   * Password of that user.
   *
   * Wire key `password`, raw string, secret.
   */
  password: string;
}

/**
 * The content of a secret of mysql_client (provider side) as its validator checks it: the decoded
 * values by wire key. Their meanings are those of {@link MysqlClientProviderSecretUser}.
 */
export interface MysqlClientProviderSecretUserByWireKey {
  username: string;
  password: string;
}

/**
 * The app bag of mysql_client (provider side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link MysqlClientProviderApp}.
 */
export interface MysqlClientProviderAppByWireKey {
  database: string;
  username?: string;
  password?: string;
  endpoints: string;
  "secret-user"?: string;
  uris?: string;
  "read-only-endpoints"?: string;
  "read-only-uris"?: string;
  version?: string;
  "entity-name"?: string;
  "entity-password"?: string;
}
