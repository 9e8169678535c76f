import { defineConfig } from "vitest/config";

/** Shared test settings: every package reports to reports/vitest.json so CI can add up the counts. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    // A guard against hangs, not a speed check: several tests start agx processes, which a loaded CI machine slows.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
