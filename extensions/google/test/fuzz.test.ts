/**
 * Every Google command with inputs generated from its JSON Schema, against the fake Google APIs, on both
 * databases: never INTERNAL, never a hang, a bounded number of provider requests per call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, createTestDatabase, type TestDatabase } from "@agx-ext/testing/database";
import { fuzzCommands } from "@agx-ext/testing/fuzz";
import { CUSTOMER_ID } from "./fakes/ads.js";
import { startGoogleHarness, type GoogleHarness } from "./harness.js";

describe.each(DATABASES)("fuzzing the Google commands on %s", (dialect) => {
  let database: TestDatabase;
  let h: GoogleHarness;
  let messageId = "";

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startGoogleHarness({}, database.url);
    await h.connect("alice");
    // Something to list, read and reply to.
    messageId = h.gmail.seed({ from: "Ana <ana@example.test>", to: "alice@example.test", subject: "Hello", text: "Hi there" });
  });

  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it("answers every generated input with a result or a clear error", async () => {
    const report = await fuzzCommands({
      host: h.host,
      runs: 5,
      requestCount: () => h.requestCount(),
      // Ids the fakes know, so some calls get past NOT_FOUND.
      values: {
        message_id: [messageId, "nope"],
        customer_id: [CUSTOMER_ID, "123-456-7890"],
        campaign_id: ["111"],
        ad_group_id: ["222"],
        property_id: ["123456", "properties/777", "999"],
        account_id: ["6000001"],
        container_id: ["9000001"],
        workspace_id: ["5"],
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.outcomes.ok ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
