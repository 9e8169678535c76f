import { CommandError, isoDate, z, type CommandContext } from "@agx-ext/core";
import type { DayQuery } from "./health-api.js";

/** The `date` input every day-based command takes: YYYY-MM-DD or "today" (the default). */
export const dateInput = isoDate()
  .or(z.literal("today"))
  .optional()
  .describe('Day to read, YYYY-MM-DD or "today" (default), in the host time zone');

/** Turns the `date` input into the day to query; a day that has not started yet is refused. */
export function dayQuery(date: string | undefined, context: CommandContext): DayQuery {
  const today = context.today();
  const day = date === undefined || date === "today" ? today : date;
  if (day > today)
    throw new CommandError("INVALID_INPUT", `date ${day} is in the future (today is ${today} in ${context.timeZone}); Garmin has no data for it yet.`, {
      details: { fields: ["date"] },
    });
  return { date: day, timeZone: context.timeZone, now: context.now(), signal: context.signal };
}
