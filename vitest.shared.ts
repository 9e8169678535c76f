import { defineConfig } from "vitest/config";

/** Shared test settings: every package reports to reports/vitest.json so CI can add up the counts. */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "reports/vitest.json" }]],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
