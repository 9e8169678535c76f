import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedHealthData } from "./fixtures.js";
import { startFitbitHarness, type FitbitHarness } from "./harness.js";

/** Every command with generated inputs, on each database: a result or a clear error, few requests, no hang. */
describe.each(DATABASES)("fitbit commands fuzzed on %s", (dialect) => {
  let database: TestDatabase;
  let h: FitbitHarness;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startFitbitHarness({}, { databaseUrl: database.url });
    seedHealthData(h.api.data);
    await h.connect("alice");
  });

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it("answers every generated input with a result or a clear error", async () => {
    const report = await fuzzCommands({ host: h.host, runs: 15, requestCount: () => h.api.provider.requests.length });
    expect(report.failures).toEqual([]);
    expect(report.outcomes.ok).toBeGreaterThan(0);
  });
});
