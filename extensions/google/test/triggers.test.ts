import { runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleHarness, type GoogleHarness } from "./harness.js";

const NEW_EMAIL = "google/New Email";
const HISTORY = "/gmail/v1/users/me/history";

describe.each(DATABASES)("the New Email trigger on %s", (dialect) => {
  let database: TestDatabase;
  let g: GoogleHarness;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    g = await startGoogleHarness({}, database.url);
    await g.connect("alice", ["gmail"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    await database?.drop();
  });

  it("starts at the mailbox's history id, then reports each inbox message added since, once", async () => {
    g.gmail.seed({ from: "old@example.test", to: "me@example.test", subject: "Before", text: "already here" });
    const first = await runPollTrigger(g.host, NEW_EMAIL);
    expect(first).toEqual({ events: [], cursor: { historyId: String(g.gmail.historyId) } });
    const id = g.gmail.seed({ from: "Ann <ann@example.test>", to: "me@example.test", subject: "Lunch?", text: "at noon", receivedAt: "2026-11-24T09:30:00Z" });
    g.gmail.seed({ from: "me@example.test", to: "bob@example.test", subject: "Sent", text: "out", labelIds: ["SENT"] });
    const second = await runPollTrigger(g.host, NEW_EMAIL, { cursor: first.cursor });
    expect(second.events).toEqual([
      {
        id,
        data: {
          message_id: id,
          thread_id: id,
          from: "Ann <ann@example.test>",
          subject: "Lunch?",
          snippet: "at noon",
          received_at: "2026-11-24T09:30:00.000Z",
          labels: ["INBOX", "UNREAD"],
        },
      },
    ]);
    expect(second.cursor).toEqual({ historyId: String(g.gmail.historyId) });
    const asked = g.gmail.provider.requestsTo(HISTORY).at(-1)!.query;
    expect([asked.get("startHistoryId"), asked.get("historyTypes"), asked.get("labelId")]).toEqual([
      (first.cursor as { historyId: string }).historyId,
      "messageAdded",
      "INBOX",
    ]);
    expect((await runPollTrigger(g.host, NEW_EMAIL, { cursor: second.cursor })).events).toEqual([]);
  });

  it("follows history pages, and starts again from the current id when Gmail no longer has the stored one (404)", async () => {
    const start = await runPollTrigger(g.host, NEW_EMAIL);
    g.gmail.pageCap = 1;
    const ids = [1, 2, 3].map((n) => g.gmail.seed({ from: "x@example.test", to: "me@example.test", subject: `n${n}`, text: "." }));
    const paged = await runPollTrigger(g.host, NEW_EMAIL, { cursor: start.cursor });
    g.gmail.pageCap = 500;
    expect(paged.events.map((e) => e.id)).toEqual(ids);
    g.gmail.historyKeptFrom = g.gmail.historyId + 1;
    g.gmail.seed({ from: "y@example.test", to: "me@example.test", subject: "lost", text: "." });
    const restarted = await runPollTrigger(g.host, NEW_EMAIL, { cursor: paged.cursor });
    expect(restarted).toEqual({ events: [], cursor: { historyId: String(g.gmail.historyId) } });
  });

  it("hostile Gmail: a history page token that never ends stops at once; a cursor that is not a history id starts over", async () => {
    const start = await runPollTrigger(g.host, NEW_EMAIL);
    const id = g.gmail.seed({ from: "z@example.test", to: "me@example.test", subject: "loop", text: "." });
    const before = g.gmail.provider.requestsTo(HISTORY).length;
    g.gmail.provider.hostile({ path: HISTORY, repeatPageToken: { field: "nextPageToken" } });
    const looped = await runPollTrigger(g.host, NEW_EMAIL, { cursor: start.cursor });
    g.gmail.provider.hostile();
    expect(looped.events.map((e) => e.id)).toEqual([id]);
    expect(g.gmail.provider.requestsTo(HISTORY).length - before).toBeLessThanOrEqual(2);
    await expect(runPollTrigger(g.host, NEW_EMAIL, { cursor: { historyId: "not-a-number" } })).resolves.toMatchObject({ events: [] });
  });
});
