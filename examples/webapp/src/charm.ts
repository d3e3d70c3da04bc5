/**
 * The demo client: a web application that asks a MySQL server for the
 * database "webapp" over `database` (mysql_client) and reports, as its
 * workload status, whether the server's answer is there and valid.
 */
import { mysqlClientRequirer } from "../../../generated/mysql_client/index.js";
import { defineCharm, SecretReadError, type Hook } from "../../../src/runtime/index.js";

export const database = mysqlClientRequirer("database");
export const charm = defineCharm({ endpoints: [database] });

export const DATABASE = "webapp";

/**
 * The leader asks for the database on every relation, with its credentials as
 * a Juju secret (unchanged bytes are never written again).
 */
charm.when(database.flags.connected).do(async function askForDatabase(hook: Hook) {
  if (await hook.isLeader()) database.publishApp({ database: DATABASE, requestedSecrets: ["username", "password"] });
});

/**
 * The credentials of a relation: from the secret the server points to, or
 * from the plain keys of a server that uses no secrets (Juju 2.9); null while
 * there are none. They would go to the web server's configuration; never to
 * a log. Throws SecretReadError when the secret cannot be read or does not fit
 * its schema.
 */
async function credentials(relation: (typeof database.relations)[number]): Promise<{ username: string; password: string } | null> {
  const answer = relation.app.received;
  if (answer.secretUser !== undefined) return relation.app.secret("secretUser");
  if (answer.username !== undefined && answer.password !== undefined) return { username: answer.username, password: answer.password };
  return null;
}

/**
 * The status: active with the endpoints once an answer is valid; waiting while
 * it is pending, invalid (saying which key is wrong) or its secret cannot be
 * read (saying why, and logging which key of which relation); blocked without
 * a relation, saying what to do.
 */
charm.when().do(async function reportStatus(hook: Hook) {
  if (hook.info.hookName === "remove") return;
  const relation = database.relations[0];
  if (!relation) {
    await hook.status("blocked", "needs a database: juju integrate webapp:database <mysql>:database");
    return;
  }
  try {
    await credentials(relation);
  } catch (e) {
    if (!(e instanceof SecretReadError)) throw e;
    await hook.log(e.message, "WARNING");
    await hook.status("waiting", `the database's credentials cannot be read: ${e.reason}`);
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
