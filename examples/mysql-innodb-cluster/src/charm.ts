/**
 * The demo charm's handlers: the lifecycle of a MySQL InnoDB Cluster over the
 * `cluster` peer relation, written against the generated bindings. The MySQL
 * side is pretend (users and cluster membership are only recorded), the
 * relation protocol is real.
 */
import { mysqlInnodbClusterPeers } from "../../../generated/mysql-innodb-cluster/index.js";
import { defineCharm, type Hook } from "../../../src/runtime/index.js";

export const cluster = mysqlInnodbClusterPeers("cluster");

/** The charm's own flag, one per peer whose cluster user exists. */
type UserCreated = `demo.cluster-user.${string}`;
export const charm = defineCharm({ endpoints: [cluster], flags: [] as UserCreated[] });

export const CLUSTER_USER = "clusteruser";
const PASSWORD = "cluster-password";

/**
 * The cluster password lives in the peer relation's application bag, which the
 * leader writes through `relation-set --app --file -` and every unit can read.
 * The original keeps it in leader settings, but `leader-set` only takes values
 * on its command line, where any process on the machine can read them.
 */
const sharedPassword = (): string | undefined => cluster.relations[0]?.app.received[PASSWORD];
const clusteredKey = (address: string): string => `cluster-instance-clustered-${address.replace(/[.:]/g, "-")}`;

function newPassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/**
 * Connected: publish how peers reach us, with the leader's password. The
 * original gates this on "not available", which deadlocks when a new unit sees
 * two complete peers before it has the password (Juju allows that order): it
 * becomes available and never publishes. Publishing whenever connected is
 * free here, because unchanged bytes are never written again.
 */
charm.when(cluster.flags.connected).do(async function publishConnectionInfo(hook: Hook) {
  let password = sharedPassword();
  if (!password) {
    if (!(await hook.isLeader())) return; // the leader's write wakes us with a relation-changed
    password = newPassword();
    cluster.publishApp({ [PASSWORD]: password });
  }
  cluster.setClusterConnectionInfo(await hook.networkAddress("cluster"), CLUSTER_USER, password);
});

/** Available: create a cluster user for every peer (recorded only), then say we are ready. */
charm.when(cluster.flags.available).do(function createClusterUsers() {
  for (const unit of cluster.allJoinedUnits) {
    const address = unit.received.clusterAddress;
    if (address !== undefined) charm.setFlag(`demo.cluster-user.${address.replace(/[.:]/g, "-")}`);
  }
  cluster.setUnitConfigureReady();
});

/** The leader creates the cluster, then admits every peer that is configure-ready. */
charm.when(cluster.flags.available).do(async function leaderAddInstances(hook: Hook) {
  if (!(await hook.isLeader())) return;
  const settings = await hook.leaderGet();
  const updates: Record<string, string> = {};
  if (!settings["cluster-created"]) {
    updates["cluster-created"] = "true";
    updates[clusteredKey(await hook.networkAddress("cluster"))] = "true";
  }
  for (const unit of cluster.allJoinedUnits) {
    const address = unit.received.clusterAddress;
    if (address !== undefined && unit.has("unitConfigureReady") && !settings[clusteredKey(address)]) updates[clusteredKey(address)] = "true";
  }
  if (Object.keys(updates).length > 0) await hook.leaderSet(updates);
});

/** Every unit the leader admitted says so to its peers. */
charm.when(cluster.flags.connected).do(async function markClustered(hook: Hook) {
  const settings = await hook.leaderGet();
  if (settings[clusteredKey(await hook.networkAddress("cluster"))]) cluster.setUnitClustered();
});

/** The workload status, from the interface flags. */
charm.when().do(async function reportStatus(hook: Hook) {
  if (hook.info.hookName === "remove") return;
  if (!charm.isSet(cluster.flags.connected)) await hook.status("blocked", "'cluster' missing");
  else if (!charm.isSet(cluster.flags.available)) await hook.status("waiting", "'cluster' incomplete");
  else if (charm.isSet(cluster.flags.clustered)) await hook.status("active", "Unit is ready and clustered");
  else await hook.status("active", "Unit is ready");
});
