// The load section of `npm run bench`: a mysql-innodb-cluster peers cluster of
// the demo charm deployed at once and run until quiet,
//   - in the simulator at 10, 20 and 30 units, hooks of up to `jobs` units at a
//     time (one per core), beside as many `node -e 0` as it ran hooks
//     (targets: 30 s, 100 s and 220 s: the n(n-1) peer hooks, each of a cost that does not grow with n);
//   - in the harness at 100 units, beside the harness at 10 (target: 30 s).
// A run counts only when every unit ends clustered and no hook is failing.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { attempt, makeRow, median, nodeE0 } from "./measure.mjs";

/** Units, repetitions and target (s) of each simulator run. */
export const SIM_RUNS = [
  { units: 10, runs: 3, target: 30 },
  { units: 20, runs: 2, target: 100 },
  { units: 30, runs: 1, target: 220 },
];

/** The harness run: units, target (s), and the smaller run it is compared with. */
export const HARNESS = { units: 100, target: 30, baselineUnits: 10, baselineRuns: 3 };

export async function run({ root, dist, add }) {
  const section = "load";
  const { Simulator } = await dist("src/sim/index.js");
  const { Harness } = await dist("src/testing/harness.js");
  const { charm } = await dist("examples/mysql-innodb-cluster/src/charm.js");
  const charmDir = join(root, "build", "charms", "mysql-innodb-cluster");
  const jobs = availableParallelism();
  const clustered = (engine, n) => {
    const units = engine.units("mysql");
    const missing = units.filter((u) => !engine.flags(u).includes("cluster.clustered"));
    const failures = engine.failures();
    if (units.length !== n || missing.length > 0 || failures.length > 0) {
      throw new Error(`${n} units did not converge: ${units.length} units, not clustered: ${missing.slice(0, 5).join(", ")}; failing: ${failures.map((f) => `${f.unit} ${f.hook}`).slice(0, 5).join(", ")}`);
    }
  };

  for (const { units, runs, target } of SIM_RUNS) {
    await attempt(add, section, `sim: ${units} units, --jobs ${jobs}`, async () => {
      const seconds = [];
      const hooks = [];
      const baseline = [];
      let calls = 0;
      for (let i = 0; i < runs; i++) {
        baseline.push(...nodeE0(5));
        const t0 = performance.now();
        const sim = await Simulator.create({ charmDir, app: "mysql", seed: i + 1 });
        try {
          sim.addUnits(units);
          const { hooksRun } = await sim.runUntilQuiet({ jobs, maxHooks: 200_000 });
          clustered(sim, units);
          hooks.push(hooksRun);
          calls += sim.hooks.reduce((a, r) => a + r.trace.length, 0) / sim.hooks.length / runs;
        } finally {
          await sim.close();
        }
        seconds.push((performance.now() - t0) / 1000);
      }
      const h = Math.round(median(hooks));
      add(
        makeRow({
          section,
          name: `sim: ${units} units, --jobs ${jobs}`,
          unit: "s",
          samples: seconds,
          baseline: { name: `${h} x node -e 0`, samples: baseline.map((ms) => (ms * h) / 1000), unit: "s" },
          target: { on: "median", op: "<", limit: target },
          detail: `mysql peers cluster deployed at once, until quiet and clustered; hooks per run: ${hooks.join(", ")}, ${calls.toFixed(1)} tool calls a hook; baseline: as many node -e 0 one after another`,
        }),
      );
    });
  }

  const harnessRun = async (units) => {
    const t0 = performance.now();
    const h = new Harness({ app: "mysql", peer: "cluster", run: (o) => charm.run(o) });
    h.addUnits(units);
    const records = await h.settle({ maxHooks: 1_000_000 });
    clustered(h, units);
    return { s: (performance.now() - t0) / 1000, hooks: records.length, calls: records.reduce((a, r) => a + r.trace.length, 0) / records.length };
  };
  await attempt(add, section, `harness: ${HARNESS.units} units`, async () => {
    const small = [];
    for (let i = 0; i < HARNESS.baselineRuns; i++) small.push((await harnessRun(HARNESS.baselineUnits)).s);
    const big = await harnessRun(HARNESS.units);
    add(
      makeRow({
        section,
        name: `harness: ${HARNESS.units} units`,
        unit: "s",
        samples: [big.s],
        baseline: { name: `harness, ${HARNESS.baselineUnits} units`, samples: small, unit: "s" },
        target: { on: "median", op: "<", limit: HARNESS.target },
        detail: `mysql peers cluster in process, until quiet and clustered: ${big.hooks} hooks, ${big.calls.toFixed(1)} tool calls a hook, ${((big.s * 1000) / big.hooks).toFixed(2)} ms a hook`,
      }),
    );
  });
}
