import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The JSON report gives .ci/run its "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: ".test-output/vitest.json" }]],
  },
});
