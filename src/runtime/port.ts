/**
 * What a generated binding tells the runtime about one side of an interface
 * (its definition), and what the runtime gives a bound endpoint during a
 * hook (its port). A side writes what its own schema describes and reads
 * what the other side's schema describes; a bag whose schema is unknown is
 * open: any string keys, untyped.
 */
import type { RawBag } from "./backend.js";
import type { BagSpec, StandaloneValidator } from "./bag.js";

/** A typed bag: its key table and validators of the decoded bag. */
export interface BagBinding {
  readonly spec: BagSpec;
  /** Validates a whole decoded bag (required keys enforced): for reading. */
  readonly validate: StandaloneValidator;
  /** Validates the keys given, none required: for writing. */
  readonly validatePartial: StandaloneValidator;
  /** Keys (by wire name) whose values are Juju secret URIs, with the binding of each secret's content. */
  readonly secrets?: Readonly<Record<string, SecretKeyBinding>>;
}

/** A key that holds a secret URI: its TypeScript name and the secret's content binding. */
export interface SecretKeyBinding {
  readonly ts: string;
  readonly content: BagBinding;
}

/** What reading a secret a bag points to gave, in this hook (never shown: the content is secret). */
export type SecretRead =
  | { readonly ok: true; readonly content: RawBag }
  | { readonly ok: false; readonly reason: "not-found" | "denied" | "failed" | "foreign"; readonly message: string };

/** The bags of one side; null for a bag whose schema is unknown (open). */
export interface SideBags {
  readonly unit: BagBinding | null;
  readonly app: BagBinding | null;
}

export type Role = "provider" | "requirer" | "peers";

/** What a generated binding tells the runtime about its side of an interface. */
export interface EndpointDefinition {
  readonly interface: string;
  readonly version: number;
  readonly role: Role;
  /** What this side reads: the other side's bags (the own ones for peers). */
  readonly remote: SideBags;
  /** What this side writes: its own bags. */
  readonly local: SideBags;
  /** Raw keys that carry this unit's ingress address, published in every hook. */
  readonly ingress: { readonly keys: readonly string[]; readonly binding?: string } | null;
  /** Wire keys whose values are secrets: they are redacted from any error the hook logs. */
  readonly secretKeys: readonly string[];
  /** Names of the interface flags, without the endpoint prefix. */
  readonly flags: readonly string[];
  /** The generated flag computer, evaluated on one relation. */
  computeFlags(snapshot: FlagSnapshot): Readonly<Record<string, boolean>>;
}

export interface JoinedUnit {
  readonly relationId: string;
  readonly name: string;
  /** The unit's bag; empty, unread, when the other side's schema declares no unit keys. */
  readonly raw: RawBag;
}

/** One relation of an endpoint in one hook. */
export interface RelationSnapshot {
  /** e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (the own one for a peer relation). */
  readonly application: string;
  /** Joined remote units, sorted as strings. */
  readonly units: readonly JoinedUnit[];
  /**
   * The other application's bag (the own application's for a peer relation);
   * empty, unread, when the other side's schema declares no application keys.
   */
  readonly app: RawBag;
  /** This unit's own bag as committed; null, unread, when this side's schema declares no unit keys. */
  readonly local: RawBag | null;
  /**
   * This application's own bag; null where this unit may not read it (a
   * non-leader, on a non-peer relation) or this side's schema declares no
   * application keys.
   */
  readonly localApp: RawBag | null;
  /** The secrets the other side's bags point to, read in this hook: by owner (a unit, or the application), then key. */
  readonly secrets?: Readonly<Record<string, Readonly<Record<string, SecretRead>>>>;
}

/** The input of a flag computer: one relation's joined remote units and the other side's application bag. */
export interface FlagSnapshot {
  readonly units: readonly { readonly raw: RawBag }[];
  readonly app?: RawBag | null;
}

/** Where a write goes: the first relation of the endpoint, every relation, or one relation by id. */
export type WriteTarget = "first" | "all" | { readonly relation: string };

/** What a bound endpoint can do in the hook that is running. */
export interface EndpointPort {
  /** Relations of the endpoint, sorted by id as strings. */
  relations(): readonly RelationSnapshot[];
  /** The interface flags of one relation. */
  flagsOf(relationId: string): Readonly<Record<string, boolean>>;
  /** Whether this unit leads its application (asked once per hook). */
  isLeader(): boolean;
  /** Stages raw wire values for this unit's (or application's) bag. Flushed when the hook succeeds. */
  write(target: WriteTarget, scope: "unit" | "app", values: RawBag): void;
  /** Publishes this address on the ingress keys instead of the one from network-get. */
  overrideIngress(address: string): void;
  /** Reads a secret now (`secret-get`, with `--refresh` or `--peek` when asked). */
  readSecret(uri: string, options: { refresh?: boolean; peek?: boolean }): Promise<RawBag>;
  /** Stages a secret's content for the application bag key `wire` of a relation: created (and granted) or updated when the hook's writes are flushed. */
  writeSecret(target: WriteTarget, wire: string, content: RawBag): void;
}
