import { skippedLines } from "../format.js";
import type { NoDataOutput } from "../outputs.js";
import type { DailySummary, StressDetailSummary } from "../summaries.js";

/** The day's daily summary: Garmin may send several (one per device); the longest covers the most. */
export function dailyFor(dailies: DailySummary[], date: string): DailySummary | undefined {
  return dailies
    .filter((d) => d.calendarDate === date)
    .reduce<DailySummary | undefined>((best, d) => (!best || (d.durationInSeconds ?? 0) >= (best.durationInSeconds ?? 0) ? d : best), undefined);
}

/** The day's stress details: the last one uploaded is Garmin's latest version of the day. */
export function stressDetailFor(details: StressDetailSummary[], date: string): StressDetailSummary | undefined {
  return details.filter((d) => d.calendarDate === date).at(-1);
}

/** The answer for a day Garmin has nothing for: not an error, the watch may simply not have synced. */
export function noData(date: string, what: string, skipped: number): { data: NoDataOutput; markdown: string } {
  return {
    data: { date, found: false, skipped },
    markdown: [`No ${what} from Garmin for ${date} yet (the device may not have synced).`, ...skippedLines(skipped)].join("\n"),
  };
}
