// generated from schema/widget/v1/requirer.json by relgen; do not edit.

import type { Validator } from "../../../../../src/runtime/index.js";
import type { WidgetRequirerUnitByWireKey, WidgetRequirerAppByWireKey } from "./requirer.types.js";

/** Checks a decoded unit bag, keyed by wire names, against the schema. */
export declare const unit: Validator<WidgetRequirerUnitByWireKey>;
/** Checks the keys given of a decoded unit bag, none of them required (what a charm publishes). */
export declare const unitPartial: Validator<Partial<WidgetRequirerUnitByWireKey>>;

/** Checks a decoded app bag, keyed by wire names, against the schema. */
export declare const app: Validator<WidgetRequirerAppByWireKey>;
/** Checks the keys given of a decoded app bag, none of them required (what a charm publishes). */
export declare const appPartial: Validator<Partial<WidgetRequirerAppByWireKey>>;
