/**
 * The demo charm's handlers: the lifecycle of a MySQL InnoDB Cluster over the
 * `cluster` peer relation, and databases served to client applications over
 * `database` (mysql_client), written against the generated bindings. The
 * MySQL side is pretend (users, databases and cluster membership are only
 * recorded), the relation protocol is real.
 */
import { mysqlInnodbClusterPeers } from "../../../generated/mysql-innodb-cluster/index.js";
import { mysqlClientProvider } from "../../../generated/mysql_client/index.js";
import { defineCharm, SecretReadError, type Hook } from "../../../src/runtime/index.js";
import { addressName, clientEndpoints, clusteredKey, newPassword } from "./cluster.js";
import { actions } from "../generated/actions.js";

export const cluster = mysqlInnodbClusterPeers("cluster");
export const database = mysqlClientProvider("database");

/** The charm's own flag, one per peer whose cluster user exists. */
type UserCreated = `demo.cluster-user.${string}`;
export const charm = defineCharm({ endpoints: [cluster, database], flags: [] as UserCreated[], actions });

export const CLUSTER_USER = "clusteruser";
/** The leader setting where the Python charm keeps the cluster password. */
const LEGACY_PASSWORD = "cluster-password";

/**
 * Connected: publish how peers reach us, with the cluster's password.
 *
 * The password lives in the peer relation's application bag, which the leader
 * writes through `relation-set --app --file -` and every unit can read: the
 * Python charm keeps it in the leader setting `cluster-password`, but
 * `leader-set` only takes values on its command line, where any process on the
 * machine can read them. A model upgraded from the Python charm has it only in
 * that setting: our units read it there too, so that they join the cluster the
 * Python units formed, and our leader copies it into the application bag once
 * (same value; the setting stays for the Python units that still read it).
 *
 * The original gates publishing on "not available", which deadlocks when a new
 * unit sees two complete peers before it has the password (Juju allows that
 * order): it becomes available and never publishes. Publishing whenever
 * connected is free here, because unchanged bytes are never written again.
 */
charm.when(cluster.flags.connected).do(async function publishConnectionInfo(hook: Hook) {
  let password = cluster.relations[0]?.app.received.clusterPassword;
  if (!password && (await hook.isLeader())) {
    password = (await hook.leaderGet())[LEGACY_PASSWORD] ?? newPassword();
    cluster.publishApp({ clusterPassword: password });
  }
  password ??= (await hook.leaderGet())[LEGACY_PASSWORD];
  if (!password) return; // the leader's write wakes us with a relation-changed
  cluster.setClusterConnectionInfo(await hook.networkAddress("cluster"), CLUSTER_USER, password);
});

/**
 * Available: create a cluster user for every peer (recorded only, one flag
 * each), drop those of peers that are gone, then say we are ready.
 */
