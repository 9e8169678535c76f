import { createHash } from "node:crypto";
import { CommandError, isValidTimeZone, startOfDayIn, z, type Logger, type PollInput, type PollResult, type TriggerJson } from "@agx-ext/core";
import type { GoogleClient } from "../shared/google-client.js";
import { parseResource } from "../shared/lenient.js";
import { channelAccount, channelJson, channelSchema, keepChannel } from "./push-channel.js";

/** The Event Starting Soon trigger's subscription parameters. */
export const startingSoonInput = z.object({
  minutes: z.number().int().min(1).max(1440).default(10).describe("Report an event this many minutes before it starts (1-1440, default 10)"),
  calendar_id: z
    .string()
    .trim()
    .min(1)
    .max(1024)
    .refine((id) => !/\p{Cc}/u.test(id), "a calendar id has no control characters")
    .default("primary")
    .describe('Calendar id: "primary" (default) or one from the calendar list, e.g. team@group.calendar.google.com'),
});
/** An Event Starting Soon subscription's parameters: how many minutes ahead, and which calendar. */
export type StartingSoonParams = z.output<typeof startingSoonInput>;

/** One event per (event, start time) about to start. */
export const startingSoonOutput = z.strictObject({
  event_id: z.string(),
  calendar_id: z.string(),
  summary: z.string().nullable(),
  start: z.string().describe("The event's start as Google gives it: dateTime (RFC 3339) or date (YYYY-MM-DD) for all-day events"),
  end: z.string().nullable(),
  starts_at: z.string().describe("The start as an instant (ISO 8601, UTC); an all-day event starts at midnight in the calendar's time zone"),
  all_day: z.boolean(),
  minutes_until_start: z.number().int().min(0).describe("Whole minutes from the poll that found it to the start, rounded up"),
  location: z.string().nullable(),
  html_link: z.string().nullable(),
});
/** One Event Starting Soon event: the calendar event and when it starts. */
export type StartingSoon = z.output<typeof startingSoonOutput>;

/** The cache is read again from Google when it is this old, or when a push notification woke the poll. */
const REFRESH_MS = 15 * 60_000;
/** Events kept in the cursor; a busier window is cut at the last kept start, and the next poll reads on from there. */
const MAX_CACHED = 100;
const MAX_TEXT = 300;
/** Reported (event, start) pairs remembered until their start passes. */
const MAX_FIRED = 500;

const cachedEvent = z.object({
  id: z.string(),
  at: z.number(),
  start: z.string(),
  end: z.string().nullable(),
  allDay: z.boolean(),
  summary: z.string().nullable(),
  location: z.string().nullable(),
  link: z.string().nullable(),
});
type CachedEvent = z.output<typeof cachedEvent>;

const cursorSchema = z.object({
  v: z.literal(1),
  refreshedAt: z.number(),
  /** Events starting up to this instant are all in `events` (when no refresh failed). */
  until: z.number(),
  events: z.array(cachedEvent).max(MAX_CACHED),
  fired: z.array(z.tuple([z.string(), z.number()])).max(MAX_FIRED),
  channel: channelSchema.optional(),
  retryAt: z.number().optional(),
});
type Cursor = z.output<typeof cursorSchema>;

const time = z.object({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  dateTime: z.string().optional(),
});
const item = z.object({
  id: z.string().min(1).max(1024),
  status: z.string().optional().catch(undefined),
  summary: z.string().optional().catch(undefined),
  location: z.string().optional().catch(undefined),
  htmlLink: z.string().optional().catch(undefined),
  start: time,
  end: time.optional().catch(undefined),
  attendees: z
    .array(z.object({ self: z.boolean().optional(), responseStatus: z.string().optional() }).passthrough())
    .optional()
    .catch(undefined),
});
const page = z.object({
  items: z.array(z.unknown()).optional(),
  timeZone: z.string().optional().catch(undefined),
  nextPageToken: z.string().optional(),
});

/** What a poll needs from its call besides the params: the clock, the zone, where the host is reachable, the token. */
export interface StartingSoonContext {
  now: Date;
  timeZone: string;
  publicUrl: string | undefined;
  channelToken: string | undefined;
  logger: Logger;
}

const clip = (text: string | undefined) => (text === undefined ? null : text.slice(0, MAX_TEXT));

