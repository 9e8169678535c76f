import { addDays, CommandError, roundTo, type CommandResult, type z } from "@agx-ext/core";
import { noteLines, table } from "../format.js";
import type { heartRateDay, HeartRateOutput } from "../outputs.js";
import { MAX_PAGES, type OuraApi } from "../oura-api.js";
import { heartRateSample, type HeartRateSample } from "../oura-types.js";
import { HEART_RATE_MAX_DAYS, type DateRange } from "../inputs.js";
import { dayWindow } from "../time.js";

type DayStats = z.output<typeof heartRateDay>;

function statsByDay(samples: HeartRateSample[], timeZone: string): DayStats[] {
  // One formatter for all samples (a month holds thousands); en-CA formats as YYYY-MM-DD.
  const localDay = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const days = new Map<string, number[]>();
  for (const s of samples) {
    const day = localDay.format(new Date(s.timestamp));
    const bpm = days.get(day);
    if (bpm) bpm.push(s.bpm);
    else days.set(day, [s.bpm]);
  }
  // A loop, not Math.min(...bpm): a day of samples can outgrow the arguments a call may take.
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, bpm]) => ({
      day,
      samples: bpm.length,
      minBpm: bpm.reduce((min, v) => (v < min ? v : min), Infinity),
      maxBpm: bpm.reduce((max, v) => (v > max ? v : max), -Infinity),
      averageBpm: roundTo(bpm.reduce((sum, v) => sum + v, 0) / bpm.length, 1),
    }));
}

/** Get Oura Heart Rate: the heart-rate samples of whole days in the host time zone, summarised per day. */
export async function heartRate(api: OuraApi, range: DateRange, timeZone: string, includeSamples: boolean): Promise<CommandResult<HeartRateOutput>> {
  if (addDays(range.start, HEART_RATE_MAX_DAYS) <= range.end)
    throw new CommandError(
      "INVALID_INPUT",
      `Invalid input for heart rate: the range may span at most ${HEART_RATE_MAX_DAYS} days; set start_date closer to end_date.`,
      {
        details: { fields: ["start_date"] },
      },
    );
  const listing = await api.collection("heartrate", dayWindow(range.start, range.end, timeZone), heartRateSample, MAX_PAGES.heartrate);
  const samples = listing.items;
  const days = statsByDay(samples, timeZone);
  const data: HeartRateOutput = {
    startDate: range.start,
    endDate: range.end,
    sampleCount: samples.length,
    days,
    skipped: listing.skipped,
    truncated: listing.truncated,
    ...(includeSamples ? { samples: samples.map((s) => ({ timestamp: s.timestamp, bpm: s.bpm, source: s.source })) } : {}),
  };
  const markdown = [
    `**Oura heart rate, ${range.start} to ${range.end}** (${samples.length} samples)`,
    "",
    table(
      ["Day", "Samples", "Min", "Average", "Max"],
      days.map((d) => [d.day, d.samples, d.minBpm, d.averageBpm, d.maxBpm]),
      "No heart rate data found.",
    ),
    ...noteLines(listing, MAX_PAGES.heartrate),
  ].join("\n");
  return { data, markdown };
}
