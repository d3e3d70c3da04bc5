// generated from schema/widget/v1/provider.json by relgen; do not edit.
//
// The typed endpoint of widget (provider side): what a charm handler uses.
import { registerEndpoint } from "../../../../../src/runtime/registry.js";
import type { EndpointPort, JoinedUnit } from "../../../../../src/runtime/port.js";
import { encodeJson } from "../../../../../src/runtime/codec.js";
import type { WidgetProviderUnit, WidgetProviderApp } from "./provider.types.js";
import {
  readWidgetProviderUnit,
  encodeWidgetProviderUnit,
  encodeWidgetProviderApp,
  type WidgetProviderAppPublish,
  type WidgetProviderUnitView,
  type WidgetProviderUnitPublish,
} from "./provider.accessors.js";
import {
  computeWidgetProviderFlags,
  widgetProviderFlags,
  widgetProviderFlagNames,
  type WidgetProviderFlagNames,
  type WidgetProviderFlagState,
} from "./provider.flags.js";

/** A joined remote unit with its typed data. */
export interface WidgetProviderRemoteUnit extends WidgetProviderUnitView {
  /** Unit name, e.g. `mysql/1`. */
  readonly name: string;
  /** Relation id, e.g. `cluster:3`. */
  readonly relationId: string;
}

/**
 * A made-up provider interface that exercises what the peers schema does not: an application bag, enums, formats, nested JSON objects, $refs, and every clause of the rule language.
 *
 * Made with widgetProvider(endpoint); every call works on the hook that is running.
 */
export class WidgetProviderEndpoint<E extends string = string> {
  /** The full names of this endpoint's flags, e.g. `${E}.anyListening`. */
  readonly flags: WidgetProviderFlagNames<E>;
  #units: { source: readonly JoinedUnit[]; views: readonly WidgetProviderRemoteUnit[]; } | null = null;

  constructor(
    /** The endpoint name in metadata.yaml, e.g. `cluster`. */
    readonly endpoint: E,
    private readonly port: EndpointPort,
  ) {
    this.flags = widgetProviderFlagNames(endpoint);
  }

  /** Relation ids of the endpoint, sorted as strings, e.g. `["cluster:19"]`. */
  relationIds(): readonly string[] {
    return this.port.relationIds();
  }

  /** Joined remote units over all relations, ordered by (relation id, unit name), with their typed data. */
  get allJoinedUnits(): readonly WidgetProviderRemoteUnit[] {
    const source = this.port.joinedUnits();
    if (this.#units?.source !== source) {
      const views = source.map((u) => Object.freeze({ ...readWidgetProviderUnit(u.raw), name: u.name, relationId: u.relationId }));
      this.#units = { source, views: Object.freeze(views) };
    }
    return this.#units.views;
  }

  /** The interface flags as they follow from the current relation data. */
  computeFlags(): WidgetProviderFlagState {
    return computeWidgetProviderFlags({ units: this.port.joinedUnits(), app: this.port.appBag() });
  }

  /**
   * Publish the endpoints on every relation.
   * @param endpoints Where clients connect.
   * @param mode Serving mode of the application.
   */
  setEndpoints(endpoints: Exclude<WidgetProviderApp["endpoints"], undefined> | null, mode: Exclude<WidgetProviderApp["mode"], undefined> | null): void {
    this.port.write("all", "app", {
      "endpoints": encodeJson(endpoints),
      "mode": encodeJson(mode),
    });
  }

  /**
   * Publish this unit's port.
   * @param port Port of this unit's listener.
   */
  setPort(port: Exclude<WidgetProviderUnit["port"], undefined> | null): void {
    this.port.write("first", "unit", {
      "port": encodeJson(port),
    });
  }

  /** Publishes any subset of this unit's bag on the first relation. Keys left out are not touched. */
  publish(values: WidgetProviderUnitPublish): void {
    this.port.write("first", "unit", encodeWidgetProviderUnit(values));
  }

  /** Publishes any subset of the application bag on the first relation (the leader only; Juju refuses others). */
  publishApp(values: WidgetProviderAppPublish): void {
    this.port.write("first", "app", encodeWidgetProviderApp(values));
  }
}

/**
 * Binds the widget interface (provider side) to an endpoint of the charm.
 * Call it once at module load; the runtime then snapshots the endpoint and
 * computes its flags in every hook.
 */
export function widgetProvider<E extends string>(endpoint: E): WidgetProviderEndpoint<E> {
  const port = registerEndpoint({
    interface: "widget",
    role: "provider",
    endpoint,
    ingress: null,
    readsApp: true,
    secretKeys: ["token"],
    flags: widgetProviderFlags,
    computeFlags: computeWidgetProviderFlags,
  });
  return new WidgetProviderEndpoint(endpoint, port);
}
