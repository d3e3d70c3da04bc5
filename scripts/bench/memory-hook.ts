/**
 * A hook program for the cold-start benchmark: the demo charm, run once on a
 * backend that replays recorded answers (RELGEN_FIXTURE), bundled like the
 * real charm. It measures what a hook costs to start, not the hook tools.
 */
import { readFileSync } from "node:fs";
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { MemoryStateStore } from "../../src/runtime/index.js";
import { replaying, type Recording } from "./replay-backend.js";

const fixture = JSON.parse(readFileSync(process.env["RELGEN_FIXTURE"]!, "utf8")) as { answers: Recording; env: NodeJS.ProcessEnv };
const result = await charm.run({ backend: replaying(fixture.answers), env: fixture.env, state: new MemoryStateStore() });
if (!result.ok) {
  process.stderr.write(`${result.error}\n`);
  process.exitCode = 1;
}