charm.when(cluster.flags.available).do(function createClusterUsers(hook: Hook) {
  const wanted = new Set<UserCreated>();
  for (const unit of cluster.allJoinedUnits) {
    const address = unit.received.clusterAddress;
    if (address !== undefined) wanted.add(`demo.cluster-user.${addressName(address)}`);
  }
  for (const flag of hook.allFlags()) if (flag.startsWith("demo.cluster-user.") && !wanted.has(flag as UserCreated)) charm.clearFlag(flag as UserCreated);
  for (const flag of wanted) charm.setFlag(flag);
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

/** Every unit the leader admitted says so to its peers (once said, there is nothing to check). */
charm.when(cluster.flags.connected).do(async function markClustered(hook: Hook) {
  if (cluster.relations[0]?.local.unit.has("unitClustered")) return;
  const settings = await hook.leaderGet();
  if (settings[clusteredKey(await hook.networkAddress("cluster"))]) cluster.setUnitClustered();
});

/**
 * Clients: once the cluster is clustered, the leader answers every relation
 * whose client asked for a database, in that relation's application bag: the
 * database and its user (created: pretend, recorded in the log), a password
 * made once per relation, and the endpoints of every clustered unit, kept
 * current as units come and go. A client that asks for its credentials as
 * secrets (`requested-secrets`) gets them in a Juju secret (`secret-user`)
 * on Juju 3, as the data platform charms answer; on Juju 2.9, which has no
 * secrets for relations, and to other clients, in plain keys.
 */
charm.when(cluster.flags.clustered, database.flags.available).do(async function serveDatabases(hook: Hook) {
  if (!(await hook.isLeader())) return;
  const endpoints = clientEndpoints(await hook.networkAddress("cluster"), await hook.leaderGet(), cluster.allJoinedUnits);
  for (const relation of database.relations) {
    const asked = relation.app.received.database;
    if (!database.isAvailable(relation) || asked === undefined) continue;
    const username = `relation-${relation.id.slice(relation.id.lastIndexOf(":") + 1)}`;
    const wanted = relation.app.received.requestedSecrets ?? [];
    const asSecret = secretsSupported(hook.info.jujuVersion) && (wanted.includes("username") || wanted.includes("password"));
    // Answered already, as it would be answered now: nothing to read (the password) or write.
    const given = relation.local.app;
    if (given?.received.database === asked && given.received.endpoints === endpoints) {
      if (asSecret ? given.received.secretUser !== undefined && !given.has("password") : given.received.username === username && given.has("password")) continue;
    }
    const password = (await publishedPassword(relation)) ?? newPassword();
    if (!given?.received.database) await hook.log(`created database ${asked} and user ${username} for ${relation.application} (pretend)`);
    if (asSecret) {
      relation.publishSecret("secretUser", { username, password });
      relation.publishApp({ database: asked, endpoints, username: "", password: "" });
    } else {
      relation.publishApp({ database: asked, username, password, endpoints });
    }
  }
});

/** Secrets between applications arrived with Juju 3.0. */
function secretsSupported(jujuVersion: string): boolean {
  return Number(jujuVersion.split(".")[0]) >= 3;
}

/** The password this application already gave a relation: in its plain key, or in its secret. */
async function publishedPassword(relation: (typeof database.relations)[number]): Promise<string | undefined> {
  const given = relation.local.app;
  if (!given) return undefined;
  if (given.received.password) return given.received.password;
  if (!given.received.secretUser) return undefined;
  try {
    return (await given.secret("secretUser")).password;
  } catch (e) {
    if (e instanceof SecretReadError) return undefined; // gone: a new one is made
    throw e;
  }
}

/** The workload status, from the interface flags. */
charm.when().do(async function reportStatus(hook: Hook) {
  if (hook.info.hookName === "remove") return;
  if (!charm.isSet(cluster.flags.connected)) await hook.status("blocked", "'cluster' missing");
  else if (!charm.isSet(cluster.flags.available)) await hook.status("waiting", "'cluster' incomplete");
  else if (charm.isSet(cluster.flags.clustered)) await hook.status("active", "Unit is ready and clustered");
  else await hook.status("active", "Unit is ready");
});

/**
 * `juju run mysql/0 get-cluster-status [include-peers=true]`: this unit's view
 * of the cluster, from its flags and the peer bags. Its results never hold the
 * cluster password (the runtime would refuse a result holding it anyway).
 */
charm.action("get-cluster-status", async (hook, params) => {
  await hook.progress("reading the cluster peers");
  const state = charm.isSet(cluster.flags.clustered)
    ? "clustered"
    : charm.isSet(cluster.flags.available)
      ? "ready"
      : charm.isSet(cluster.flags.connected)
        ? "connected"
        : "not-connected";
  const peers = cluster.allJoinedUnits;
  const clustered = peers.filter((unit) => unit.has("unitClustered")).map((unit) => unit.name);
  return {
    "unit-state": state,
    "is-leader": await hook.isLeader(),
    peers: peers.length,
    "clustered-peers": clustered.length,
    ...(params["include-peers"] ? { "peer-units": { all: peers.map((u) => u.name).join(","), clustered: clustered.join(",") } } : {}),
  };
});
