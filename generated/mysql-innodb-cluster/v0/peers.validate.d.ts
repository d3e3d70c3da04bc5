// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.

import type { StandaloneValidator } from "../../../src/runtime/index.js";

/** Validates a decoded unit bag (keys are wire names). */
export declare const unit: StandaloneValidator;
/** Validates the keys given of a decoded unit bag, none required (for publishing). */
export declare const unitPartial: StandaloneValidator;

/** Validates a decoded app bag (keys are wire names). */
export declare const app: StandaloneValidator;
/** Validates the keys given of a decoded app bag, none required (for publishing). */
export declare const appPartial: StandaloneValidator;
