// generated from schema/widget/v1/requirer.json by relgen; do not edit.
//
// The typed endpoint of widget (requirer side): what a charm handler uses.
// It writes what this side's schema describes and reads what the provider side publishes.
import { EndpointBinding, type EndpointDefinition, type RelationView, type WithReceived } from "../../../../../src/runtime/index.js";
import { widgetProviderUnitBinding, type WidgetProviderUnitView, widgetProviderAppBinding, type WidgetProviderAppView } from "./provider.accessors.js";
import { widgetRequirerUnitBinding, type WidgetRequirerUnitPublish, type WidgetRequirerUnitView, widgetRequirerAppBinding, type WidgetRequirerAppPublish, type WidgetRequirerAppView } from "./requirer.accessors.js";
import {
  computeWidgetRequirerFlags,
  widgetRequirerFlags,
  widgetRequirerFlagNames,
  type WidgetRequirerFlag,
  type WidgetRequirerFlagNames,
  type WidgetRequirerFlagState,
} from "./requirer.flags.js";

/** A joined remote unit: what it publishes, typed and validated. */
export type WidgetRequirerRemoteUnit = WidgetProviderUnitView & {
  /** Unit name, e.g. `app/1`. */
  readonly name: string;
  /** Relation id, e.g. `database:3`. */
  readonly relationId: string;
};

/** The other side's application bag, typed and validated. */
export type WidgetRequirerRemoteApp = WidgetProviderAppView;

/** One relation of this endpoint: the remote units, the other application's bag, the flags, what this side published, and writes to this relation only. */
export type WidgetRequirerRelation = RelationView<
  WidgetRequirerRemoteUnit,
  WidgetRequirerRemoteApp,
  WidgetRequirerFlag,
  WidgetRequirerUnitPublish,
  WidgetRequirerAppPublish,
  WidgetRequirerUnitView,
  WidgetRequirerAppView
>;

/**
 * A relation on which `available` holds, so it received, present and valid, `mode` in the other application's bag, and `hostname` in every joined unit's bag: `isAvailable(relation)` narrows a relation to it.
 */
export type WidgetRequirerAvailableRelation = RelationView<
  WithReceived<WidgetRequirerRemoteUnit, "hostname">,
  WithReceived<WidgetRequirerRemoteApp, "mode">,
  WidgetRequirerFlag,
  WidgetRequirerUnitPublish,
  WidgetRequirerAppPublish,
  WidgetRequirerUnitView,
  WidgetRequirerAppView
>;

/** Wire keys the other side can send: `endpoint.<ep>.changed.<key>` is typed with them. */
export type WidgetRequirerChangedKey = "egress-subnets" | "endpoints" | "hostname" | "ingress-address" | "mode" | "port" | "private-address" | "token";

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
 * The requirer side of the made-up widget interface: it names itself and a tier, and each unit says where it is and whether it is ready. It declares no flags: it gets the default ones.
 *
 * Made with widgetRequirer(endpoint) and owned by the charm whose defineCharm({ endpoints }) lists it;
 * it works on the hook that charm is running.
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
    return this.relationViews() as readonly WidgetRequirerRelation[];
  }

  /** Joined remote units over all relations, ordered by (relation id, unit name), with their typed data. */
  get allJoinedUnits(): readonly WidgetRequirerRemoteUnit[] {
    return this.joinedUnitViews() as readonly WidgetRequirerRemoteUnit[];
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
   * Whether `available` holds on this relation: The provider side has published everything its schema requires, and it is valid: its application bag has mode; every joined unit has hostname.
   * If so, the relation is a WidgetRequirerAvailableRelation.
   */
  isAvailable(relation: WidgetRequirerRelation): relation is WidgetRequirerAvailableRelation;
  /** Whether `available` holds on the relation with this id, e.g. `database:3`. */
  isAvailable(relation: string): boolean;
  isAvailable(relation: WidgetRequirerRelation | string): boolean {
    return this.relation(relation).flags["available"] === true;
  }

  /**
   * Whether `connected` holds on this relation: The endpoint has a relation (from -relation-created until -relation-broken).
   */
  isConnected(relation: WidgetRequirerRelation | string): boolean {
    return this.relation(relation).flags["connected"] === true;
  }

  /** Publishes values in this unit's bag on every relation of the endpoint; keys left out are not touched. */
  publish(values: WidgetRequirerUnitPublish): void {
    this.stage("all", "unit", values, "publish");
  }

  /** Publishes values in the application's bag on every relation (the leader only: others get NotLeaderError). */
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
