import { postWebhook, runPollTrigger } from "@agx-ext/testing";
import { createTestDatabase, DATABASES, type TestDatabase } from "@agx-ext/testing/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { calendarPushResult } from "../src/calendar/push-channel.js";
import { failure, NOW, startGoogleHarness, type GoogleHarness } from "./harness.js";

const SOON = "google/Event Starting Soon";
const PUSH = "google/Calendar Push";
const EVENTS = "/calendar/v3/calendars/primary/events";
const WATCH = "/calendar/v3/calendars/primary/events/watch";
const STOP = "/calendar/v3/channels/stop";
const TOKEN = "channel-token-0123456789abcdef";
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString().replace(".000", "");
type Cursor = { channel?: { id: string; key: string; expiration: number; resourceId: string }; retryAt?: number };

describe("the Event Starting Soon trigger, polling", () => {
  let g: GoogleHarness;
  let now = NOW;
  beforeAll(async () => {
    g = await startGoogleHarness({}, undefined, { clock: () => now });
    await g.connect("alice", ["calendar"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
  });
  beforeEach(() => {
    now = NOW;
    g.calendar.events.clear();
    g.calendar.timeZone = "UTC";
  });
  const lists = () => g.calendar.provider.requestsTo(EVENTS).length;

  it("reports each event once when it comes within `minutes`, from a cache read again every 15 minutes or when woken", async () => {
    const standup = g.calendar.add({ summary: "Standup", location: "Room 1", start: { dateTime: iso(5) }, end: { dateTime: iso(20) } });
    const review = g.calendar.add({ summary: "Review", start: { dateTime: iso(30) }, end: { dateTime: iso(60) } });
    g.calendar.add({
      summary: "Declined",
      start: { dateTime: iso(3) },
      end: { dateTime: iso(10) },
      attendees: [{ email: "me@example.test", self: true, responseStatus: "declined" }],
    });
    g.calendar.add({ summary: "Running", start: { dateTime: iso(-10) }, end: { dateTime: iso(30) } });

    const before = lists();
    const first = await runPollTrigger(g.host, SOON, { params: { minutes: 10 } });
    expect(first.events).toEqual([
      {
        id: `${standup.id}@${at(5).toISOString()}`,
        data: {
          event_id: standup.id,
          calendar_id: "primary",
          summary: "Standup",
          start: iso(5),
          end: iso(20),
          starts_at: at(5).toISOString(),
          all_day: false,
          minutes_until_start: 5,
          location: "Room 1",
          html_link: null,
        },
      },
    ]);
    expect(first.account).toBeUndefined();
    expect(lists() - before).toBe(1);
    const asked = g.calendar.provider.requestsTo(EVENTS).at(-1)!.query;
    expect(Object.fromEntries(["timeMin", "timeMax", "singleEvents", "orderBy"].map((k) => [k, asked.get(k)]))).toEqual({
      timeMin: at(0).toISOString(),
      timeMax: at(25).toISOString(),
      singleEvents: "true",
      orderBy: "startTime",
    });

    // A minute later: from the cache, no request, nothing repeated; an event added meanwhile waits for a refresh.
    now = at(1);
    const late = g.calendar.add({ summary: "Late add", start: { dateTime: iso(8) }, end: { dateTime: iso(9) } });
    const cached = await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: first.cursor });
    expect(cached.events).toEqual([]);
    expect(lists() - before).toBe(1);

    // Woken (a push notification): read again at once.
    const woken = await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: cached.cursor, woken: true });
    expect(woken.events.map((e) => e.data)).toMatchObject([{ event_id: late.id, minutes_until_start: 7 }]);
    expect(lists() - before).toBe(2);

    // Review moved into the window fires; moved again, it fires for its new time; the same time never twice.
    now = at(3);
    g.calendar.events.set(review.id, { ...review, start: { dateTime: iso(12) }, end: { dateTime: iso(40) } });
    const moved = await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: woken.cursor, woken: true });
    expect(moved.events.map((e) => e.id)).toEqual([`${review.id}@${at(12).toISOString()}`]);
    now = at(4);
    g.calendar.events.set(review.id, { ...review, start: { dateTime: iso(13) }, end: { dateTime: iso(40) } });
    const movedAgain = await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: moved.cursor, woken: true });
    expect(movedAgain.events.map((e) => e.id)).toEqual([`${review.id}@${at(13).toISOString()}`]);
    const again = await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: movedAgain.cursor, woken: true });
    expect(again.events).toEqual([]);

    // 15 minutes after the last read (at 4), the cache is read again without being woken; a minute earlier it is not.
    const reads = lists();
    now = at(18);
    await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: again.cursor });
    expect(lists() - reads).toBe(0);
    now = at(19);
    await runPollTrigger(g.host, SOON, { params: { minutes: 10 }, cursor: again.cursor });
    expect(lists() - reads).toBe(1);
  });

  it("all-day events start at midnight in the calendar's time zone; minutes default to 10", async () => {
    g.calendar.timeZone = "Europe/Berlin";
    const holiday = g.calendar.add({ summary: "Holiday", start: { date: "2026-11-25" }, end: { date: "2026-11-26" } });
    const result = await runPollTrigger(g.host, SOON, { params: { minutes: 1440 } });
    expect(result.events.map((e) => e.data)).toEqual([
      {
        event_id: holiday.id,
        calendar_id: "primary",
        summary: "Holiday",
        start: "2026-11-25",
        end: "2026-11-26",
        starts_at: "2026-11-24T23:00:00.000Z",
        all_day: true,
        minutes_until_start: 780,
        location: null,
        html_link: null,
      },
    ]);
    expect((await runPollTrigger(g.host, SOON)).events).toEqual([]);
  });

  it("refuses bad params and an unknown calendar clearly; hostile Calendar answers fail the poll, malformed events are skipped", async () => {
    expect((await failure(runPollTrigger(g.host, SOON, { params: { minutes: 0 } }))).code).toBe("INVALID_INPUT");
    expect((await failure(runPollTrigger(g.host, SOON, { params: { minutes: 1441 } }))).code).toBe("INVALID_INPUT");
    const missing = await failure(runPollTrigger(g.host, SOON, { params: { calendar_id: "nobody@example.test" } }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("calendar nobody@example.test");

    const good = g.calendar.add({ summary: "Good", start: { dateTime: iso(5) }, end: { dateTime: iso(6) } });
    g.calendar.provider.fault({
      path: EVENTS,
      status: 500,
      times: Infinity,
      json: { error: { code: 500, message: "Backend Error", status: "INTERNAL", errors: [{ reason: "backendError" }] } },
    });
    const down = await failure(runPollTrigger(g.host, SOON));
    g.calendar.provider.clearFaults();
    expect(down.code).toBe("PROVIDER_ERROR");
    g.calendar.provider.fault({
      path: EVENTS,
      status: 410,
      json: { error: { code: 410, message: "Resource has been deleted", status: "NOT_FOUND", errors: [{ reason: "deleted" }] } },
    });
    const gone = await failure(runPollTrigger(g.host, SOON));
    expect([gone.code, gone.message]).toEqual(["NOT_FOUND", expect.stringContaining("calendar primary")]);
    g.calendar.provider.fault({ path: EVENTS, status: 200, json: { items: "garbage" } });
    expect((await failure(runPollTrigger(g.host, SOON))).code).toBe("PROVIDER_ERROR");
    g.calendar.provider.fault({
      path: EVENTS,
      status: 200,
      json: {
        timeZone: "Not/AZone",
        items: [
          { summary: "no id", start: { dateTime: iso(5) } },
          { id: "x1", start: { dateTime: "soon" } },
          { id: "x2", start: "garbage" },
          { id: good.id, summary: "Good", start: { dateTime: iso(5) }, end: { dateTime: iso(6) } },
        ],
      },
    });
    const skipped = await runPollTrigger(g.host, SOON);
    expect(skipped.events.map((e) => e.data)).toMatchObject([{ event_id: good.id }]);
    // A cursor that is not this trigger's reads afresh.
    await expect(runPollTrigger(g.host, SOON, { cursor: { v: 9, events: "x" } })).resolves.toMatchObject({ events: [{ data: { event_id: good.id } }] });
  });

  it("without an https public URL no channel is made, and one left in the cursor is stopped", async () => {
    const first = await runPollTrigger(g.host, SOON, { params: {} });
    expect(g.calendar.provider.requestsTo(WATCH)).toHaveLength(0);
    const stale = {
      ...(first.cursor as object),
      channel: {
        key: "0".repeat(32),
        serial: 0,
        id: `agx-${"0".repeat(32)}-0`,
        resourceId: "res-x",
        expiration: at(600).getTime(),
        address: "https://old.example.test/hooks/google/Calendar%20Push",
      },
    };
    // Google answers 410 for the stop: the poll goes on without the channel.
    g.calendar.provider.fault({ path: STOP, status: 410, json: { error: { code: 410, message: "Gone", status: "NOT_FOUND" } } });
    const result = await runPollTrigger(g.host, SOON, { cursor: stale });
    expect(g.calendar.provider.requestsTo(STOP).map((r) => r.body)).toEqual([{ id: `agx-${"0".repeat(32)}-0`, resourceId: "res-x" }]);
    expect((result.cursor as Cursor).channel).toBeUndefined();
    expect(result.account).toBeUndefined();
  });
});

