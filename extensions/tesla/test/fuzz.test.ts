/**
 * Every Tesla command with inputs generated from its JSON Schema, against the fake Fleet API, on both
 * databases: never INTERNAL, never a hang, a bounded number of Fleet API requests per call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { fakeVehicle } from "./fake-fleet-api.js";
import { MODEL_3, MODEL_Y, startTeslaHarness, type TeslaHarness } from "./harness.js";

describe.each(DATABASES)("fuzzing the Tesla commands on %s", (dialect) => {
  let database: TestDatabase;
  let h: TeslaHarness;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startTeslaHarness({ databaseUrl: database.url });
    await h.connect();
  });

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it("answers every generated input with a result or a clear error", async () => {
    // One car asleep so the wake path runs too; it wakes after one state check each time.
    h.setVehicles([fakeVehicle(MODEL_3), fakeVehicle({ ...MODEL_Y, state: "asleep", pollsToWake: 1 })]);
    const report = await fuzzCommands({
      host: h.host,
      runs: 6,
      requestCount: () => h.requestCount(),
      // Names the fake knows, so some calls reach a vehicle instead of stopping at NOT_FOUND.
      values: { vehicle_tag: [MODEL_3.vin, MODEL_3.display_name, String(MODEL_Y.id), MODEL_Y.display_name, "no such car"] },
    });
    expect(report.failures).toEqual([]);
    expect(report.outcomes.ok ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
