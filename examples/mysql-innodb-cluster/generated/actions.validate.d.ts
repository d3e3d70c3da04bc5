// generated from actions.yaml by relgen; do not edit.

import type { StandaloneValidator } from "../../../src/runtime/index.js";

/** Validates the parameters of get-cluster-status. */
export declare const validateGetClusterStatus: StandaloneValidator;
