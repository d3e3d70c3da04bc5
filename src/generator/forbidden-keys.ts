/**
 * A key whose schema is `false`: valid JSON Schema, meaning the key must be
 * absent. The registry has a few, all of them named `additionalProperties`
 * (ingress_per_unit v0, prometheus_remote_write v0): `"additionalProperties":
 * false` written one level too deep, inside `properties`. relgen reads what
 * the schema says, a forbidden key by that name, and does not guess that it
 * meant the keyword: the bag stays as open as written. The generated types
 * type the key `never`, the validator refuses a bag that holds it (an issue
 * for the key) and the accessors never publish it.
 */
import type { KeyModel } from "./model.js";

/** The model of a forbidden key: raw (its value reaches the validator as written), never required, never secret. */
export function forbiddenKey(wire: string, ts: string, pointer: string): KeyModel {
  return { wire, ts, encoding: "raw", schema: false, required: false, secret: false, pointer, forbidden: true };
}

/** The warning for a key whose schema is `false`, at its pointer. */
export function forbiddenKeyWarning(scope: string, wire: string, pointer: string): string {
  const base = `${scope}.${wire} (${pointer}): the key's schema is \`false\`, so the key must be absent: it is typed never, a bag that holds it is refused, and it is never published`;
  if (wire !== "additionalProperties") return base;
  const above = pointer.slice(0, pointer.lastIndexOf("/properties/")) || "/";
  return `${base}; "additionalProperties": false was probably meant at the level above (${above}), to close that object: relgen does not apply it there and reads a forbidden key named additionalProperties (move it out of "properties" to close the object)`;
}
