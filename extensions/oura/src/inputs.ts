import { addDays, dateField, isSupportedDate, z } from "@agx-ext/core";

// Core's supported range: the day after end_date, which the heart-rate window needs, is still a YYYY-MM-DD date.
const day = (what: string) => dateField().optional().describe(what);

const fields = {
  start_date: day("First day, YYYY-MM-DD (default: 7 days before end_date)"),
  end_date: day("Last day, inclusive, YYYY-MM-DD (default: today in the host time zone)"),
};

type Ends = { start_date?: string | undefined; end_date?: string | undefined };

/** Both ends given and valid: zod still runs the range's checks when a field already failed, so they must not trust the fields. */
const bothDates = (input: Ends): input is { start_date: string; end_date: string } =>
  !!input.start_date && !!input.end_date && isSupportedDate(input.start_date) && isSupportedDate(input.end_date);

function startNotAfterEnd(input: Ends): boolean {
  return !bothDates(input) || input.start_date <= input.end_date;
}

const ORDER = { message: "start_date must not be after end_date", path: ["start_date"] };

/** A date range over days; both ends optional. */
export const rangeInput = z.object(fields).refine(startNotAfterEnd, ORDER);

/** Oura answers at most 30 days of heart-rate samples per request window. */
export const HEART_RATE_MAX_DAYS = 30;

/** Input of the "Get Oura Heart Rate" command. */
export const heartRateInput = z
  .object({
    ...fields,
    include_samples: z.boolean().default(false).describe("Also return every sample (timestamp, bpm, source)"),
  })
  .refine(startNotAfterEnd, ORDER)
  .refine((i) => !bothDates(i) || addDays(i.start_date, HEART_RATE_MAX_DAYS) > i.end_date, {
    message: `the range may span at most ${HEART_RATE_MAX_DAYS} days`,
    path: ["start_date"],
  });

/** The parsed input of the "Get Oura Ring Data", "Get Oura Sleep", "Get Oura Readiness", "Get Oura Activity" and "Get Oura Workouts" commands. */
export type RangeInput = z.infer<typeof rangeInput>;

/** The first and last day a command reads, both inclusive, YYYY-MM-DD. */
export interface DateRange {
  start: string;
  end: string;
}

/** The start_date/end_date query parameters of Oura's daily collections for the range. */
export function dayParams(range: DateRange): { start_date: string; end_date: string } {
  return { start_date: range.start, end_date: range.end };
}

/** Fills the defaults: end = today, start = end - 7 days (the original extension's window). */
export function resolveRange(input: RangeInput, today: string): DateRange {
  const end = input.end_date ?? (input.start_date && input.start_date > today ? input.start_date : today);
  const start = input.start_date ?? addDays(end, -7);
  return { start, end };
}
