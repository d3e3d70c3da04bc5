// generated from schema/mysql-innodb-cluster/v0/peers.json by relgen; do not edit.

import type { StandaloneValidator } from "../../../src/runtime/bag.js";

/** Validates a decoded unit bag (keys are wire names). */
export declare const unit: StandaloneValidator;
