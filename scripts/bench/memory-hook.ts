/**
 * A hook program for the cold-start benchmark: the demo charm, run once on a
 * backend that replays recorded answers (RELGEN_FIXTURE), bundled like the
 * real charm. It measures what a hook costs to start, not the hook tools.
 */
import { readFileSync } from "node:fs";
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { MemoryStateStore } from "../../src/runtime/index.js";
import { parseState } from "../../src/runtime/state.js";
import { replaying, type Recording } from "./replay-backend.js";

const fixture = JSON.parse(readFileSync(process.env["RELGEN_FIXTURE"]!, "utf8")) as { answers: Recording; env: NodeJS.ProcessEnv; state?: string };
const state = new MemoryStateStore();
if (fixture.state) state.save(parseState(JSON.parse(fixture.state), "the fixture's state"));
// RELGEN_BENCH_LOAD_ONLY: load everything, run nothing (the bench's "loading the bundle" step).
if (!process.env["RELGEN_BENCH_LOAD_ONLY"]) void charm.run({ backend: replaying(fixture.answers), env: fixture.env, state }).then((result) => {
  if (!result.ok) {
    process.stderr.write(`${result.error}\n`);
    process.exitCode = 1;
  }
});
