import { addDays, CommandError, formatInZone, keepValid, startOfDayIn, z, type CommandResult } from "@agx-ext/core";
import type { GoogleCall, GoogleClient } from "../shared/google-client.js";
import { lenientList, parseResource, text } from "../shared/lenient.js";
import { skippedLine, table } from "../format.js";
import { freeSlots, type Interval } from "./free-slots.js";
import type * as inputs from "./inputs.js";
import type * as out from "./outputs.js";
import { instantOf, parseTimeInput, type TimeInput } from "./zoned-time.js";

const eventTime = z.object({ date: text(), dateTime: text(), timeZone: text() }).optional().catch(undefined);
type EventTime = { date?: string | undefined; dateTime?: string | undefined; timeZone?: string | undefined };

/** An event as Calendar returns it, read leniently; the id is the one field it cannot do without. */
const calendarEvent = z.object({
  id: z.string().regex(/^[\w.@-]+$/),
  status: text(),
  summary: text(),
  description: text(),
  location: text(),
  htmlLink: text(),
  start: eventTime,
  end: eventTime,
  organizer: z.object({ email: text(), displayName: text() }).optional().catch(undefined),
  attendees: lenientList(z.object({ email: text(), responseStatus: text() })),
  recurringEventId: text(),
  transparency: text(),
});
type CalendarEvent = z.output<typeof calendarEvent>;

const busyBlock = z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) });

/** Pages of events read at most: up to 2,500 a page, so max_items (at most 2,500) is one page when Calendar fills it. */
const CALENDAR_LIST_MAX_PAGES = 10;

const calendar = { product: "calendar" as const };

type Result<S extends z.ZodType> = Promise<CommandResult<z.output<S>>>;

/** The time zone and clock the calendar commands read relative times with. */
export interface CalendarClock {
  timeZone: string;
  now(): Date;
}

/** Calendar v3 on the user's primary calendar; recurring events are expanded into their instances. */
export class Calendar {
  private readonly base: string;

  constructor(
    private readonly client: GoogleClient,
    baseUrl: string,
    private readonly clock: CalendarClock,
  ) {
    this.base = `${baseUrl.replace(/\/$/, "")}/calendar/v3`;
  }

  private get eventsUrl(): string {
    return `${this.base}/calendars/primary/events`;
  }

  private async event(url: string, call: GoogleCall): Promise<CalendarEvent> {
    return parseResource(calendarEvent, await this.client.call<unknown>(url, call), "calendar", "event");
  }

  async getItems(input: z.output<typeof inputs.getItemsInput>): Result<typeof out.getItemsOutput> {
    const tz = input.time_zone ?? this.clock.timeZone;
    const start = input.start_date ? instantOf(parseTimeInput(input.start_date), tz) : this.clock.now();
    const endInput = input.end_date ? parseTimeInput(input.end_date) : undefined;
    const end = !endInput
      ? new Date(start.getTime() + 7 * 86_400_000)
      : endInput.kind === "date"
        ? startOfDayIn(addDays(endInput.date, 1), tz)
        : instantOf(endInput, tz);
    if (end <= start) throw new CommandError("INVALID_INPUT", "end_date must be after start_date.", { details: { fields: ["end_date"] } });
    const { items, more, skipped } = await this.client.list(this.eventsUrl, {
      ...calendar,
      api: "calendar.events.list",
      searchParams: {
        timeMin: start.toISOString(),
        timeMax: end.toISOString(),
        singleEvents: true,
        orderBy: "startTime",
        timeZone: tz,
      },
      itemsField: "items",
      item: calendarEvent,
      limit: input.max_items,
      maxPages: CALENDAR_LIST_MAX_PAGES,
      pageSize: { param: "maxResults", max: 2500 },
    });
    const shaped = items.filter((e) => e.status !== "cancelled").map(shapeEvent);
    return {
      data: { timeZone: tz, from: formatInZone(start, tz), to: formatInZone(end, tz), count: shaped.length, hasMore: more, skipped, items: shaped },
      markdown:
        (shaped.length
          ? table(
              ["Start", "End", "Subject", "Location", "Id"],
              shaped.map((e) => [e.allDay ? `${e.start} (all day)` : e.start, e.end, e.subject, e.location, e.id]),
            )
          : `No calendar items between ${formatInZone(start, tz)} and ${formatInZone(end, tz)}.`) + skippedLine(skipped, "event"),
    };
  }

