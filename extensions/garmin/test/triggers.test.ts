import { postWebhook, runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { night, NOW } from "./fixtures.js";
import { startHarness, type Harness } from "./harness.js";

const SLEEP = "garmin/Sleep Uploaded";
const READY = "garmin/Garmin Data Ready";
const TOKEN = "garmin-hook-token-0123456789";
const nowSeconds = NOW.getTime() / 1000;

describe.each(DATABASES)("Garmin triggers on %s", (dialect) => {
  let database: TestDatabase;
  let h: Harness;
  let now = NOW;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    h = await startHarness({ settings: { GARMIN_WEBHOOK_TOKEN: TOKEN }, clock: () => now, databaseUrl: database.url });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });

  it("Sleep Uploaded: starts from now, then reports each sleep summary uploaded since, with the Garmin id", async () => {
    now = NOW;
    const first = await runPollTrigger(h.host, SLEEP);
    expect(first).toEqual({ events: [], cursor: { uploadedUntil: nowSeconds, account: h.garmin.userId }, account: h.garmin.userId });
    const tonight = { ...night, summaryId: "x4f2a91-sleep-next", calendarDate: "2026-11-25", overallSleepScore: { value: 77, qualifierKey: "FAIR" } };
    h.garmin.upload("sleeps", tonight, nowSeconds + 600);
    now = new Date(NOW.getTime() + 20 * 60_000);
    const second = await runPollTrigger(h.host, SLEEP, { cursor: first.cursor });
    expect(second.events.map((e) => e.data)).toEqual([
      { summary_id: "x4f2a91-sleep-next", calendar_date: "2026-11-25", duration_seconds: night.durationInSeconds, score: 77 },
    ]);
    expect(h.garmin.windowsRequested("sleeps").at(-1)).toEqual([nowSeconds, nowSeconds + 1200]);
    expect((await runPollTrigger(h.host, SLEEP, { cursor: second.cursor })).events).toEqual([]);
  });

  it("Garmin Data Ready: ping and push notifications reach the user whose Garmin id a poll reported, once, without the access token", async () => {
    const events = h.host.services.events;
    await events.subscriptions.add("alice", { trigger: READY, deliver: { mcp: true } });
    await events.subscriptions.add("alice", { trigger: SLEEP, deliver: { mcp: true } });
    await events.polls.pollDue(); // learns alice's Garmin id
    const uploads = [{ summary: night, uploadedAt: nowSeconds - 3_600 }];
    const ping = h.garmin.notification("ping", "sleeps", uploads);
    const push = h.garmin.notification("push", "sleeps", uploads, "legacy-user-access-token");
    const post = (body: unknown) => postWebhook(h.host, READY, { query: { token: TOKEN }, body });
    expect(await post(ping)).toEqual({ status: 200, body: { ok: true, accepted: 1, duplicates: 0, unmatched: 0 } });
    expect(await post(ping)).toEqual({ status: 200, body: { ok: true, accepted: 0, duplicates: 1, unmatched: 0 } }); // Garmin's retry
    expect(await post(push)).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(await post({ ...push, deregistrations: [{ userId: h.garmin.userId }], epochs: [] })).toMatchObject({
      status: 200,
      body: { accepted: 0, duplicates: 1 },
    });
    const recorded = (await events.feed.after(undefined, { userId: "alice" })).filter((e) => e.trigger === READY);
    expect(recorded.map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { summary_type: "sleeps", mode: "ping", summary_id: null, calendar_date: null, upload_start: nowSeconds - 3_600, upload_end: nowSeconds - 3_599 },
      { summary_type: "sleeps", mode: "push", summary_id: night.summaryId, calendar_date: night.calendarDate, upload_start: null, upload_end: null },
    ]);
    expect(JSON.stringify(recorded)).not.toContain("legacy-user-access-token");
  });

  it("hostile notifications: a missing or wrong token is 401, a body that is not a notification 400, an unknown user unmatched", async () => {
    const body = h.garmin.notification("ping", "dailies", [{ summary: { summaryId: "d1" }, uploadedAt: nowSeconds }]);
    expect((await postWebhook(h.host, READY, { body })).status).toBe(401);
    expect((await postWebhook(h.host, READY, { query: { token: "wrong-token-0123456789" }, body })).status).toBe(401);
    expect((await postWebhook(h.host, READY, { query: { token: TOKEN }, body: { dailies: "lots" } })).status).toBe(400);
    expect((await postWebhook(h.host, READY, { query: { token: TOKEN }, body: "not json" })).status).toBe(400);
    const stranger = { dailies: [{ ...(body.dailies![0] as object), userId: "someone-else" }] };
    expect(await postWebhook(h.host, READY, { query: { token: TOKEN }, body: stranger })).toMatchObject({ status: 200, body: { accepted: 0, unmatched: 1 } });
  });
});
