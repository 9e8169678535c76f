import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { failure, startGoogleHarness, type GoogleHarness } from "./harness.js";

let h: GoogleHarness;

beforeAll(async () => {
  h = await startGoogleHarness();
  await h.connect();
});
afterAll(() => h.close());
beforeEach(() => {
  h.calendar.events.clear();
  h.calendar.deleted.clear();
});

const last = (path: string, method: string) => h.calendar.provider.requests.filter((r) => r.path === path && r.method === method).at(-1)!;

describe("Google - Get Calendar Items", () => {
  it("expands recurring events, keeps all-day events and asks in the caller's time zone", async () => {
    h.calendar.add({ summary: "Standup", start: { dateTime: "2026-11-24T08:30:00Z" }, end: { dateTime: "2026-11-24T08:45:00Z" }, weeklyCount: 4 });
    h.calendar.add({ summary: "Offsite", start: { date: "2026-11-26" }, end: { date: "2026-11-28" } });
    h.calendar.add({ summary: "Outside", start: { dateTime: "2026-12-20T08:30:00Z" }, end: { dateTime: "2026-12-20T09:00:00Z" } });
    const result = await h.run("Google - Get Calendar Items", { start_date: "2026-11-24", end_date: "2026-12-07", max_items: 50 });
    const data = result.data as {
      items: Array<{ subject: string; start: string; end: string; allDay: boolean; recurringEventId: string | null }>;
      timeZone: string;
      from: string;
    };
    expect(data.timeZone).toBe("Europe/Berlin");
    expect(data.from).toBe("2026-11-24T00:00:00+01:00");
    expect(data.items.map((i) => i.subject)).toEqual(["Standup", "Offsite", "Standup"]);
    expect(data.items[1]).toMatchObject({ allDay: true, start: "2026-11-26", end: "2026-11-27" });
    expect(data.items[0]!.recurringEventId).not.toBeNull();
    const request = last("/calendar/v3/calendars/primary/events", "GET");
    expect(Object.fromEntries(request.query)).toMatchObject({
      timeMin: "2026-11-23T23:00:00.000Z",
      timeMax: "2026-12-07T23:00:00.000Z",
      singleEvents: "true",
      orderBy: "startTime",
      timeZone: "Europe/Berlin",
    });
  });

  it("defaults to the next 7 days from now and honours max_items", async () => {
    for (let d = 0; d < 5; d++)
      h.calendar.add({ summary: `Day ${d}`, start: { dateTime: `2026-11-2${5 + d}T09:00:00Z` }, end: { dateTime: `2026-11-2${5 + d}T10:00:00Z` } });
    const result = await h.run("Google - Get Calendar Items", { max_items: 3, time_zone: "America/New_York" });
    const data = result.data as { count: number; hasMore: boolean; from: string };
    expect(data).toMatchObject({ count: 3, hasMore: true, from: "2026-11-24T05:00:00-05:00" });
    expect(last("/calendar/v3/calendars/primary/events", "GET").query.get("timeMin")).toBe("2026-11-24T10:00:00.000Z");
  });

  it("refuses an end before the start and an unknown time zone", async () => {
    expect((await failure(h.run("Google - Get Calendar Items", { start_date: "2026-11-25", end_date: "2026-11-24T08:00" }))).code).toBe("INVALID_INPUT");
    const tz = await failure(h.run("Google - Get Calendar Items", { time_zone: "Mars/Olympus" }));
    expect(tz.details?.fields).toContain("time_zone");
  });
});

