// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// The typed endpoint of widget (provider side): what a charm handler uses.
// It writes what this side's schema describes and reads what the requirer side publishes.
import { EndpointBinding, type EndpointDefinition } from "../../../../../src/runtime/index.js";
import {
  widgetRequirerUnitBinding,
  type WidgetRequirerUnitView,
  widgetRequirerAppBinding,
  type WidgetRequirerAppView,
} from "./requirer.accessors.js";
import {
  widgetProviderUnitBinding,
  type WidgetProviderUnitPublish,
  type WidgetProviderUnitView,
  widgetProviderAppBinding,
  type WidgetProviderAppPublish,
  type WidgetProviderAppView,
} from "./provider.accessors.js";
import type { WidgetProviderEndpointDef } from "./provider.types.js";
import type { WidgetRequirerApp, WidgetRequirerUnit } from "./requirer.types.js";
import {
  computeWidgetProviderFlags,
  widgetProviderFlags,
  widgetProviderFlagNames,
  type WidgetProviderFlag,
  type WidgetProviderFlagNames,
  type WidgetProviderFlagState,
} from "./provider.flags.js";

/** A joined remote unit: what it publishes, typed and validated. */
export interface WidgetProviderRemoteUnit extends WidgetRequirerUnitView {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
}

/** The other side's application bag, typed and validated. */
export type WidgetProviderRemoteApp = WidgetRequirerAppView;

/** One relation of this endpoint, as a handler sees it. */
export interface WidgetProviderRelation {
  /** Relation id, e.g. `database:3`. */
  readonly id: string;
  /** The application at the other end (this one, for a peer relation). */
  readonly application: string;
  /** The joined remote units, sorted by name, with their typed data. */
  readonly units: readonly WidgetProviderRemoteUnit[];
  /** The other side's application bag (this application's, for a peer relation). */
  readonly app: WidgetProviderRemoteApp;
  /** Whether each flag holds on this relation. */
  readonly flags: WidgetProviderFlagState;
  /**
   * What this side has published on the relation, as committed (without this hook's writes): this
   * unit's bag, and the application's bag (null where this unit may not read it: a non-leader on a
   * non-peer relation, or where this side's schema declares no application keys).
   */
  readonly local: {
    readonly unit: WidgetProviderUnitView;
    readonly app: WidgetProviderAppView | null;
  };
  /** Publishes values in this unit's bag, on this relation only. */
  publish(values: WidgetProviderUnitPublish): void;
  /** Publishes values in the application's bag, on this relation only (the leader only). */
  publishApp(values: WidgetProviderAppPublish): void;
}

/**
 * A relation on which `valid` holds, so it received, present and valid, `name` and `tier` in the
 * other application's bag, and `address` in every joined unit's bag: `isValid(relation)` narrows a
 * relation to it.
 */
export interface WidgetProviderValidRelation extends WidgetProviderRelation {
  readonly units: readonly WidgetProviderValidRemoteUnit[];
  readonly app: WidgetProviderValidRemoteApp;
}

/**
 * A joined remote unit of a relation on which `valid` holds: `address` received, present and valid.
 */
export interface WidgetProviderValidRemoteUnit extends WidgetProviderRemoteUnit {
  readonly received: Readonly<Partial<WidgetRequirerUnit>> & { readonly address: string };
}

/**
 * The other application's bag on a relation on which `valid` holds: `name` and `tier` received,
 * present and valid.
 */
export interface WidgetProviderValidRemoteApp extends WidgetProviderRemoteApp {
  readonly received: Readonly<Partial<WidgetRequirerApp>> & {
    readonly name: string;
    readonly tier: "gold" | "silver";
  };
}

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type WidgetProviderChangedKey =
  | "address"
  | "egress-subnets"
  | "ingress-address"
  | "name"
  | "private-address"
  | "ready"
  | "replicas"
  | "tier";

const definition: EndpointDefinition = {
  interface: "widget",
  version: 1,
  role: "provider",
  remote: { unit: widgetRequirerUnitBinding, app: widgetRequirerAppBinding },
  local: { unit: widgetProviderUnitBinding, app: widgetProviderAppBinding },
  ingress: null,
  secretKeys: ["token"],
  flags: widgetProviderFlags,
  computeFlags: computeWidgetProviderFlags,
};

/**
 * A made-up interface, provider side, that exercises what the peers schema does not: an application
 * bag, enums, formats, nested JSON objects, $refs, both sides read across, and every clause of the
 * rule language.
 *
 * Made with widgetProvider(endpoint) and owned by the charm whose defineCharm({ endpoints }) lists
 * it; it works on the hook that charm is running.
 */
