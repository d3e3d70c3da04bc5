/** A harness over the bare mysql-innodb-cluster interface (no charm handlers unless given). */
import { mysqlInnodbClusterPeers } from "../../generated/mysql-innodb-cluster/index.js";
import { defineCharm } from "../../src/runtime/index.js";
import { Harness } from "../../src/testing/harness.js";

export const cluster = mysqlInnodbClusterPeers("cluster");
export const charm = defineCharm({ endpoints: [cluster], flags: ["test.marker"] });

export const FIVE_CHANGED = ["cluster-address", "cluster-user", "cluster-password", "unit-configure-ready", "unit-clustered"].map(
  (k) => `endpoint.cluster.changed.${k}`,
);

/**
 * `n` units whose start-up and join hooks have all run. The tests on it write
 * bags without running their -changed hooks and deliver hooks out of Juju's
 * order, so its units read every bag in every hook (RELGEN_READ=all): what
 * they assert is the flag rules, not when a bag is read. The read cache, with
 * hooks in Juju's order, is tested in test/runtime/read-cache.test.ts.
 */
export async function peerWorld(n: number, options: { deliverPeerBroken?: boolean; env?: Record<string, string> } = {}): Promise<Harness> {
  const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o), env: { RELGEN_READ: "all" }, ...options });
  h.addUnits(n);
  await h.settle();
  return h;
}

/** Replaces keys in a unit's committed bag (as if that unit had published them). */
export function publish(h: Harness, unit: string, values: Record<string, string>): void {
  h.writeDatabag(unit, h.relationId(), values);
}

export const complete = {
  "cluster-address": '"10.5.0.21"',
  "cluster-user": '"clusteruser"',
  "cluster-password": '"Xk3nP9qLr7tWm2VhJc4sTz8dFb6gNy5"',
  "unit-configure-ready": "true",
  "unit-clustered": "true",
};

export const interfaceFlags = (flags: readonly string[]): string[] => flags.filter((f) => /^cluster\./.test(f));
