// generated from schema/mysql_client/v0/provider.json by relgen; do not edit.

import type { StandaloneValidator } from "../../../src/runtime/index.js";

/** Validates a decoded secret content (keys are wire names). */
export declare const contentSecretUser: StandaloneValidator;
/** Validates the keys given of a decoded secret content, none required (for publishing). */
export declare const contentSecretUserPartial: StandaloneValidator;

/** Validates a decoded app bag (keys are wire names). */
export declare const app: StandaloneValidator;
/** Validates the keys given of a decoded app bag, none required (for publishing). */
export declare const appPartial: StandaloneValidator;
