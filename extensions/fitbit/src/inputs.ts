import { isSupportedDate, SUPPORTED_DATES, z } from "@agx-ext/core";

/** The `date` input every Fitbit command takes: YYYY-MM-DD or "today" (the default). */
export const dateInput = z.object({
  date: z
    .string()
    // Core's supported range keeps the day after the date, which every request needs, a YYYY-MM-DD date.
    .refine((value) => value === "today" || isSupportedDate(value), {
      message: `expected a real date as YYYY-MM-DD from ${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}, or "today"`,
    })
    .default("today")
    .describe('Day to read, YYYY-MM-DD or "today" (the host time zone\'s today, the default)'),
});

/** The parsed input of the "Get Steps", "Get Heart Rate", "Get Sleep Data", "Get Calories Burned", "Get Exercise Data", "Get Activity Summary", "Get Weight Data" and "Get Water Intake" commands. */
export type DateInput = z.infer<typeof dateInput>;

/** The day a command reads: the input's date, or today in the host time zone. */
export function resolveDate(input: DateInput, today: () => string): string {
  return input.date === "today" ? today() : input.date;
}
