import { dateField, isValidTimeZone, z } from "@agx-ext/core";
import { emailAddress, googleId } from "../inputs.js";
import { isTimeInput } from "./zoned-time.js";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const timeInput = () =>
  z.string().refine(isTimeInput, {
    message: "expected YYYY-MM-DD (all day), YYYY-MM-DDTHH:MM (in time_zone) or an RFC 3339 time with offset",
  });

const timeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'expected an IANA time zone like "Europe/Berlin"' })
  .optional()
  .describe("IANA time zone for local times and results; defaults to the host's time zone");

const attendees = z
  .union([emailAddress(), z.array(emailAddress())])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .optional()
  .describe("Attendee email address or list of addresses");

const sendUpdates = z.enum(["all", "externalOnly", "none"]).default("none").describe("Whom Google emails about the change");

/** Input of the "Google - Get Calendar Items" command. */
export const getItemsInput = z.object({
  start_date: timeInput().optional().describe("Start of the range; defaults to now"),
  end_date: timeInput().optional().describe("End of the range (a date means through that day); defaults to 7 days after start"),
  max_items: z.number().int().min(1).max(2500).default(10),
  time_zone: timeZone,
});

/** Input of the "Google - Get Available Timeslots" command. */
export const timeslotsInput = z
  .object({
    start_date: dateField().describe("First day to search, YYYY-MM-DD"),
    num_days: z.number().int().min(1).max(31).default(7),
    work_day_start: z.string().regex(HH_MM, "expected HH:MM").default("09:00"),
    work_day_end: z.string().regex(HH_MM, "expected HH:MM").default("17:00"),
    duration_minutes: z.number().int().min(5).max(720).default(30),
    buffer_minutes: z.number().int().min(0).max(240).default(0),
    include_weekends: z.boolean().default(false),
    time_zone: timeZone,
  })
  .refine((v) => v.work_day_start < v.work_day_end, { message: "work_day_end must be after work_day_start", path: ["work_day_end"] });

/** Input of the "Google - Add Calendar Item" command. */
export const addItemInput = z.object({
  subject: z.string().min(1).max(1024),
  start_time: timeInput(),
  end_time: timeInput().describe("For all-day events, the last day (inclusive)"),
  location: z.string().max(1024).optional(),
  attendees,
  description: z.string().max(8192).optional(),
  check_availability: z.boolean().default(true).describe("Refuse when FreeBusy shows the time is taken"),
  time_zone: timeZone,
  send_updates: sendUpdates,
});

/** Input of the "Google - Modify Calendar Item" command. */
export const modifyItemInput = z
  .object({
    event_id: googleId("event id"),
    subject: z.string().min(1).max(1024).optional(),
    start_time: timeInput().optional(),
    end_time: timeInput().optional(),
    location: z.string().max(1024).optional(),
    attendees,
    description: z.string().max(8192).optional(),
    check_availability: z.boolean().default(true),
    time_zone: timeZone,
    send_updates: sendUpdates,
  })
  .refine((v) => [v.subject, v.start_time, v.end_time, v.location, v.attendees, v.description].some((field) => field !== undefined), {
    message: "give at least one field to change (subject, start_time, end_time, location, attendees, description)",
    path: ["event_id"],
  });

/** Input of the "Google - Remove Calendar Item" command. */
export const removeItemInput = z.object({
  item_id: googleId("event id"),
  send_updates: sendUpdates,
});
