import { runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleHarness, type GoogleHarness } from "./harness.js";

const TRIGGER = "google/Calendar Event Changed";
const EVENTS = "/calendar/v3/calendars/primary/events";

describe.each(DATABASES)("the Calendar Event Changed trigger on %s", (dialect) => {
  let database: TestDatabase;
  let g: GoogleHarness;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    g = await startGoogleHarness({}, database.url);
    await g.connect("alice", ["calendar"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    await database?.drop();
  });

  it("syncs once, then reports created, updated and cancelled events through the sync token; an expired token syncs afresh", async () => {
    const standup = g.calendar.add({ summary: "Standup", start: { dateTime: "2026-11-25T09:00:00Z" }, end: { dateTime: "2026-11-25T09:15:00Z" } });
    const first = await runPollTrigger(g.host, TRIGGER);
    expect(first.events).toEqual([]);
    expect(first.cursor).toEqual({ syncToken: expect.stringMatching(/^sync-/) });

    const lunch = g.calendar.add({ summary: "Lunch", start: { dateTime: "2026-11-25T12:00:00Z" }, end: { dateTime: "2026-11-25T13:00:00Z" } });
    await g.run("Google - Remove Calendar Item", { item_id: standup.id }, "alice");
    const second = await runPollTrigger(g.host, TRIGGER, { cursor: first.cursor });
    const asked = g.calendar.provider.requestsTo(EVENTS).at(-1)!.query;
    expect(asked.get("syncToken")).toBe((first.cursor as { syncToken: string }).syncToken);
    expect(asked.has("timeMin")).toBe(false);
    expect(second.events.map((e) => e.data)).toEqual([
      { event_id: lunch.id, status: "confirmed", summary: "Lunch", start: "2026-11-25T12:00:00Z", end: "2026-11-25T13:00:00Z", updated: null },
      { event_id: standup.id, status: "cancelled", summary: null, start: null, end: null, updated: null },
    ]);
    expect((await runPollTrigger(g.host, TRIGGER, { cursor: second.cursor })).events).toEqual([]);

    g.calendar.syncTokensValidFrom = Number.MAX_SAFE_INTEGER;
    const expired = await runPollTrigger(g.host, TRIGGER, { cursor: second.cursor });
    expect(expired.events).toEqual([]);
    g.calendar.syncTokensValidFrom = 0;
  });
});
