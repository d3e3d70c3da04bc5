/**
 * A hook program for the cold-start benchmark: the demo charm, run once on a
 * MemoryBackend loaded from a fixture file (RELGEN_FIXTURE), bundled like the
 * real charm. It measures what a hook costs to start, not the hook tools.
 */
import { readFileSync } from "node:fs";
import { charm } from "../../examples/mysql-innodb-cluster/src/charm.js";
import { MemoryBackend, MemoryModel, MemoryStateStore } from "../../src/runtime/index.js";

const fixture = JSON.parse(readFileSync(process.env["RELGEN_FIXTURE"]!, "utf8")) as {
  model: ConstructorParameters<typeof MemoryModel>[0];
  unit: string;
  relationId: string;
  env: NodeJS.ProcessEnv;
};
const backend = new MemoryBackend(new MemoryModel(fixture.model), fixture.unit, { relationId: fixture.relationId });
const result = await charm.run({ backend, env: fixture.env, state: new MemoryStateStore() });
if (!result.ok) {
  process.stderr.write(`${result.error}\n`);
  process.exitCode = 1;
}
