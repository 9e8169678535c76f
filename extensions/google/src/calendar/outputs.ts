import { z } from "@agx-ext/core";
import { listingFields, tally } from "../outputs.js";

/** The `data` of the Calendar commands. Times are as Google gives them: RFC 3339, or YYYY-MM-DD for all-day events. */

const calendarItem = z.strictObject({
  id: z.string(),
  subject: z.string().describe('The event title, "(no title)" when it has none'),
  start: z.string().nullable(),
  end: z.string().nullable().describe("For all-day events the last day, inclusive"),
  allDay: z.boolean(),
  timeZone: z.string().nullable(),
  location: z.string().nullable(),
  description: z.string().nullable(),
  organizer: z.string().nullable().describe("The organizer's email address"),
  attendees: z.array(
    z.strictObject({ email: z.string().optional(), response: z.string().optional().describe("needsAction, declined, tentative or accepted") }),
  ),
  recurringEventId: z.string().nullable().describe("The recurring event this is an instance of"),
  status: z.string().nullable(),
  link: z.string().nullable().describe("The event in Google Calendar's web UI"),
});
/** One calendar event as the calendar commands report it, typed from its schema. */
export type CalendarItem = z.output<typeof calendarItem>;

/** `data` of the "Google - Get Calendar Items" command. */
export const getItemsOutput = z.strictObject({
  timeZone: z.string(),
  from: z.string().describe("Start of the range, in timeZone"),
  to: z.string().describe("End of the range, in timeZone"),
  ...listingFields,
  items: z.array(calendarItem),
});

const localTime = z.string().describe("RFC 3339 with the offset of timeZone");

/** `data` of the "Google - Get Available Timeslots" command. */
export const timeslotsOutput = z.strictObject({
  timeZone: z.string(),
  durationMinutes: z.number().int().positive(),
  count: tally(),
  slots: z.array(z.strictObject({ start_time: localTime, end_time: localTime })),
  busy: z.array(z.strictObject({ start: localTime, end: localTime })).describe("Busy times FreeBusy reported in the range"),
});

/** `data` of the "Google - Add Calendar Item" command. */
export const addItemOutput = z.strictObject({ created: z.literal(true), event_id: z.string(), event: calendarItem });

/** `data` of the "Google - Modify Calendar Item" command. */
export const modifyItemOutput = z.strictObject({
  updated: z.literal(true),
  event_id: z.string(),
  changed: z.array(z.string()).describe("The event fields sent to Google (summary, start, end, location, description, attendees)"),
  event: calendarItem,
});

/** `data` of the "Google - Remove Calendar Item" command. */
export const removeItemOutput = z.strictObject({ removed: z.literal(true), event_id: z.string() });
