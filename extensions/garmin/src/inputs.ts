import { CommandError, dateField, z, type CommandContext } from "@agx-ext/core";
import type { DayQuery } from "./health-api.js";

/** The `date` input every day-based command takes: YYYY-MM-DD or "today" (the default). */
const dateInput = dateField().or(z.literal("today")).optional().describe('Day to read, YYYY-MM-DD or "today" (default), in the host time zone');

/** Garmin pulls summaries by upload time in epoch seconds, which cannot name anything earlier. */
const FIRST_DAY = "1970-01-01";

/** Turns the `date` input into the day to query; a day that has not started yet is refused. */
export function dayQuery(date: string | undefined, context: CommandContext): DayQuery {
  const today = context.today();
  const day = date === undefined || date === "today" ? today : date;
  if (day < FIRST_DAY)
    throw new CommandError("INVALID_INPUT", `date ${day} is before ${FIRST_DAY}; Garmin's upload times are seconds since 1970, so it has nothing earlier.`, {
      details: { fields: ["date"] },
    });
  if (day > today)
    throw new CommandError("INVALID_INPUT", `date ${day} is in the future (today is ${today} in ${context.timeZone}); Garmin has no data for it yet.`, {
      details: { fields: ["date"] },
    });
  return { date: day, timeZone: context.timeZone, now: context.now(), signal: context.signal };
}

/** Input of the commands that read one day: "Get Heart Rate", "Get Steps", "Get Sleep Data", "Get Daily Summary", "Get Stress Data", "Get Body Battery". */
export const dayOnly = z.object({ date: dateInput });

/** Input of "Get GPS Data". */
export const gpsInput = z.object({
  activity_id: z.string().regex(/^\d+$/, "expected a numeric Garmin activity id").optional().describe("Garmin activity id, from Get Activity Data"),
  date: dateInput.describe('Day the activity started, YYYY-MM-DD or "today" (default)'),
});

/** Input of "Get Activity Data". */
export const activityInput = z.object({
  date: dateInput,
  limit: z.coerce.number().int().min(1).max(100).default(10).describe("Most activities to return (1-100, default 10)"),
});

/** Input of "Garmin - Import OAuth 1.0a Token". */
export const importTokenInput = z.object({
  oauth_token: z.string().min(1).describe("The user's OAuth 1.0a access token"),
  oauth_token_secret: z.string().min(1).describe("The user's OAuth 1.0a token secret"),
});
