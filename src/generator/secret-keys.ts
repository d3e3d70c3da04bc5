/**
 * Normalize's rules for keys that hold secrets (credentials by name are
 * `CREDENTIAL_NAME`, in common/redact.ts): keys whose value is the URI of a Juju secret,
 * declared in `x-juju.secretUris` or recognised by the registry's naming
 * convention (`secret-user`, `secret-tls`, ...: the groups the data platform
 * charms put in secrets). What is recognised by convention is reported, to be
 * confirmed (declared) or overridden (`x-juju.plainKeys`).
 */
import { joinPointer } from "./errors.js";
import type { BagModel, BagScope, JsonSchema, KeyModel, SecretUriModel } from "./model.js";
import { toPascalCase } from "./naming.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);


/** The content of the secret groups the registry's client interfaces use, by URI key. */
const GROUPS: Readonly<Record<string, { readonly keys: readonly string[]; readonly required: readonly string[] }>> = {
  "secret-user": { keys: ["username", "password", "uris", "read-only-uris"], required: ["username", "password"] },
  "secret-tls": { keys: ["tls", "tls-ca"], required: [] },
  "secret-mtls": { keys: ["mtls-cert"], required: [] },
  "secret-entity": { keys: ["entity-name", "entity-password"], required: [] },
};

export interface SecretKeyContext {
  readonly xJuju: Json;
  readonly typeName: string;
  readonly plainKeys: ReadonlySet<string>;
  readonly fail: (pointer: string, detail: string) => void;
  readonly warn: (message: string) => void;
  /** Builds the model of one content key (a raw string key), as normalize builds any key. */
  readonly contentKey: (wire: string, pointer: string, schema: unknown, required: boolean) => KeyModel | null;
}

/** The group a URI key names (`secret-user` and `secret_user` alike). */
const groupName = (wire: string): string => wire.replaceAll("_", "-");

function looksLikeSecretUri(key: KeyModel, node: unknown): boolean {
  if (/^secret[-_]/.test(key.wire)) return true;
  const examples = isObject(node) && Array.isArray(node["examples"]) ? (node["examples"] as unknown[]) : [];
  return examples.some((e) => typeof e === "string" && /^secret:/.test(e));
}

function contentBag(ctx: SecretKeyContext, uri: KeyModel, keys: KeyModel[]): BagModel {
  return {
    scope: "secret",
    name: `content${toPascalCase(uri.ts)}`,
    typeName: `${ctx.typeName}${toPascalCase(uri.ts)}`,
    description: `The content of the Juju secret whose URI is published as ${uri.wire}.`,
    keys,
    defs: {},
  };
}

/**
 * The secret-URI keys of a side's bags. `nodeOf` gives a key's schema as
 * written (for its examples); a bag's plain keys lend their schemas to the
 * content keys of the same names.
 */
export function secretUris(ctx: SecretKeyContext, bags: readonly (BagModel | null)[], nodeOf: (bag: BagScope, wire: string) => unknown): SecretUriModel[] {
  const declared = isObject(ctx.xJuju["secretUris"]) ? (ctx.xJuju["secretUris"] as Json) : {};
  const out: SecretUriModel[] = [];
  const found = new Set<string>();
  for (const bag of bags) {
    if (!bag || bag.scope === "secret") continue;
    const scope = bag.scope;
    for (const key of bag.keys) {
      const declaration = declared[key.wire];
      const pointer = joinPointer("/x-juju/secretUris", key.wire);
      if (isObject(declaration)) {
        found.add(key.wire);
        const content = declaration["content"] as Json;
        const props = isObject(content["properties"]) ? (content["properties"] as Json) : {};
        const required = new Set(Array.isArray(content["required"]) ? (content["required"] as string[]) : []);
        const keys = Object.keys(props)
          .map((k) => ctx.contentKey(k, joinPointer(pointer, "content", "properties", k), props[k], required.has(k)))
          .filter((k): k is KeyModel => k !== null);
        out.push({ bag: scope, wire: key.wire, ts: key.ts, content: contentBag(ctx, key, keys), source: "declared" });
        continue;
      }
      if (ctx.plainKeys.has(key.wire) || !looksLikeSecretUri(key, nodeOf(scope, key.wire))) continue;
      const group = GROUPS[groupName(key.wire)];
      if (!group) {
        ctx.warn(`${scope}.${key.wire}: looks like a Juju secret URI, but its content is unknown: declare it in x-juju.secretUris (or list it in x-juju.plainKeys); read as a plain string`);
        continue;
      }
      const keys = group.keys
        .map((k) => {
          const plain = bag.keys.find((x) => x.wire === k && x.encoding === "raw");
          const schema: JsonSchema = plain ? plain.schema : { type: "string" };
          return ctx.contentKey(k, `${key.pointer}#${k}`, schema, group.required.includes(k));
        })
        .filter((k): k is KeyModel => k !== null);
      ctx.warn(
        `${scope}.${key.wire}: read as a Juju secret URI (the registry's naming convention) whose content holds ${group.keys.join(", ")}; ` +
          `declare it in x-juju.secretUris to confirm, or list it in x-juju.plainKeys to read it as a plain string`,
      );
      out.push({ bag: scope, wire: key.wire, ts: key.ts, content: contentBag(ctx, key, keys), source: "convention" });
    }
  }
  for (const wire of Object.keys(declared)) {
    if (!found.has(wire)) ctx.fail(joinPointer("/x-juju/secretUris", wire), `secret URI key ${JSON.stringify(wire)} is not a key of any bag`);
  }
  return out;
}