  async availableTimeslots(input: z.output<typeof inputs.timeslotsInput>): Result<typeof out.timeslotsOutput> {
    const tz = input.time_zone ?? this.clock.timeZone;
    const from = startOfDayIn(input.start_date, tz);
    const to = startOfDayIn(addDays(input.start_date, input.num_days), tz);
    const busy = await this.busy(from, to, tz);
    const slots = freeSlots(
      {
        startDate: input.start_date,
        numDays: input.num_days,
        workDayStart: input.work_day_start,
        workDayEnd: input.work_day_end,
        durationMinutes: input.duration_minutes,
        bufferMinutes: input.buffer_minutes,
        includeWeekends: input.include_weekends,
        timeZone: tz,
        notBefore: this.clock.now(),
      },
      busy,
    ).map((slot) => ({ start_time: formatInZone(slot.start, tz), end_time: formatInZone(slot.end, tz) }));
    return {
      data: {
        timeZone: tz,
        durationMinutes: input.duration_minutes,
        count: slots.length,
        slots,
        busy: busy.map((b) => ({ start: formatInZone(b.start, tz), end: formatInZone(b.end, tz) })),
      },
      markdown: slots.length
        ? `${slots.length} free ${input.duration_minutes}-minute slot(s) (${tz}):\n\n${slots.map((s) => `- ${s.start_time.slice(0, 16).replace("T", " ")} – ${s.end_time.slice(11, 16)}`).join("\n")}`
        : `No free ${input.duration_minutes}-minute slots in working hours over ${input.num_days} day(s) from ${input.start_date}.`,
    };
  }

  /** Busy intervals of the primary calendar from the FreeBusy API. */
  private async busy(from: Date, to: Date, tz: string): Promise<Interval[]> {
    const answer = await this.client.call<{
      calendars?: Record<string, { busy?: unknown; errors?: Array<{ reason?: string }> }>;
    }>(`${this.base}/freeBusy`, {
      ...calendar,
      api: "calendar.freebusy.query",
      method: "POST",
      json: { timeMin: from.toISOString(), timeMax: to.toISOString(), timeZone: tz, items: [{ id: "primary" }] },
    });
    const primary = answer.calendars?.primary;
    const errors = Array.isArray(primary?.errors) ? primary.errors : [];
    if (!primary || typeof primary !== "object" || errors.length)
      throw new CommandError(
        "PROVIDER_ERROR",
        `Google Calendar could not report busy times: ${errors.length ? errors.map((e) => String(e?.reason)).join(", ") : "no answer for the primary calendar"}.`,
      );
    // A busy block that cannot be read cannot be trusted as free either: refuse rather than offer a clash.
    const { items, skipped } = keepValid(primary.busy ?? [], busyBlock);
    if (skipped) throw new CommandError("PROVIDER_ERROR", `Google Calendar sent ${skipped} busy time(s) that could not be read; try again later.`);
    return items.map((b) => ({ start: new Date(b.start), end: new Date(b.end) }));
  }

  private async ensureFree(start: Date, end: Date, tz: string, ignore?: Interval): Promise<void> {
    const busy = (await this.busy(start, end, tz)).flatMap((b) => (ignore ? subtract(b, ignore) : [b])).filter((b) => b.start < end && b.end > start);
    if (busy.length === 0) return;
    const when = busy.map((b) => `${formatInZone(b.start, tz).slice(0, 16).replace("T", " ")}–${formatInZone(b.end, tz).slice(11, 16)}`).join(", ");
    throw new CommandError("CONFLICT", `The calendar is busy at ${when} (${tz}). Pick another time, or pass check_availability: false to book it anyway.`, {
      details: { busy: busy.map((b) => ({ start: b.start.toISOString(), end: b.end.toISOString() })) },
    });
  }

  async addItem(input: z.output<typeof inputs.addItemInput>): Result<typeof out.addItemOutput> {
    const tz = input.time_zone ?? this.clock.timeZone;
    const { start, end, interval } = eventTimes(parseTimeInput(input.start_time), parseTimeInput(input.end_time), tz);
    if (input.check_availability && interval) await this.ensureFree(interval.start, interval.end, tz);
    const body = {
      summary: input.subject,
      start,
      end,
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.attendees ? { attendees: input.attendees.map((email) => ({ email })) } : {}),
    };
    const created = await this.event(this.eventsUrl, {
      ...calendar,
      api: "calendar.events.insert",
      method: "POST",
      searchParams: { sendUpdates: input.send_updates },
      json: body,
    });
    const event = shapeEvent(created);
    return { data: { created: true, event_id: created.id, event }, markdown: `Added "${event.subject}" on ${event.start} (id ${created.id}).` };
  }

  async modifyItem(input: z.output<typeof inputs.modifyItemInput>): Result<typeof out.modifyItemOutput> {
    const url = `${this.eventsUrl}/${encodeURIComponent(input.event_id)}`;
    const current = await this.event(url, { ...calendar, api: "calendar.events.get", what: `event ${input.event_id}` });
    const tz = input.time_zone ?? current.start?.timeZone ?? this.clock.timeZone;
    const patch: Record<string, unknown> = {};
    if (input.subject !== undefined) patch.summary = input.subject;
    if (input.location !== undefined) patch.location = input.location;
    if (input.description !== undefined) patch.description = input.description;
    if (input.attendees) patch.attendees = input.attendees.map((email) => ({ email }));
    if (input.start_time !== undefined || input.end_time !== undefined) {
      const startInput = input.start_time ? parseTimeInput(input.start_time) : fromEventTime(current.start, "start");
      const endInput = input.end_time ? parseTimeInput(input.end_time) : fromEventTime(current.end, "end");
      const { start, end, interval } = eventTimes(startInput, endInput, tz);
      patch.start = start;
      patch.end = end;
      if (input.check_availability && interval) await this.ensureFree(interval.start, interval.end, tz, currentInterval(current));
    }
    const updated = await this.event(url, {
      ...calendar,
      api: "calendar.events.patch",
      method: "PATCH",
      searchParams: { sendUpdates: input.send_updates },
      json: patch,
      what: `event ${input.event_id}`,
    });
    const event = shapeEvent(updated);
    return {
      data: { updated: true, event_id: updated.id, changed: Object.keys(patch), event },
      markdown: `Updated "${event.subject}" (${Object.keys(patch).join(", ")}).`,
    };
  }

  async removeItem(input: z.output<typeof inputs.removeItemInput>): Result<typeof out.removeItemOutput> {
    await this.client.call(`${this.eventsUrl}/${encodeURIComponent(input.item_id)}`, {
      ...calendar,
      api: "calendar.events.delete",
      method: "DELETE",
      searchParams: { sendUpdates: input.send_updates },
      what: `event ${input.item_id}`,
    });
    return { data: { removed: true, event_id: input.item_id }, markdown: `Calendar item ${input.item_id} removed.` };
  }
}

