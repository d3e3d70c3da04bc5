/**
 * The demo client: a web application that asks a MySQL server for the
 * database "webapp" over `database` (mysql_client) and reports, as its
 * workload status, whether the server's answer is there and valid.
 */
import { mysqlClientRequirer } from "../../../generated/mysql_client/index.js";
import { defineCharm, type Hook } from "../../../src/runtime/index.js";

export const database = mysqlClientRequirer("database");
export const charm = defineCharm({ endpoints: [database] });

export const DATABASE = "webapp";

/** The leader asks for the database on every relation (unchanged bytes are never written again). */
charm.when(database.flags.connected).do(async function askForDatabase(hook: Hook) {
  if (await hook.isLeader()) database.publishApp({ database: DATABASE, requestedSecrets: [] });
});

/**
 * The status: active with the endpoints once an answer is valid; waiting while
 * it is pending or invalid (saying which key is wrong); blocked without a
 * relation, saying what to do.
 */
charm.when().do(async function reportStatus(hook: Hook) {
  if (hook.info.hookName === "remove") return;
  const relation = database.relations[0];
  if (!relation) {
    await hook.status("blocked", "needs a database: juju integrate webapp:database <mysql>:database");
    return;
  }
  if (database.isAvailable(relation)) {
    await hook.status("active", `Connected to ${relation.app.received.endpoints}`);
    return;
  }
  const issue = relation.app.issues[0];
  const answered = Object.keys(relation.app.raw).length > 0;
  await hook.status("waiting", answered && issue ? `the database's answer is not valid: ${issue.key} ${issue.message}` : `waiting for ${relation.application} to create the database`);
});