describe("Google - Get Available Timeslots", () => {
  it("offers slots within working hours around FreeBusy's busy times, with buffers and no weekends", async () => {
    // Wednesday 25th: busy 10:00-11:00 Berlin. The weekend 28th-29th is skipped.
    h.calendar.add({ summary: "Review", start: { dateTime: "2026-11-25T09:00:00Z" }, end: { dateTime: "2026-11-25T10:00:00Z" } });
    const listsBefore = h.calendar.provider.requestsTo("/calendar/v3/calendars/primary/events", "GET").length;
    h.calendar.add({
      summary: "Free time",
      start: { dateTime: "2026-11-25T11:00:00Z" },
      end: { dateTime: "2026-11-25T12:00:00Z" },
      transparency: "transparent",
    });
    const result = await h.run("Google - Get Available Timeslots", {
      start_date: "2026-11-25",
      num_days: 5,
      work_day_start: "09:00",
      work_day_end: "12:00",
      duration_minutes: 45,
      buffer_minutes: 15,
    });
    const data = result.data as { slots: Array<{ start_time: string; end_time: string }> };
    const wednesday = data.slots.filter((s) => s.start_time.startsWith("2026-11-25"));
    // Busy 10:00-11:00 padded by 15 minutes blocks 09:45-11:15.
    expect(wednesday).toEqual([
      { start_time: "2026-11-25T09:00:00+01:00", end_time: "2026-11-25T09:45:00+01:00" },
      { start_time: "2026-11-25T11:15:00+01:00", end_time: "2026-11-25T12:00:00+01:00" },
    ]);
    expect(data.slots.filter((s) => s.start_time.startsWith("2026-11-26")).map((s) => s.start_time.slice(11, 16))).toEqual(["09:00", "10:00", "11:00"]);
    expect(data.slots.some((s) => s.start_time.startsWith("2026-11-28") || s.start_time.startsWith("2026-11-29"))).toBe(false);
    const body = last("/calendar/v3/freeBusy", "POST").body as Record<string, unknown>;
    expect(body).toEqual({ timeMin: "2026-11-24T23:00:00.000Z", timeMax: "2026-11-29T23:00:00.000Z", timeZone: "Europe/Berlin", items: [{ id: "primary" }] });
    expect(h.calendar.provider.requestsTo("/calendar/v3/calendars/primary/events", "GET")).toHaveLength(listsBefore);
  });

  it("does not offer time that has already passed today", async () => {
    const result = await h.run("Google - Get Available Timeslots", { start_date: "2026-11-24", num_days: 1, duration_minutes: 60 });
    const slots = (result.data as { slots: Array<{ start_time: string }> }).slots;
    expect(slots[0]!.start_time).toBe("2026-11-24T11:00:00+01:00");
  });

  it("validates working hours before asking Google", async () => {
    const error = await failure(h.run("Google - Get Available Timeslots", { start_date: "2026-11-25", work_day_start: "18:00", work_day_end: "09:00" }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details?.fields).toContain("work_day_end");
  });
});

describe("Google - Add / Modify / Remove Calendar Item", () => {
  it("creates a timed event in the caller's zone after checking availability", async () => {
    const result = await h.run("Google - Add Calendar Item", {
      subject: "Dentist",
      start_time: "2026-11-26T14:00",
      end_time: "2026-11-26T15:00",
      attendees: "ana@example.test",
      location: "Main St 1",
    });
    expect(result.data).toMatchObject({ created: true, event: { subject: "Dentist", location: "Main St 1" } });
    const insert = last("/calendar/v3/calendars/primary/events", "POST");
    expect(insert.body).toEqual({
      summary: "Dentist",
      start: { dateTime: "2026-11-26T14:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-11-26T15:00:00", timeZone: "Europe/Berlin" },
      location: "Main St 1",
      attendees: [{ email: "ana@example.test" }],
    });
    expect(insert.query.get("sendUpdates")).toBe("none");
    expect(last("/calendar/v3/freeBusy", "POST").body).toMatchObject({ timeMin: "2026-11-26T13:00:00.000Z", timeMax: "2026-11-26T14:00:00.000Z" });
  });

  it("refuses a busy time with CONFLICT unless told not to check", async () => {
    h.calendar.add({ summary: "Busy", start: { dateTime: "2026-11-26T13:30:00Z" }, end: { dateTime: "2026-11-26T14:30:00Z" } });
    const posts = () => h.calendar.provider.requestsTo("/calendar/v3/calendars/primary/events", "POST").length;
    const before = posts();
    const error = await failure(h.run("Google - Add Calendar Item", { subject: "Clash", start_time: "2026-11-26T15:00", end_time: "2026-11-26T16:00" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("2026-11-26 15:00–15:30 (Europe/Berlin)");
    expect(posts()).toBe(before);
    await h.run("Google - Add Calendar Item", { subject: "Clash", start_time: "2026-11-26T15:00", end_time: "2026-11-26T16:00", check_availability: false });
    expect(posts()).toBe(before + 1);
  });

  it("creates all-day events with Google's exclusive end date", async () => {
    await h.run("Google - Add Calendar Item", { subject: "Holiday", start_time: "2026-12-24", end_time: "2026-12-26" });
    expect(last("/calendar/v3/calendars/primary/events", "POST").body).toMatchObject({ start: { date: "2026-12-24" }, end: { date: "2026-12-27" } });
  });

  it("rejects mixed or reversed times before any request", async () => {
    const count = h.calendar.provider.requests.length;
    expect((await failure(h.run("Google - Add Calendar Item", { subject: "x", start_time: "2026-12-24", end_time: "2026-12-24T10:00" }))).code).toBe(
      "INVALID_INPUT",
    );
    expect((await failure(h.run("Google - Add Calendar Item", { subject: "x", start_time: "2026-12-24T10:00", end_time: "2026-12-24T09:00" }))).code).toBe(
      "INVALID_INPUT",
    );
    const bad = await failure(h.run("Google - Add Calendar Item", { subject: "x", start_time: "tomorrow", end_time: "2026-12-24T09:00" }));
    expect(bad.details?.fields).toContain("start_time");
    expect(h.calendar.provider.requests.length).toBe(count);
  });

  it("patches only what changed and ignores the event's own busy time", async () => {
    const event = h.calendar.add({ summary: "1:1", start: { dateTime: "2026-11-27T09:00:00Z" }, end: { dateTime: "2026-11-27T09:30:00Z" } });
    await h.run("Google - Modify Calendar Item", { event_id: event.id, subject: "1:1 with Ana" });
    expect(last(`/calendar/v3/calendars/primary/events/${event.id}`, "PATCH").body).toEqual({ summary: "1:1 with Ana" });
    const moved = await h.run("Google - Modify Calendar Item", { event_id: event.id, start_time: "2026-11-27T10:15", end_time: "2026-11-27T10:45" });
    expect(moved.data).toMatchObject({ changed: ["start", "end"] });
    expect(h.calendar.events.get(event.id)!.start.dateTime).toBe("2026-11-27T09:15:00.000Z");
  });

  it("refuses to move an event onto a busy time", async () => {
    const event = h.calendar.add({ summary: "Call", start: { dateTime: "2026-11-27T09:00:00Z" }, end: { dateTime: "2026-11-27T09:30:00Z" } });
    h.calendar.add({ summary: "Lunch", start: { dateTime: "2026-11-27T11:00:00Z" }, end: { dateTime: "2026-11-27T12:00:00Z" } });
    const error = await failure(h.run("Google - Modify Calendar Item", { event_id: event.id, start_time: "2026-11-27T12:30", end_time: "2026-11-27T13:00" }));
    expect(error.code).toBe("CONFLICT");
    expect(h.calendar.events.get(event.id)!.start.dateTime).toBe("2026-11-27T09:00:00Z");
  });

  it("needs at least one change", async () => {
    const error = await failure(h.run("Google - Modify Calendar Item", { event_id: "abc123" }));
    expect(error.code).toBe("INVALID_INPUT");
  });

  it("removes an event; removing it again is NOT_FOUND", async () => {
    const event = h.calendar.add({ summary: "Gone", start: { dateTime: "2026-11-27T09:00:00Z" }, end: { dateTime: "2026-11-27T09:30:00Z" } });
    const result = await h.run("Google - Remove Calendar Item", { item_id: event.id });
    expect(result.data).toEqual({ removed: true, event_id: event.id });
    expect(h.calendar.events.has(event.id)).toBe(false);
    const again = await failure(h.run("Google - Remove Calendar Item", { item_id: event.id }));
    expect(again.code).toBe("NOT_FOUND");
  });
});
