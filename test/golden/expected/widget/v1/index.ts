// generated from schema/widget/v1/provider.json by relgen; do not edit.
export * from "./provider.types.js";
export * from "./provider.accessors.js";
export * from "./provider.flags.js";
export * from "./provider.endpoint.js";