/** Reads the events starting in (now, until] from Google into the cache's shape. */
async function readUpcoming(client: GoogleClient, apiBase: string, calendarId: string, now: number, until: number, fallbackZone: string) {
  const answer = await client.call<unknown>(`${apiBase}/calendars/${encodeURIComponent(calendarId)}/events`, {
    product: "calendar",
    api: "calendar.events.list",
    // timeMin filters on the end, timeMax on the start: events in progress come back too and are dropped below.
    searchParams: {
      timeMin: new Date(now).toISOString(),
      timeMax: new Date(until).toISOString(),
      singleEvents: true,
      orderBy: "startTime",
      maxResults: MAX_CACHED,
      showDeleted: false,
    },
    what: `calendar ${calendarId}`,
  });
  const parsed = parseResource(page, answer, "calendar", "events");
  // All-day events start at midnight in the calendar's own zone, which Google sends with the list.
  const zone = parsed.timeZone && isValidTimeZone(parsed.timeZone) ? parsed.timeZone : fallbackZone;
  const events: CachedEvent[] = [];
  for (const raw of parsed.items ?? []) {
    const e = item.safeParse(raw);
    if (!e.success || e.data.status === "cancelled") continue;
    if (e.data.attendees?.some((a) => a.self === true && a.responseStatus === "declined")) continue;
    const { start, end } = e.data;
    const allDay = start.dateTime === undefined && start.date !== undefined;
    const at = allDay ? startOfDayIn(start.date!, zone).getTime() : start.dateTime !== undefined ? Date.parse(start.dateTime) : Number.NaN;
    if (!Number.isFinite(at) || at <= now) continue;
    events.push({
      id: e.data.id,
      at,
      start: (allDay ? start.date : start.dateTime)!,
      end: end?.dateTime ?? end?.date ?? null,
      allDay,
      summary: clip(e.data.summary),
      location: clip(e.data.location),
      link: e.data.htmlLink && e.data.htmlLink.length <= 2000 ? e.data.htmlLink : null,
    });
  }
  events.sort((a, b) => a.at - b.at);
  // Google had more than one page: the cache covers only up to the last start it holds.
  const covered = parsed.nextPageToken && events.length ? Math.min(until, events.at(-1)!.at) : until;
  return { events: events.slice(0, MAX_CACHED), until: covered };
}

/** The event's id for the host: the same (event, start) always gives the same id, a moved event a new one. */
function sourceId(event: CachedEvent): string {
  const id = `${event.id}@${new Date(event.at).toISOString()}`;
  return id.length <= 200 ? id : `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

/**
 * "Event Starting Soon": one event per (calendar event, start time) when the event starts within `minutes` and has
 * not started. The upcoming events are cached in the cursor and read from Google (events.list, single events by
 * start time, up to `minutes` + 15 minutes ahead) only when the cache is 15 minutes old, does not reach far enough,
 * or a push notification woke the poll; other polls make no request. With an https public URL and
 * GOOGLE_CALENDAR_CHANNEL_TOKEN the poll keeps a push channel (see keepChannel) and reports its account, so Google's
 * notifications wake it at once. Events the user declined are left out; all-day events start at midnight in the
 * calendar's time zone.
 */
export async function pollStartingSoon(
  client: GoogleClient,
  baseUrl: string,
  input: PollInput<StartingSoonParams>,
  ctx: StartingSoonContext,
): Promise<PollResult<StartingSoon>> {
  const params = startingSoonInput.safeParse(input.params ?? {});
  if (!params.success)
    throw new CommandError(
      "INVALID_INPUT",
      `Invalid input for Event Starting Soon: ${params.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`,
    );
  const { minutes, calendar_id: calendarId } = params.data;
  const apiBase = `${baseUrl.replace(/\/$/, "")}/calendar/v3`;
  const now = ctx.now.getTime();
  const horizon = now + minutes * 60_000;
  const previous: Cursor | undefined = cursorSchema.safeParse(input.cursor).data;

  let cache = previous ? { events: previous.events, until: previous.until, refreshedAt: previous.refreshedAt } : undefined;
  if (!cache || input.woken || now - cache.refreshedAt >= REFRESH_MS || now < cache.refreshedAt || cache.until < horizon) {
    const read = await readUpcoming(client, apiBase, calendarId, now, horizon + REFRESH_MS, ctx.timeZone);
    cache = { ...read, refreshedAt: now };
  }

  const fired = new Map((previous?.fired ?? []).filter(([, at]) => at > now));
  const due = cache.events.filter((e) => e.at > now && e.at <= horizon && !fired.has(sourceId(e)));
  for (const e of due) fired.set(sourceId(e), e.at);

  const channel = await keepChannel(
    { client, apiBase, calendarId, publicUrl: ctx.publicUrl, token: ctx.channelToken, now, logger: ctx.logger },
    { ...(previous?.channel ? { channel: previous.channel } : {}), ...(previous?.retryAt !== undefined ? { retryAt: previous.retryAt } : {}) },
  );

  const cursor: { [key: string]: TriggerJson } = {
    v: 1,
    refreshedAt: cache.refreshedAt,
    until: cache.until,
    events: cache.events.filter((e) => e.at > now).map((e) => ({ ...e })),
    fired: [...fired.entries()].slice(-MAX_FIRED),
    ...channelJson(channel),
  };
  return {
    events: due.map((e) => ({
      id: sourceId(e),
      data: {
        event_id: e.id,
        calendar_id: calendarId,
        summary: e.summary,
        start: e.start,
        end: e.end,
        starts_at: new Date(e.at).toISOString(),
        all_day: e.allDay,
        minutes_until_start: Math.ceil((e.at - now) / 60_000),
        location: e.location,
        html_link: e.link,
      },
    })),
    cursor,
    ...(channel.channel ? { account: channelAccount(channel.channel.key) } : {}),
  };
}
