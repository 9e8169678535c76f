import { startFakeProvider, type FakeProvider, type FakeReply } from "@agx-ext/testing/provider";
import { addChannelRoutes, type FakeChannels } from "./calendar-channels.js";
import { googleError, intParam, invalidCredentials, isReply, notFound } from "./google-errors.js";

type EventTime = { date?: string; dateTime?: string; timeZone?: string };

interface FakeEvent {
  id: string;
  summary?: string;
  location?: string;
  description?: string;
  start: EventTime;
  end: EventTime;
  attendees?: Array<{ email: string; self?: boolean; responseStatus?: string }>;
  /** Weekly repetition, expanded into instances when singleEvents=true. */
  weeklyCount?: number;
  transparency?: "opaque" | "transparent";
  status?: string;
}

export interface FakeCalendar {
  provider: FakeProvider;
  url: string;
  events: Map<string, FakeEvent>;
  deleted: Set<string>;
  add(event: Omit<FakeEvent, "id"> & { id?: string }): FakeEvent;
  /** Sync tokens issued before this change number are expired: a list with one answers 410, as Google's do. */
  syncTokensValidFrom: number;
  /** The calendar's time zone, sent as the list's `timeZone` (default UTC). */
  timeZone: string;
  /** Push channels (events.watch, channels.stop). */
  push: FakeChannels;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** Instant of an event time; a date is midnight UTC (the fake's calendar lives in UTC for all-day events). */
function instant(time: EventTime): number {
  if (time.date) return Date.parse(`${time.date}T00:00:00Z`);
  return Date.parse(time.dateTime!);
}

function badTime(time: unknown, field: string): FakeReply | undefined {
  const t = time as EventTime | undefined;
  if (!t || (t.date === undefined && t.dateTime === undefined)) return googleError(400, `Missing ${field} time.`, "required");
  if (t.dateTime !== undefined && !RFC3339.test(t.dateTime) && !(LOCAL.test(t.dateTime) && t.timeZone))
    return googleError(400, `Invalid ${field} time.`, "invalid");
  if (t.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: t.timeZone });
    } catch {
      return googleError(400, `Invalid time zone definition for ${field} time.`, "timeZoneInvalid");
    }
  }
  return undefined;
}

/** Resolves a local dateTime + timeZone the way Google does, for the fake's own busy maths. */
function normalize(time: EventTime): EventTime {
  if (!time.dateTime || RFC3339.test(time.dateTime) || !time.timeZone) return time;
  const guess = Date.parse(`${time.dateTime}Z`);
  const shown = new Date(new Date(guess).toLocaleString("en-US", { timeZone: time.timeZone, hour12: false }) + " UTC").getTime();
  return { ...time, dateTime: new Date(guess - (shown - guess)).toISOString() };
}

