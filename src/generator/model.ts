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
}

export interface BagModel {
  readonly scope: BagScope;
  /** TypeScript name stem, e.g. `MysqlInnodbClusterPeersUnit`. */
  readonly typeName: string;
  readonly description?: string;
  readonly keys: readonly KeyModel[];
  /** Definitions the decoded key schemas may refer to (`#/$defs/...`). */
  readonly defs: Readonly<Record<string, JsonSchema>>;
}

export type Count = number;

export interface BagCondition {
  readonly present: readonly string[];
  readonly absent: readonly string[];
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
  readonly flags: readonly FlagModel[];
  readonly setters: readonly SetterModel[];
  readonly ingress: { readonly keys: readonly string[]; readonly binding?: string } | null;
  /** Non-fatal findings (unknown keywords, nonstandard formats ...). */
  readonly warnings: readonly string[];
}
