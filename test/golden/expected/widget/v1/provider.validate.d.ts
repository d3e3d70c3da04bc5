// generated from schema/widget/v1/provider.json by relgen; do not edit.

import type { Validator } from "../../../../../src/runtime/index.js";
import type { WidgetProviderUnitByWireKey, WidgetProviderAppByWireKey } from "./provider.types.js";

/** Checks a decoded unit bag, keyed by wire names, against the schema. */
export declare const unit: Validator<WidgetProviderUnitByWireKey>;
/** Checks the keys given of a decoded unit bag, none of them required (what a charm publishes). */
export declare const unitPartial: Validator<Partial<WidgetProviderUnitByWireKey>>;

/** Checks a decoded app bag, keyed by wire names, against the schema. */
export declare const app: Validator<WidgetProviderAppByWireKey>;
/** Checks the keys given of a decoded app bag, none of them required (what a charm publishes). */
export declare const appPartial: Validator<Partial<WidgetProviderAppByWireKey>>;