/** Calendar v3: events list/get/insert/patch/delete on any calendar id the user owns ("primary"), and freeBusy. */
export async function startFakeCalendar(isValidToken: (token: string) => boolean): Promise<FakeCalendar> {
  const events = new Map<string, FakeEvent>();
  const deleted = new Set<string>();
  let next = 1;
  /** Incremental sync: the change number at which each event (or deletion) last changed; a sync token is a change number. */
  let change = 0;
  const changedAt = new Map<string, number>();
  const sync = { syncTokensValidFrom: 0, timeZone: "UTC" };
  const touch = (id: string) => changedAt.set(id, ++change);
  const add: FakeCalendar["add"] = (event) => {
    const stored = { ...event, id: event.id ?? `evt${next++}abc`, start: normalize(event.start), end: normalize(event.end) };
    events.set(stored.id, stored);
    touch(stored.id);
    return stored;
  };

  const instances = (expand: boolean) =>
    [...events.values()].flatMap((e) => {
      if (!e.weeklyCount || !expand) return [e];
      return Array.from({ length: e.weeklyCount }, (_, i) => {
        const shift = (t: EventTime): EventTime =>
          t.date
            ? { date: new Date(Date.parse(`${t.date}T00:00:00Z`) + i * 7 * 86_400_000).toISOString().slice(0, 10) }
            : { ...t, dateTime: new Date(Date.parse(t.dateTime!) + i * 7 * 86_400_000).toISOString() };
        const start = shift(e.start);
        const stamp = (start.dateTime ?? start.date!).replace(/[-:]/g, "").replace(/\.\d+/, "");
        return { ...e, id: `${e.id}_${stamp}`, recurringEventId: e.id, start, end: shift(e.end), weeklyCount: undefined };
      });
    });

  const calendarCheck = (calendarId: string | undefined) => (calendarId === "primary" ? undefined : notFound());

  const timeRange = (query: URLSearchParams): { min?: number; max?: number } | FakeReply => {
    const out: { min?: number; max?: number } = {};
    for (const [param, key] of [
      ["timeMin", "min"],
      ["timeMax", "max"],
    ] as const) {
      const value = query.get(param);
      if (value === null) continue;
      if (!RFC3339.test(value)) return googleError(400, "Bad Request", "badRequest");
      out[key] = Date.parse(value);
    }
    return out;
  };

  const provider = await startFakeProvider({
    bearer: isValidToken,
    unauthorizedBody: invalidCredentials,
    routes: {
      "GET /calendar/v3/calendars/:calendarId/events": (req) => {
        const missing = calendarCheck(req.params.calendarId);
        if (missing) return missing;
        const max = intParam(req.query, "maxResults", 1, 2500);
        if (isReply(max)) return max;
        const syncToken = req.query.get("syncToken");
        if (syncToken !== null) {
          // Google refuses the filters a sync token cannot combine with, and answers 410 for a token it no longer honours.
          for (const param of ["timeMin", "timeMax", "orderBy", "q", "updatedMin", "iCalUID", "privateExtendedProperty", "sharedExtendedProperty"])
            if (req.query.has(param)) return googleError(400, `Invalid parameter combination: syncToken with ${param}.`, "invalid");
          const since = /^sync-(\d+)$/.exec(syncToken);
          if (!since || Number(since[1]) < sync.syncTokensValidFrom)
            return googleError(410, "Sync token is no longer valid, a full sync is required.", "fullSyncRequired");
          const changed = [...changedAt.entries()].filter(([, at]) => at > Number(since[1])).sort((a, b) => a[1] - b[1]);
          const offset = Number(req.query.get("pageToken") ?? 0);
          const page = changed.slice(offset, offset + (max ?? 250));
          const more = offset + page.length < changed.length;
          return {
            json: {
              kind: "calendar#events",
              items: page.map(([id]) => {
                const event = events.get(id);
                if (!event) return { kind: "calendar#event", id, status: "cancelled" };
                const { weeklyCount: _w, transparency: _t, ...e } = event;
                return { kind: "calendar#event", status: "confirmed", ...e };
              }),
              ...(more ? { nextPageToken: String(offset + page.length) } : { nextSyncToken: `sync-${change}` }),
            },
          };
        }
        const range = timeRange(req.query);
        if (isReply(range)) return range;
        const single = req.query.get("singleEvents") === "true";
        if (req.query.get("orderBy") === "startTime" && !single)
          return googleError(400, "The requested ordering is not available for the particular query.", "badRequest");
        const tz = req.query.get("timeZone");
        if (tz) {
          try {
            new Intl.DateTimeFormat("en", { timeZone: tz });
          } catch {
            return googleError(400, "Invalid time zone definition.", "timeZoneInvalid");
          }
        }
        const all = instances(single)
          .filter((e) => (range.max === undefined || instant(e.start) < range.max) && (range.min === undefined || instant(e.end) > range.min))
          .sort((a, b) => instant(a.start) - instant(b.start));
        const offset = Number(req.query.get("pageToken") ?? 0);
        const page = all.slice(offset, offset + (max ?? 250));
        const more = offset + page.length < all.length;
        return {
          json: {
            kind: "calendar#events",
            summary: "ana@example.test",
            timeZone: tz ?? sync.timeZone,
            items: page.map(({ weeklyCount: _w, transparency: _t, ...e }) => ({ kind: "calendar#event", status: "confirmed", ...e })),
            ...(more ? { nextPageToken: String(offset + page.length) } : { nextSyncToken: `sync-${change}` }),
          },
        };
      },
      "POST /calendar/v3/calendars/:calendarId/events": (req) => {
        const missing = calendarCheck(req.params.calendarId);
        if (missing) return missing;
        const body = (req.body ?? {}) as Partial<FakeEvent>;
        const bad = badTime(body.start, "start") ?? badTime(body.end, "end");
        if (bad) return bad;
        if (Boolean(body.start!.date) !== Boolean(body.end!.date))
          return googleError(400, "Start and end times must either both be date or both be dateTime.", "invalid");
        if (instant(normalize(body.end!)) <= instant(normalize(body.start!))) return googleError(400, "The specified time range is empty.", "timeRangeEmpty");
        const event = add({ ...body, start: body.start!, end: body.end! } as FakeEvent);
        return { json: { kind: "calendar#event", status: "confirmed", htmlLink: `https://calendar.example.test/${event.id}`, ...event } };
      },
      "GET /calendar/v3/calendars/:calendarId/events/:eventId": (req) => {
        if (deleted.has(req.params.eventId!)) return googleError(410, "Resource has been deleted", "deleted");
        const event = events.get(req.params.eventId!);
        return event ? { json: { kind: "calendar#event", status: "confirmed", ...event } } : notFound("Not Found");
      },
      "PATCH /calendar/v3/calendars/:calendarId/events/:eventId": (req) => {
        const event = events.get(req.params.eventId!);
        if (!event) return deleted.has(req.params.eventId!) ? googleError(410, "Resource has been deleted", "deleted") : notFound("Not Found");
        const patch = (req.body ?? {}) as Partial<FakeEvent>;
        if (patch.start && badTime(patch.start, "start")) return badTime(patch.start, "start")!;
        if (patch.end && badTime(patch.end, "end")) return badTime(patch.end, "end")!;
        const merged = { ...event, ...patch, start: normalize(patch.start ?? event.start), end: normalize(patch.end ?? event.end) };
        if (instant(merged.end) <= instant(merged.start)) return googleError(400, "The specified time range is empty.", "timeRangeEmpty");
        events.set(event.id, merged);
        touch(event.id);
        return { json: { kind: "calendar#event", status: "confirmed", ...merged } };
      },
      "DELETE /calendar/v3/calendars/:calendarId/events/:eventId": (req) => {
        const id = req.params.eventId!;
        if (deleted.has(id)) return googleError(410, "Resource has been deleted", "deleted");
        if (!events.delete(id)) return notFound("Not Found");
        deleted.add(id);
        touch(id);
        return { status: 204 };
      },
      "POST /calendar/v3/freeBusy": (req) => {
        const body = (req.body ?? {}) as { timeMin?: string; timeMax?: string; items?: Array<{ id: string }> };
        if (!body.timeMin || !body.timeMax || !RFC3339.test(body.timeMin) || !RFC3339.test(body.timeMax)) return googleError(400, "Bad Request", "badRequest");
        const min = Date.parse(body.timeMin);
        const max = Date.parse(body.timeMax);
        if (max <= min) return googleError(400, "The specified time range is empty.", "timeRangeEmpty");
        const busy = instances(true)
          .filter((e) => e.transparency !== "transparent" && !e.start.date)
          .map((e) => ({ start: Math.max(instant(e.start), min), end: Math.min(instant(e.end), max) }))
          .filter((b) => b.end > b.start)
          .sort((a, b) => a.start - b.start)
          .reduce<Array<{ start: number; end: number }>>((merged, b) => {
            const last = merged.at(-1);
            if (last && b.start <= last.end) last.end = Math.max(last.end, b.end);
            else merged.push({ ...b });
            return merged;
          }, []);
        const calendars = Object.fromEntries(
          (body.items ?? []).map((item) => [
            item.id,
            item.id === "primary"
              ? {
                  busy: busy.map((b) => ({
                    start: new Date(b.start).toISOString().replace(".000", ""),
                    end: new Date(b.end).toISOString().replace(".000", ""),
                  })),
                }
              : { errors: [{ domain: "global", reason: "notFound" }], busy: [] },
          ]),
        );
        return { json: { kind: "calendar#freeBusy", timeMin: body.timeMin, timeMax: body.timeMax, calendars } };
      },
    },
  });
  const push = addChannelRoutes(provider, (id) => id === "primary");
  return {
    provider,
    url: provider.url,
    events,
    deleted,
    add,
    push,
    get timeZone() {
      return sync.timeZone;
    },
    set timeZone(value: string) {
      sync.timeZone = value;
    },
    get syncTokensValidFrom() {
      return sync.syncTokensValidFrom;
    },
    set syncTokensValidFrom(value: number) {
      sync.syncTokensValidFrom = value;
    },
  };
}
