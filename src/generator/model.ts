/**
 * The interface model: the one small shape every emitter reads. `normalize`
 * builds it from a schema, whatever variation of the registry's dialect the
 * schema uses (refs, `anyOf [T, null]`, absent bags, unknown keywords).
 */

export type JsonSchema = Readonly<Record<string, unknown>> | boolean;
export type Role = "provider" | "requirer" | "peers";
export type BagScope = "unit" | "app";

export interface KeyModel {
  /** The key on the wire, exactly as it appears in the databag. */
  readonly wire: string;
  /** The TypeScript property name (see `naming.ts` for the mapping). */
  readonly ts: string;
  /** `json`: the string is a JSON document; `raw`: the string is the value. */
  readonly encoding: "json" | "raw";
  /** Schema of the decoded value (the `contentSchema` of a JSON key). */
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly title?: string;
  readonly description?: string;
  /** Never logged or shown (declared in `x-juju.secrets` or marked `writeOnly`). */
  readonly secret: boolean;
  /** JSON pointer of the key's schema in the source file. */
  readonly pointer: string;
  /** The key's schema is `false`: the key must be absent (typed `never`, refused when present, never published). */
  readonly forbidden?: boolean;
}

export interface BagModel {
  /** Where the bag is: a relation's unit or application bag, or the content of a Juju secret a key points to. */
  readonly scope: BagScope | "secret";
  /** The bag's name in generated code: `unit`, `app`, or `content<Key>` for a secret's content. */
  readonly name: string;
  /** TypeScript name stem, e.g. `MysqlInnodbClusterPeersUnit`. */
  readonly typeName: string;
  readonly description?: string;
  readonly keys: readonly KeyModel[];
  /** Definitions the decoded key schemas may refer to (`#/$defs/...`). */
  readonly defs: Readonly<Record<string, JsonSchema>>;
}

export type Count = number;

/** A key whose value is the URI of a Juju secret. */
export interface SecretUriModel {
  /** The bag the URI is published in. */
  readonly bag: BagScope;
  readonly wire: string;
  readonly ts: string;
  /** The secret's content: a bag of raw string keys. */
  readonly content: BagModel;
  /** Declared in x-juju.secretUris, or taken from the registry's naming convention (reported). */
  readonly source: "declared" | "convention";
}

/** Every bag of a side, the secrets' contents first (the bags that point to them refer to them). */
export function allBags(model: { readonly unit: BagModel | null; readonly app: BagModel | null; readonly secretUris?: readonly SecretUriModel[] }): BagModel[] {
  return [...(model.secretUris ?? []).map((s) => s.content), model.unit, model.app].filter((b): b is BagModel => b !== null);
}

export interface BagCondition {
  /** Keys whose decoded value is truthy (Python rules). */
  readonly present: readonly string[];
  /** Keys whose decoded value is missing or falsy. */
  readonly absent: readonly string[];
  /** Keys present and valid for the schema of the bag the rule reads. */
  readonly valid: readonly string[];
}

/** The side whose schema the other side writes and this side reads. */
export function counterpartRole(role: Role): Role {
  return role === "provider" ? "requirer" : role === "requirer" ? "provider" : "peers";
}

/**
 * One version of an interface with the sides its folder holds. Each side
 * writes its own bags and reads its counterpart's; a missing counterpart
 * means the bags it would read are open (any string keys, untyped).
 */
export interface InterfaceVersion {
  readonly name: string;
  readonly version: number;
  readonly sides: readonly InterfaceModel[];
}

/** The side a given side reads (itself for peers), or null when its file is missing. */
export function counterpartOf(version: InterfaceVersion, side: InterfaceModel): InterfaceModel | null {
  const role = counterpartRole(side.role);
  return version.sides.find((s) => s.role === role) ?? null;
}

/** A flag rule: every clause present must hold. */
export interface Rule {
  readonly joinedUnits?: { readonly min?: Count; readonly max?: Count };
  readonly allUnits?: BagCondition;
  readonly anyUnit?: BagCondition;
  readonly app?: BagCondition;
  readonly flags?: readonly string[];
  readonly not?: Rule;
  readonly anyOf?: readonly Rule[];
  readonly allOf?: readonly Rule[];
}

export interface FlagModel {
  readonly name: string;
  readonly description: string;
  readonly rule: Rule;
  /** JSON pointer of the rule in the schema (for messages); absent for a default flag. */
  readonly pointer?: string;
}

export interface SetterParam {
  readonly key: string;
  readonly name: string;
}

export interface SetterModel {
  readonly name: string;
  readonly description: string;
  readonly bag: BagScope;
  readonly relations: "first" | "all";
  readonly params: readonly SetterParam[];
  /** Constant decoded values, by wire key, in declaration order. */
  readonly values: readonly { readonly key: string; readonly value: unknown }[];
  readonly ingressOverride?: string;
}

export interface InterfaceModel {
  /** Interface name, e.g. `mysql-innodb-cluster`. */
  readonly name: string;
  readonly version: number;
  readonly role: Role;
  /** The schema file this model came from, relative to the project root, with `/` separators. */
  readonly source: string;
  readonly title?: string;
  readonly description?: string;
  /** TypeScript name stem, e.g. `MysqlInnodbClusterPeers`. */
  readonly typeName: string;
  /** camelCase factory name, e.g. `mysqlInnodbClusterPeers`. */
  readonly factoryName: string;
  /** The bags this side publishes and reads; `null` when the schema leaves a bag unspecified. */
  readonly unit: BagModel | null;
  readonly app: BagModel | null;
  readonly minimumUnits?: number;
  /** The flags: from `x-juju.flags`, or the defaults (see `link.ts`) once the sides are linked. */
  readonly flags: readonly FlagModel[];
  /** The flags were declared in `x-juju` (rather than defaulted). */
  readonly declaredFlags: boolean;
  readonly setters: readonly SetterModel[];
  readonly ingress: { readonly keys: readonly string[]; readonly binding?: string } | null;
  /** Keys whose value is a Juju secret URI, with the secret's content. */
  readonly secretUris: readonly SecretUriModel[];
  /** Non-fatal findings (unknown keywords, nonstandard formats ...). */
  readonly warnings: readonly string[];
}