describe("the Event Starting Soon trigger with Calendar push channels (https public URL)", () => {
  let g: GoogleHarness;
  let now = NOW;
  beforeAll(async () => {
    g = await startGoogleHarness({ GOOGLE_CALENDAR_CHANNEL_TOKEN: TOKEN }, undefined, { clock: () => now, publicUrl: "https://agx.example.test/" });
    g.calendar.push.clock = () => now;
    await g.connect("alice", ["calendar"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
  });

  it("keeps a channel: made on the first poll, reported as the poll's account, renewed a day before it ends, the old one stopped", async () => {
    const first = await runPollTrigger(g.host, SOON, { params: { minutes: 15 } });
    const watches = g.calendar.provider.requestsTo(WATCH);
    expect(watches).toHaveLength(1);
    const body = watches[0]!.body as { id: string };
    expect(body).toEqual({
      id: expect.stringMatching(/^agx-[0-9a-f]{32}-0$/),
      type: "web_hook",
      address: "https://agx.example.test/hooks/google/Calendar%20Push",
      token: TOKEN,
      params: { ttl: "604800" },
    });
    const channel = (first.cursor as Cursor).channel!;
    expect(channel).toMatchObject({ id: body.id, expiration: at(7 * 24 * 60).getTime() });
    expect(first.account).toBe(`calendar-channel:${channel.key}`);
    expect(JSON.stringify(first.cursor)).not.toContain(TOKEN);

    // Google's notification for it wakes that poll, whatever user the host maps the account to; `sync` wakes nothing.
    const headers = g.calendar.push.notification(body.id, "exists");
    expect(calendarPushResult({ method: "POST", headers, query: {}, body: undefined, rawBody: "", receivedAt: now })).toEqual({
      events: [],
      wake: [{ trigger: "Event Starting Soon", account: first.account }],
    });
    expect(
      calendarPushResult({ method: "POST", headers: g.calendar.push.notification(body.id, "sync"), query: {}, body: undefined, rawBody: "", receivedAt: now }),
    ).toEqual({ events: [] });
    expect(
      calendarPushResult({
        method: "POST",
        headers: { ...headers, "x-goog-channel-id": "someone-elses" },
        query: {},
        body: undefined,
        rawBody: "",
        receivedAt: now,
      }),
    ).toEqual({ events: [] });
    // The host checks the channel token before the trigger runs.
    expect((await postWebhook(g.host, PUSH, { headers: { ...headers, "x-goog-channel-token": "wrong-token-0123456789" } })).status).toBe(401);
    expect((await postWebhook(g.host, PUSH, { headers })).status).toBeLessThan(300);

    now = at(60);
    const kept = await runPollTrigger(g.host, SOON, { params: { minutes: 15 }, cursor: first.cursor });
    expect(g.calendar.provider.requestsTo(WATCH)).toHaveLength(1);
    expect(kept.account).toBe(first.account);

    now = new Date(channel.expiration - 23 * 3_600_000);
    const renewed = await runPollTrigger(g.host, SOON, { params: { minutes: 15 }, cursor: kept.cursor });
    const next = (renewed.cursor as Cursor).channel!;
    expect(next.id).toBe(`agx-${channel.key}-1`);
    expect(renewed.account).toBe(first.account);
    expect(g.calendar.push.channels.get(channel.id)!.stopped).toBe(true);
    expect(g.calendar.push.channels.get(next.id)!.stopped).toBe(false);
  });

  it("hostile Google: a refused or garbled watch never fails the poll; it polls alone and asks again an hour later", async () => {
    now = NOW;
    const soon = g.calendar.add({ summary: "Soon", start: { dateTime: iso(5) }, end: { dateTime: iso(6) } });
    const watches = () => g.calendar.provider.requestsTo(WATCH).length;
    const before = watches();
    g.calendar.provider.fault({ path: WATCH, status: 500, times: Infinity, json: { error: { code: 500, message: "Backend Error", status: "INTERNAL" } } });
    const refused = await runPollTrigger(g.host, SOON);
    g.calendar.provider.clearFaults();
    expect(refused.events.map((e) => e.data)).toMatchObject([{ event_id: soon.id }]);
    expect((refused.cursor as Cursor).channel).toBeUndefined();
    expect(refused.account).toBeUndefined();
    const tried = watches();
    expect(tried).toBeGreaterThan(before);

    now = at(30);
    const waiting = await runPollTrigger(g.host, SOON, { cursor: refused.cursor });
    expect(watches()).toBe(tried);

    now = at(61);
    g.calendar.provider.fault({ path: WATCH, status: 200, json: { kind: "api#channel", id: 7 } });
    const garbled = await runPollTrigger(g.host, SOON, { cursor: waiting.cursor });
    expect(watches()).toBe(tried + 1);
    expect((garbled.cursor as Cursor).channel).toBeUndefined();

    now = at(122);
    const made = await runPollTrigger(g.host, SOON, { cursor: garbled.cursor });
    expect((made.cursor as Cursor).channel).toMatchObject({ id: expect.stringMatching(/^agx-[0-9a-f]{32}-0$/) });
    expect(made.account).toMatch(/^calendar-channel:/);
  });
});

describe.each(DATABASES)("Event Starting Soon in the host on %s: Google's notification wakes the poll", (dialect) => {
  let database: TestDatabase;
  let g: GoogleHarness;
  const now = NOW;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    g = await startGoogleHarness({ GOOGLE_CALENDAR_CHANNEL_TOKEN: TOKEN }, database.url, { clock: () => now, publicUrl: "https://agx.example.test" });
    g.calendar.push.clock = () => now;
    await g.connect("alice", ["calendar"]);
    await g.connect("bob", ["calendar"]);
  }, 60_000);
  afterAll(async () => {
    await g?.close();
    await database?.drop();
  });

  const recorded = async (userId: string) =>
    (await g.host.services.events.feed.after(undefined, { userId }))
      .filter((e) => e.trigger === SOON)
      .map((e) => (JSON.parse(e.data) as { summary: string }).summary);

  it(
    "the poll's channel account maps the notification to its user; the woken poll reads Google again and records what is now due",
    { timeout: 60_000 },
    async () => {
      const events = g.host.services.events;
      await events.subscriptions.add("alice", { trigger: SOON, deliver: { mcp: true }, input: { minutes: 15 } });
      await events.subscriptions.add("bob", { trigger: SOON, deliver: { mcp: true } });
      g.calendar.add({ summary: "Standup", start: { dateTime: iso(5) }, end: { dateTime: iso(20) } });
      expect(await events.polls.pollDue()).toMatchObject({ polled: 2, failed: 0 });
      expect(await recorded("alice")).toEqual(["Standup"]);
      // Each poll keeps its own channel.
      const watched = g.calendar.provider.requestsTo(WATCH).map((r) => (r.body as { id: string }).id);
      expect(watched).toHaveLength(2);

      // An event added after the cache was read is not seen by a scheduled poll within 15 minutes, but a notification wakes the poll.
      g.calendar.add({ summary: "Call", start: { dateTime: iso(12) }, end: { dateTime: iso(13) } });
      const lists = g.calendar.provider.requestsTo(EVENTS).length;
      const answers = await Promise.all(watched.map((id) => postWebhook(g.host, PUSH, { headers: g.calendar.push.notification(id, "exists") })));
      expect(answers.map((a) => [a.status, (a.body as { woken?: number }).woken])).toEqual([
        [200, 1],
        [200, 1],
      ]);
      // The receiver runs the woken polls at once; running the due polls here as well shows each runs once.
      const read = () => g.calendar.provider.requestsTo(EVENTS).length - lists;
      for (let round = 0; round < 100 && ((await recorded("alice")).length < 2 || read() < 2); round++) {
        await events.polls.pollDue();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await recorded("alice")).toEqual(["Standup", "Call"]);
      // Bob's subscription (10 minutes) does not reach 12 minutes ahead: the woken poll read Google and found nothing due.
      expect(await recorded("bob")).toEqual(["Standup"]);
      expect(read()).toBe(2);
      // A sync message (sent when a channel starts) and a wrong token wake nothing.
      const sync = await postWebhook(g.host, PUSH, { headers: g.calendar.push.notification(watched[0]!, "sync") });
      expect((sync.body as { woken?: number }).woken).toBeUndefined();
      expect(
        (await postWebhook(g.host, PUSH, { headers: { ...g.calendar.push.notification(watched[0]!), "x-goog-channel-token": "not-the-token-at-all" } })).status,
      ).toBe(401);
    },
  );
});