/** Google's start/end objects for two time inputs, checked for order; all-day end is inclusive here, exclusive at Google. */
function eventTimes(startInput: TimeInput, endInput: TimeInput, tz: string): { start: EventTime; end: EventTime; interval?: Interval } {
  if ((startInput.kind === "date") !== (endInput.kind === "date"))
    throw new CommandError("INVALID_INPUT", "start_time and end_time must both be dates (all-day) or both be date-times.", {
      details: { fields: ["start_time", "end_time"] },
    });
  if (startInput.kind === "date" && endInput.kind === "date") {
    if (endInput.date < startInput.date)
      throw new CommandError("INVALID_INPUT", "end_time must not be before start_time.", { details: { fields: ["end_time"] } });
    return { start: { date: startInput.date }, end: { date: addDays(endInput.date, 1) } };
  }
  const interval = { start: instantOf(startInput, tz), end: instantOf(endInput, tz) };
  if (interval.end <= interval.start) throw new CommandError("INVALID_INPUT", "end_time must be after start_time.", { details: { fields: ["end_time"] } });
  return { start: dateTimeOf(startInput, tz), end: dateTimeOf(endInput, tz), interval };
}

function dateTimeOf(input: TimeInput, tz: string): EventTime {
  if (input.kind === "local") return { dateTime: input.local.length === 16 ? `${input.local}:00` : input.local, timeZone: tz };
  if (input.kind === "absolute") return { dateTime: input.text, timeZone: tz };
  return { date: input.date };
}

function fromEventTime(time: EventTime | undefined, which: "start" | "end"): TimeInput {
  if (time?.dateTime) return { kind: "absolute", instant: new Date(time.dateTime), text: time.dateTime };
  // Google's all-day end is exclusive; inputs here are inclusive.
  if (time?.date) return { kind: "date", date: which === "end" ? addDays(time.date, -1) : time.date };
  throw new CommandError("PROVIDER_ERROR", `The event has no ${which} time.`);
}

function currentInterval(event: CalendarEvent): Interval | undefined {
  if (!event.start?.dateTime || !event.end?.dateTime) return undefined;
  return { start: new Date(event.start.dateTime), end: new Date(event.end.dateTime) };
}

/** The parts of `busy` outside `hole`. */
function subtract(busy: Interval, hole: Interval): Interval[] {
  const out: Interval[] = [];
  if (busy.start < hole.start) out.push({ start: busy.start, end: new Date(Math.min(busy.end.getTime(), hole.start.getTime())) });
  if (busy.end > hole.end) out.push({ start: new Date(Math.max(busy.start.getTime(), hole.end.getTime())), end: busy.end });
  return out;
}

function shapeEvent(event: CalendarEvent): out.CalendarItem {
  const allDay = Boolean(event.start?.date && !event.start?.dateTime);
  return {
    id: event.id,
    subject: event.summary ?? "(no title)",
    start: event.start?.dateTime ?? event.start?.date ?? null,
    end: allDay && event.end?.date ? addDays(event.end.date, -1) : (event.end?.dateTime ?? event.end?.date ?? null),
    allDay,
    timeZone: event.start?.timeZone ?? null,
    location: event.location ?? null,
    description: event.description ?? null,
    organizer: event.organizer?.email ?? null,
    attendees: (event.attendees ?? []).map((a) => ({ email: a.email, response: a.responseStatus })),
    recurringEventId: event.recurringEventId ?? null,
    status: event.status ?? null,
    link: event.htmlLink ?? null,
  };
}
