// generated from schema/mysql_client/v0/requirer.json by relgen; do not edit.

import type { StandaloneValidator } from "../../../src/runtime/index.js";

/** Validates a decoded app bag (keys are wire names). */
export declare const app: StandaloneValidator;
/** Validates the keys given of a decoded app bag, none required (for publishing). */
export declare const appPartial: StandaloneValidator;
