import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

/** Every command with generated inputs, on each database: a result or a clear error, few requests, no hang. */
describe.each(DATABASES)("garmin commands fuzzed on %s", (dialect) => {
  let database: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startHarness({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it("answers every generated input with a result or a clear error", async () => {
    const report = await fuzzCommands({ host: h.host, runs: 15, requestCount: () => h.garmin.provider.requests.length });
    expect(report.failures).toEqual([]);
    expect(report.outcomes.ok).toBeGreaterThan(0);
  });
});
