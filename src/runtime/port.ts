/**
 * The port between a generated binding and the runtime: what a typed endpoint
 * needs from the hook that is running. The runtime provides one per endpoint
 * (see `registry.ts`); tests may provide their own.
 */
import type { RawBag } from "./backend.js";

export interface JoinedUnit {
  readonly relationId: string;
  readonly name: string;
  readonly raw: RawBag;
}

export interface EndpointPort {
  /** Relation ids of the endpoint, sorted as strings. */
  relationIds(): readonly string[];
  /** Joined remote units over all relations, ordered by (relation id, unit name) as strings. */
  joinedUnits(): readonly JoinedUnit[];
  /** The remote application's bag of the first relation (for peers: the shared application bag), or null. */
  appBag(): RawBag | null;
  /**
   * Stages raw wire values for the local unit's (or application's) bag, on the
   * first relation of the endpoint or on all of them. Flushed when the hook succeeds.
   */
  write(relations: "first" | "all", scope: "unit" | "app", values: RawBag): void;
  /** Publishes this address on the ingress keys instead of the one from network-get. */
  overrideIngress(address: string): void;
}

/** What a generated binding tells the runtime about its interface. */
export interface EndpointDefinition {
  readonly interface: string;
  readonly role: "provider" | "requirer" | "peers";
  readonly endpoint: string;
  /** Raw keys that carry this unit's ingress address, published in every hook. */
  readonly ingress: { readonly keys: readonly string[]; readonly binding?: string } | null;
  /** Whether the flag rules read the remote application bag (one more relation-get per relation). */
  readonly readsApp: boolean;
  /** Wire keys whose values are secrets: they are redacted from any error the hook logs. */
  readonly secretKeys: readonly string[];
  /** Names of the interface flags, without the endpoint prefix. */
  readonly flags: readonly string[];
  /** The generated flag computer. */
  computeFlags(snapshot: FlagSnapshot): Readonly<Record<string, boolean>>;
}

/** The input of a flag computer: the joined remote units and the application bag. */
export interface FlagSnapshot {
  readonly units: readonly { readonly raw: RawBag }[];
  readonly app?: RawBag | null;
}
