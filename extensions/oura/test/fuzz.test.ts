import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOuraData } from "./fixtures.js";
import { startOuraHarness, type OuraHarness } from "./harness.js";

/** Every command with generated inputs, on each database: a result or a clear error, few requests, no hang. */
describe.each(DATABASES)("oura commands fuzzed on %s", (dialect) => {
  let database: TestDatabase;
  let h: OuraHarness;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startOuraHarness({}, { databaseUrl: database.url });
    seedOuraData(h.api);
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
