import { defineConfig } from "vitest/config";
import LongestFirst from "./test/support/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A private TMPDIR for the run; fails the run if a test leaves anything in it.
    globalSetup: ["test/support/temp-guard.ts"],
    // Cleanups that shared support modules queue, run after each test and each file (test/support/temp.ts).
    setupFiles: ["test/support/per-file.ts"],
    // Safety nets, not measures (no test may fail because the machine is slow): ten times a slow test on a loaded machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
    // A worker's files share its modules: each file no longer loads the runtime, the generator and
    // ts-morph anew (about a quarter of the run). Support modules therefore register no hooks of
    // their own (per-file.ts runs their cleanups), and no test file may mock a module.
    isolate: false,
    // Both cores: most files wait on child processes (hooks, npm, tsc) as much as they compute.
    maxWorkers: 2,
    // The longest files start first, so that no worker idles at the end (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    // The JSON report gives .ci/run its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-output/vitest.json" }]],
  },
});
