/**
 * Every Roomba command with inputs generated from its JSON Schema, against the fake robot, on both
 * databases: never INTERNAL, never a hang, one robot session and at most one message per call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { startRobotHost, type RobotHost } from "./harness.js";

describe.each(DATABASES)("fuzzing the Roomba commands on %s", (dialect) => {
  let database: TestDatabase;
  let r: RobotHost;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    r = await startRobotHost({ databaseUrl: database.url });
  });

  afterAll(async () => {
    await r?.close();
    await database?.drop();
  });

  it("answers every generated input with a result or a clear error", async () => {
    const report = await fuzzCommands({
      host: r.host,
      runs: 6,
      // A call is one login to the robot plus the messages it sends.
      requestCount: () => r.robot.logins.length + r.robot.received.length,
      maxRequestsPerCall: 2,
    });
    expect(report.failures).toEqual([]);
    expect(report.outcomes.ok ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
