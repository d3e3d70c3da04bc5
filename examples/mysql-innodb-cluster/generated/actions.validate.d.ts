// generated from actions.yaml by relgen; do not edit.

import type { Validator } from "../../../src/runtime/index.js";
import type { GetClusterStatusParams } from "./actions.js";

/** Validates the parameters of get-cluster-status, filling in their defaults. */
export declare const validateGetClusterStatus: Validator<GetClusterStatusParams>;
