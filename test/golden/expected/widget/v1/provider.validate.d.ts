// generated from schema/widget/v1/provider.json by relgen; do not edit.

import type { StandaloneValidator } from "../../../../../src/runtime/bag.js";

/** Validates a decoded unit bag (keys are wire names). */
export declare const unit: StandaloneValidator;

/** Validates a decoded app bag (keys are wire names). */
export declare const app: StandaloneValidator;
