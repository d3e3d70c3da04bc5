// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.
export * from "./peers.types.js";
export * from "./peers.accessors.js";
export * from "./peers.flags.js";
export * from "./peers.endpoint.js";
