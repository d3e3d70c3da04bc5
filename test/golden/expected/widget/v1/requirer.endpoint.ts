// generated from schema/widget/v1/requirer.json by relgen; do not edit.
//
// The typed endpoint of widget (requirer side): what a charm handler uses.
// It writes what this side's schema describes and reads what the provider side publishes.
import { EndpointBinding, type EndpointDefinition } from "../../../../../src/runtime/index.js";
import {
  widgetProviderUnitBinding,
  type WidgetProviderUnitView,
  widgetProviderAppBinding,
  type WidgetProviderAppView,
} from "./provider.accessors.js";
import {
  widgetRequirerUnitBinding,
  type WidgetRequirerUnitPublish,
  type WidgetRequirerUnitView,
  widgetRequirerAppBinding,
  type WidgetRequirerAppPublish,
  type WidgetRequirerAppView,
} from "./requirer.accessors.js";
import type { WidgetProviderApp, WidgetProviderUnit } from "./provider.types.js";
import {
  computeWidgetRequirerFlags,
  widgetRequirerFlags,
  widgetRequirerFlagNames,
  type WidgetRequirerFlag,
  type WidgetRequirerFlagNames,
  type WidgetRequirerFlagState,
} from "./requirer.flags.js";

/** A joined remote unit: what it publishes, typed and validated. */
export interface WidgetRequirerRemoteUnit extends WidgetProviderUnitView {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
}

/** The other side's application bag, typed and validated. */
export type WidgetRequirerRemoteApp = WidgetProviderAppView;

/** One relation of this endpoint, as a handler sees it. */
export interface WidgetRequirerRelation {
  /** Relation id, e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (this one, for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted by name, with their typed data. */
  readonly units: readonly WidgetRequirerRemoteUnit[];
  /** The other side's application bag (this application's, for a peer relation). */
  readonly app: WidgetRequirerRemoteApp;
  /** Whether each flag holds on this relation. */
  readonly flags: WidgetRequirerFlagState;
  /**
   * What this side has published on the relation, as committed (without this hook's writes): this
   * unit's bag, and the application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application keys).
   */
  readonly local: {
    readonly unit: WidgetRequirerUnitView;
    readonly app: WidgetRequirerAppView | null;
  };
  /** Publishes values in this unit's bag, on this relation only. */
  publish(values: WidgetRequirerUnitPublish): void;
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: WidgetRequirerAppPublish): void;
}

/**
 * A relation on which `available` holds, so it received, present and valid, `mode` in the other
 * application's bag, and `hostname` in every joined unit's bag: `isAvailable(relation)` narrows a
 * relation to it.
 */
export interface WidgetRequirerAvailableRelation extends WidgetRequirerRelation {
  readonly units: readonly WidgetRequirerAvailableRemoteUnit[];
  readonly app: WidgetRequirerAvailableRemoteApp;
}

/**
 * A joined remote unit of a relation on which `available` holds: `hostname` received, present and
 * valid.
 */
export interface WidgetRequirerAvailableRemoteUnit extends WidgetRequirerRemoteUnit {
  readonly received: Readonly<Partial<WidgetProviderUnit>> & { readonly hostname: string };
}

/**
 * The other application's bag on a relation on which `available` holds: `mode` received, present
 * and valid.
 */
export interface WidgetRequirerAvailableRemoteApp extends WidgetRequirerRemoteApp {
  readonly received: Readonly<Partial<WidgetProviderApp>> & { readonly mode: "active" | "standby" };
}

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type WidgetRequirerChangedKey =
  | "egress-subnets"
  | "endpoints"
  | "hostname"
  | "ingress-address"
  | "mode"
  | "port"
  | "private-address"
  | "token";

const definition: EndpointDefinition = {
  interface: "widget",
  version: 1,
  role: "requirer",
  remote: { unit: widgetProviderUnitBinding, app: widgetProviderAppBinding },
  local: { unit: widgetRequirerUnitBinding, app: widgetRequirerAppBinding },
  ingress: null,
  secretKeys: ["token"],
  flags: widgetRequirerFlags,
  computeFlags: computeWidgetRequirerFlags,
};

/**
 * The requirer side of the made-up widget interface: it names itself and a tier, and each unit says
 * where it is and whether it is ready. It declares no flags: it gets the default ones.
 *
 * Made with widgetRequirer(endpoint) and owned by the charm whose defineCharm({ endpoints }) lists
 * it; it works on the hook that charm is running.
 */
export class WidgetRequirerEndpoint<E extends string = string> extends EndpointBinding<E> {
  /** The full names of this endpoint's flags, e.g. `${E}.available`. */
  readonly flags: WidgetRequirerFlagNames<E>;
  /** Types the `endpoint.<ep>.changed.<key>` flags (no value at run time). */
  declare readonly changedKeys?: WidgetRequirerChangedKey;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `database`. */
    endpoint: E,
  ) {
    super(endpoint, definition);
    this.flags = widgetRequirerFlagNames(endpoint);
  }

  /** Every relation of the endpoint, sorted by id, with typed views of the other side. */
  get relations(): readonly WidgetRequirerRelation[] {
    return this.relationViews<WidgetRequirerRelation>();
  }

  /**
   * Joined remote units over all relations, ordered by (relation id, unit name), with their typed
   * data.
   */
  get allJoinedUnits(): readonly WidgetRequirerRemoteUnit[] {
    return this.joinedUnitViews<WidgetRequirerRemoteUnit>();
  }

  /** The interface flags of the endpoint: each holds when it holds on some relation. */
  computeFlags(): WidgetRequirerFlagState {
    const relations = this.relations;
    return {
      available: relations.some((r) => r.flags.available),
      connected: relations.some((r) => r.flags.connected),
    };
  }

  /**
   * Whether `available` holds on this relation: The provider side has published everything its
   * schema requires, and it is valid: its application bag has mode; every joined unit has hostname.
   * If so, the relation is a WidgetRequirerAvailableRelation.
   */
  isAvailable(relation: WidgetRequirerRelation): relation is WidgetRequirerAvailableRelation;
  /** Whether `available` holds on the relation with this id, e.g. `database:3`. */
  isAvailable(relation: string): boolean;
  isAvailable(relation: WidgetRequirerRelation | string): boolean {
    return this.relation<WidgetRequirerRelation>(relation).flags.available;
  }

  /**
   * Whether `connected` holds on this relation: The endpoint has a relation (from -relation-created
   * until -relation-broken).
   */
  isConnected(relation: WidgetRequirerRelation | string): boolean {
    return this.relation<WidgetRequirerRelation>(relation).flags.connected;
  }

  /**
   * Publishes values in this unit's bag on every relation of the endpoint; keys left out are not
   * touched.
   */
  publish(values: WidgetRequirerUnitPublish): void {
    this.stage("all", "unit", values, "publish");
  }

  /**
   * Publishes values in the application's bag on every relation (the leader only: others get
   * NotLeaderError).
   */
  publishApp(values: WidgetRequirerAppPublish): void {
    this.stage("all", "app", values, "publishApp");
  }
}

/**
 * The widget interface (requirer side) on an endpoint of the charm.
 * List the result in defineCharm({ endpoints }): the runtime then snapshots the
 * endpoint and computes its flags in every hook of that charm.
 */
export function widgetRequirer<E extends string>(endpoint: E): WidgetRequirerEndpoint<E> {
  return new WidgetRequirerEndpoint(endpoint);
}
