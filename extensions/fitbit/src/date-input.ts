import { isIsoDate, z } from "@agx-ext/core";

/** The `date` input every Fitbit command takes: YYYY-MM-DD or "today" (the default). */
export const dateInput = z.object({
  date: z
    .string()
    .refine((value) => value === "today" || isIsoDate(value), { message: 'expected a real date as YYYY-MM-DD, or "today"' })
    .default("today")
    .describe('Day to read, YYYY-MM-DD or "today" (the host time zone\'s today, the default)'),
});

export type DateInput = z.infer<typeof dateInput>;

export function resolveDate(input: DateInput, today: () => string): string {
  return input.date === "today" ? today() : input.date;
}
