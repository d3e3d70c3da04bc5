/**
 * Where the scaffolded handler takes each key this side must publish (the
 * required keys of its bags), in order:
 *
 * 1. the unit's context, when the key names it and its value is a plain
 *    string: `model` is `hook.model.name`; `name`, `app`, `application`,
 *    `app-name` are `hook.app`; `host`, `hostname`, `address`, `ip`,
 *    `ingress-address` (and keys ending in `-host`/`-address`) are the unit's
 *    address on the endpoint's binding (`hook.networkAddress(endpoint)`);
 * 2. a config option, when its decoded type is a scalar (`string` without
 *    `enum`/`const`, `integer`, `number`, `boolean`): the option is named as
 *    the key, with its type (`string`, `int`, `float`, `boolean`), its
 *    description, and the schema's example as its default (none without one);
 *    endpoints sharing a key name share the option;
 * 3. the schema's example;
 * 4. nothing: the handler says what to publish in a TODO.
 */
import type { JsonSchema, KeyModel } from "../generator/model.js";
import type { ConfigOptionModel } from "../generator/config/index.js";
import { toCamelCase } from "../generator/naming.js";
import type { ConfigType } from "../runtime/config.js";

export type KeySource =
  | { readonly kind: "context"; readonly expression: "hook.model.name" | "hook.app" | "address" }
  | { readonly kind: "config"; readonly option: ConfigOptionModel }
  | { readonly kind: "example"; readonly value: unknown }
  | { readonly kind: "none" };

const MODEL = new Set(["model", "model-name", "model_name"]);
const APP = new Set(["name", "app", "application", "app-name", "app_name", "application-name", "application_name"]);
const ADDRESS = /^(host|hostname|address|ip|ingress-address|ingress_address)$|[-_](host|address)$/;

function plain(schema: JsonSchema): Record<string, unknown> | null {
  if (typeof schema !== "object" || schema === null) return null;
  const s = schema as Record<string, unknown>;
  if ("enum" in s || "const" in s || "$ref" in s || "anyOf" in s || "oneOf" in s || "allOf" in s) return null;
  return s;
}

/** The config type of a key's decoded schema, or null when it is not a plain scalar. */
export function scalarType(schema: JsonSchema): ConfigType | null {
  const s = plain(schema);
  if (!s) return null;
  if (s["type"] === "string") return "string";
  if (s["type"] === "integer") return "int";
  if (s["type"] === "number") return "float";
  if (s["type"] === "boolean") return "boolean";
  return null;
}

function exampleDefault(type: ConfigType, example: { value: unknown } | undefined): ConfigOptionModel["default"] | undefined {
  const v = example?.value;
  if (type === "string" && typeof v === "string") return v;
  if (type === "int" && typeof v === "number" && Number.isSafeInteger(v)) return v;
  if (type === "float" && typeof v === "number" && Number.isFinite(v)) return v;
  if (type === "boolean" && typeof v === "boolean") return v;
  return undefined;
}

/** Where the handler takes a required key from (see the module comment). */
export function keySource(key: KeyModel, interfaceName: string, example: { value: unknown } | undefined): KeySource {
  const type = scalarType(key.schema);
  const name = key.wire.toLowerCase();
  if (type === "string") {
    if (MODEL.has(name)) return { kind: "context", expression: "hook.model.name" };
    if (APP.has(name)) return { kind: "context", expression: "hook.app" };
    if (ADDRESS.test(name)) return { kind: "context", expression: "address" };
  }
  if (type && !key.secret) {
    const def = exampleDefault(type, example);
    const description = key.description ?? key.title ?? `The ${key.wire} this charm publishes on ${interfaceName}.`;
    const ts = toCamelCase(key.wire);
    return { kind: "config", option: { name: key.wire, ts, type, description: `${description} (published as ${key.wire} on ${interfaceName})`, ...(def !== undefined ? { default: def } : {}) } };
  }
  if (example) return { kind: "example", value: example.value };
  return { kind: "none" };
}
