/**
 * The proof that the read cache changes no outcome (docs/read-cache.md): the
 * interleaving explorer (test/support/explore.ts) takes every order of hooks
 * Juju allows, once with units that read only what Juju says changed (the
 * read cache) and once with units that read every bag in every hook
 * (RELGEN_READ=all), and the terminal states (no hook can run) of the two
 * are the same set: every bag, application bag, leader setting, status,
 * secret and each unit's flags and digests, all but the cache itself.
 *
 * `npm test` compares the demo cluster from 2 units, then a 3rd added in
 * every quiet state, in full, in test/juju/interleavings.test.ts (whose
 * exploration of it, with the cache, is the one half). `npm run explore`
 * (RELGEN_EXPLORE=full) runs both halves here, the cluster (3 units,
 * settled) with a client related, every order of what follows, in full
 * (about 35 s), and 3 units, then a 4th, in full (about 3 minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cluster, clusterThenClient, fixPasswords, outcomes, READ_ALL } from "../support/demo-explorer.js";
import type { Explorer } from "../support/explore.js";

const FULL = process.env.RELGEN_EXPLORE === "full";

// The passwords are the charms' only randomness: fixed, so that the two runs' outcomes compare equal.
let restoreRandom: (() => void) | undefined;
beforeAll(() => void (restoreRandom = fixPasswords()));
afterAll(() => restoreRandom?.());

async function compare(label: string, make: (env?: typeof READ_ALL) => Explorer | Promise<Explorer>, then?: (x: Explorer) => void): Promise<void> {
  const cached = await outcomes(await make(), then);
  const everything = await outcomes(await make(READ_ALL), then);
  console.log(
    `read cache proof: ${label}: with the cache ${cached.states} states, ${cached.terminals} terminal, ${cached.outcomes.size} distinct outcomes; ` +
      `reading everything ${everything.states} states, ${everything.terminals} terminal, ${everything.outcomes.size} distinct outcomes`,
  );
  expect(cached.failures).toBe(0);
  expect(everything.failures).toBe(0);
  expect(cached.outcomes.size).toBeGreaterThan(0);
  expect([...cached.outcomes].sort()).toEqual([...everything.outcomes].sort());
}

describe("the read cache changes no outcome: every order of hooks ends where reading everything ends", () => {
  it.runIf(FULL)("the demo cluster: 2 units, then a 3rd from every quiet state (npm test compares it in test/juju/interleavings.test.ts)", async () => {
    await compare("2 units + 1", (env) => cluster(2, undefined, env), (x) => x.h.addUnits("mysql", 1));
  }, 600_000);

  it.runIf(FULL)("the cluster with a client: 3 units settled, then the webapp related, every order of what follows (RELGEN_EXPLORE=full)", async () => {
    await compare("3 units settled + webapp", (env) => clusterThenClient(3, 1, env));
  }, 600_000);

  it.runIf(FULL)("the demo cluster: 3 units, then a 4th from every quiet state (RELGEN_EXPLORE=full)", async () => {
    await compare("3 units + 1", (env) => cluster(3, undefined, env), (x) => x.h.addUnits("mysql", 1));
  }, 3_600_000);
});
