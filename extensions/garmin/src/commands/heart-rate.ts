import { roundTo, type CommandResult } from "@agx-ext/core";
import { countOrNa, extremes, offsetEntries, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { HeartRateOutput, HourlyHeartRate } from "../outputs.js";
import { dailySummary, type DailySummary } from "../summaries.js";
import { localClockOf } from "../time-window.js";
import { dailyFor, noData } from "./pick.js";

/** Get Heart Rate: the dailies summary's heart-rate fields plus its 15-second samples rolled up per hour. */
export async function heartRate(api: HealthApi, query: DayQuery): Promise<CommandResult<HeartRateOutput>> {
  const dailies = await api.pull("dailies", dailySummary, query);
  const daily = dailyFor(dailies.items, query.date);
  if (!daily) return noData(query.date, "heart rate data", dailies.skipped);
  const samples = offsetEntries(daily.timeOffsetHeartRateSamples).filter(([, bpm]) => bpm > 0);
  const hourly = hourlyRollUp(daily, samples);
  const data: HeartRateOutput = {
    date: query.date,
    found: true,
    restingHeartRateBpm: orNull(daily.restingHeartRateInBeatsPerMinute),
    averageHeartRateBpm: orNull(daily.averageHeartRateInBeatsPerMinute),
    minHeartRateBpm: orNull(daily.minHeartRateInBeatsPerMinute),
    maxHeartRateBpm: orNull(daily.maxHeartRateInBeatsPerMinute),
    sampleCount: samples.length,
    hourly,
    skipped: dailies.skipped,
  };
  const lines = [
    `**Heart rate on ${query.date}**`,
    `- Resting: ${countOrNa(data.restingHeartRateBpm)} bpm`,
    `- Average: ${countOrNa(data.averageHeartRateBpm)} bpm`,
    `- Min / max: ${countOrNa(data.minHeartRateBpm)} / ${countOrNa(data.maxHeartRateBpm)} bpm`,
    `- Samples: ${countOrNa(data.sampleCount)}${hourly.length ? ` over ${hourly.length} hours` : ""}`,
    ...skippedLines(dailies.skipped),
  ];
  return { data, markdown: lines.join("\n") };
}

/** Samples as [offsetSeconds, bpm] from the daily's start, grouped by local hour. */
function hourlyRollUp(daily: DailySummary, samples: Array<[number, number]>): HourlyHeartRate[] {
  const start = daily.startTimeInSeconds ?? 0;
  const offset = daily.startTimeOffsetInSeconds ?? 0;
  const byHour = new Map<string, number[]>();
  for (const [at, bpm] of samples) {
    const hour = `${localClockOf(start + at, offset).slice(0, 2)}:00`;
    const values = byHour.get(hour);
    if (values) values.push(bpm);
    else byHour.set(hour, [bpm]);
  }
  return [...byHour.entries()].map(([hour, values]) => {
    const { min, max } = extremes(values);
    return { hour, averageBpm: roundTo(values.reduce((a, b) => a + b, 0) / values.length, 1), minBpm: min, maxBpm: max };
  });
}
