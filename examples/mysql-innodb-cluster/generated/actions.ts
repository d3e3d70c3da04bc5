// generated from actions.yaml by relgen; do not edit.
//
// The charm's actions: each one's parameters, typed, and their validators, for
// `defineCharm({ endpoints, actions })` and `charm.action(name, handler)`.

import type { ActionDefinitions } from "../../../src/runtime/index.js";
import { validateGetClusterStatus } from "./actions.validate.js";

/**
 * Shows this unit's view of the cluster: its own state, how many of its
 * peers are clustered, and whether it leads. Holds no password.
 *
 */
export interface GetClusterStatusParams {
  /**
   * Also list the peers this unit sees, and which of them are clustered.
   */
  "include-peers"?: boolean;
}

/** Each action's parameters, by action name. */
export interface CharmActions {
  "get-cluster-status": GetClusterStatusParams;
}

/** The definitions `defineCharm({ actions })` takes. */
export const actions: ActionDefinitions<CharmActions> = {
  "get-cluster-status": {
    description:
      "Shows this unit's view of the cluster: its own state, how many of its\npeers are clustered, and whether it leads. Holds no password.\n",
    validate: validateGetClusterStatus,
  },
};
