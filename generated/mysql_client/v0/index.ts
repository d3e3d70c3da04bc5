// generated from schema/mysql_client/v0/provider.json, schema/mysql_client/v0/requirer.json by relgen; do not edit.
export * from "./provider.types.js";
export * from "./provider.accessors.js";
export * from "./provider.flags.js";
export * from "./provider.endpoint.js";
export * from "./requirer.types.js";
export * from "./requirer.accessors.js";
export * from "./requirer.flags.js";
export * from "./requirer.endpoint.js";