export class WidgetProviderEndpoint<E extends string = string> extends EndpointBinding<E> {
  /** The full names of this endpoint's flags, e.g. `${E}.anyReady`. */
  readonly flags: WidgetProviderFlagNames<E>;
  /** Types the `endpoint.<ep>.changed.<key>` flags (no value at run time). */
  declare readonly changedKeys?: WidgetProviderChangedKey;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `database`. */
    endpoint: E,
  ) {
    super(endpoint, definition);
    this.flags = widgetProviderFlagNames(endpoint);
  }

  /** Every relation of the endpoint, sorted by id, with typed views of the other side. */
  get relations(): readonly WidgetProviderRelation[] {
    return this.relationViews<WidgetProviderRelation>();
  }

  /**
   * Joined remote units over all relations, ordered by (relation id, unit name), with their typed
   * data.
   */
  get allJoinedUnits(): readonly WidgetProviderRemoteUnit[] {
    return this.joinedUnitViews<WidgetProviderRemoteUnit>();
  }

  /** The interface flags of the endpoint: each holds when it holds on some relation. */
  computeFlags(): WidgetProviderFlagState {
    const relations = this.relations;
    return {
      anyReady: relations.some((r) => r.flags.anyReady),
      degraded: relations.some((r) => r.flags.degraded),
      ready: relations.some((r) => r.flags.ready),
      small: relations.some((r) => r.flags.small),
      valid: relations.some((r) => r.flags.valid),
    };
  }

  /**
   * Whether `anyReady` holds on this relation: Some requirer unit says it is ready.
   */
  isAnyReady(relation: WidgetProviderRelation | string): boolean {
    return this.relation<WidgetProviderRelation>(relation).flags.anyReady;
  }

  /**
   * Whether `degraded` holds on this relation: Ready, but not every requirer unit is.
   */
  isDegraded(relation: WidgetProviderRelation | string): boolean {
    return this.relation<WidgetProviderRelation>(relation).flags.degraded;
  }

  /**
   * Whether `ready` holds on this relation: The requirer named itself and its tier.
   */
  isReady(relation: WidgetProviderRelation | string): boolean {
    return this.relation<WidgetProviderRelation>(relation).flags.ready;
  }

  /**
   * Whether `small` holds on this relation: One to three requirer units, or none of them ready.
   */
  isSmall(relation: WidgetProviderRelation | string): boolean {
    return this.relation<WidgetProviderRelation>(relation).flags.small;
  }

  /**
   * Whether `valid` holds on this relation: The requirer's name and tier are valid, and every unit
   * has a valid address. If so, the relation is a WidgetProviderValidRelation.
   */
  isValid(relation: WidgetProviderRelation): relation is WidgetProviderValidRelation;
  /** Whether `valid` holds on the relation with this id, e.g. `database:3`. */
  isValid(relation: string): boolean;
  isValid(relation: WidgetProviderRelation | string): boolean {
    return this.relation<WidgetProviderRelation>(relation).flags.valid;
  }

  /**
   * Publish the endpoints on every relation.
   * @param endpoints Where clients connect.
   * @param mode Serving mode of the application.
   */
  setEndpoints(
    endpoints: [WidgetProviderEndpointDef, ...WidgetProviderEndpointDef[]] | null,
    mode: "active" | "standby",
  ): void {
    this.stage("all", "app", { endpoints, mode }, "setEndpoints");
  }

  /**
   * Publish this unit's port.
   * @param port Port of this unit's listener.
   */
  setPort(port: number | null): void {
    this.stage("first", "unit", { port }, "setPort");
  }

  /**
   * Publishes values in this unit's bag on every relation of the endpoint; keys left out are not
   * touched.
   */
  publish(values: WidgetProviderUnitPublish): void {
    this.stage("all", "unit", values, "publish");
  }

  /**
   * Publishes values in the application's bag on every relation (the leader only: others get
   * NotLeaderError).
   */
  publishApp(values: WidgetProviderAppPublish): void {
    this.stage("all", "app", values, "publishApp");
  }
}

/**
 * The widget interface (provider side) on an endpoint of the charm.
 * List the result in defineCharm({ endpoints }): the runtime then snapshots the
 * endpoint and computes its flags in every hook of that charm.
 */
export function widgetProvider<E extends string>(endpoint: E): WidgetProviderEndpoint<E> {
  return new WidgetProviderEndpoint(endpoint);
}
