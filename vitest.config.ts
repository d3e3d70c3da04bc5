import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A private TMPDIR for the run; fails the run if a test leaves anything in it.
    globalSetup: ["test/support/temp-guard.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Both cores: most files wait on child processes (hooks, npm, tsc) as much as they compute.
    maxWorkers: 2,
    // The JSON report gives .ci/run its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-output/vitest.json" }]],
  },
});
