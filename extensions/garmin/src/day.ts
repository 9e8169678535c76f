import { CommandError, dateField, z, type CommandContext } from "@agx-ext/core";
import type { DayQuery } from "./health-api.js";

/** The `date` input every day-based command takes: YYYY-MM-DD or "today" (the default). */
export const dateInput = dateField()
  .or(z.literal("today"))
  .optional()
  .describe('Day to read, YYYY-MM-DD or "today" (default), in the host time zone');

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
