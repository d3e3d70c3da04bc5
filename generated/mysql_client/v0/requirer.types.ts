// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.
//
// Decoded databag types of mysql_client (requirer side).

/**
 * Both bags of mysql_client (requirer side), decoded.
 */
export interface MysqlClientRequirerData {
  app?: MysqlClientRequirerApp;
}

/**
 * The client application's request.
 *
 * Decoded app bag of mysql_client (requirer side). Property names are the wire keys in camelCase.
 */
export interface MysqlClientRequirerApp {
  /**
   * Name of the database the client wants.
   *
   * Wire key `database`, raw string.
   */
  database: string;
  /**
   * Fields of the answer the client wants delivered through a Juju secret rather than in the bag,
   * e.g. username and password. A JSON list on the wire.
   *
   * Wire key `requested-secrets`, JSON-encoded.
   */
  requestedSecrets: string[];
  /**
   * Comma-separated roles to grant the client's user besides the defaults.
   *
   * Wire key `extra-user-roles`, raw string.
   */
  extraUserRoles?: string;
  /**
   * Comma-separated roles to grant the client's group.
   *
   * Wire key `extra-group-roles`, raw string.
   */
  extraGroupRoles?: string;
  /**
   * Kind of custom entity to create: USER or GROUP.
   *
   * Wire key `entity-type`, raw string.
   */
  entityType?: string;
  /**
   * Permissions of the custom entity, as a JSON document in a string.
   *
   * Wire key `entity-permissions`, raw string.
   */
  entityPermissions?: string;
}

/**
 * The app bag of mysql_client (requirer side) as its validator checks it:
 * the decoded values by wire key. Their meanings are those of {@link MysqlClientRequirerApp}.
 */
export interface MysqlClientRequirerAppByWireKey {
  database: string;
  "requested-secrets": string[];
  "extra-user-roles"?: string;
  "extra-group-roles"?: string;
  "entity-type"?: string;
  "entity-permissions"?: string;
}
