import { minutesFromSeconds, type CommandResult } from "@agx-ext/core";
import { countOrNa, durationOrNa, extremes, offsetEntries, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { StressOutput } from "../outputs.js";
import { dailySummary, stressDetailSummary } from "../summaries.js";
import { localClockOf } from "../time-window.js";
import { dailyFor, noData, stressDetailFor } from "./pick.js";

/** Garmin's stress ranges: 0-25 rest, 26-50 low, 51-75 medium, 76-100 high. */
function stressBand(level: number): "rest" | "low" | "medium" | "high" {
  if (level <= 25) return "rest";
  if (level <= 50) return "low";
  if (level <= 75) return "medium";
  return "high";
}

/**
 * Get Stress Data: levels and time per range from the dailies summary, plus the day's 3-minute stress
 * samples from stressDetails (negative samples mean off-wrist or too active to measure).
 */
export async function stress(api: HealthApi, query: DayQuery): Promise<CommandResult<StressOutput>> {
  const dailies = await api.pull("dailies", dailySummary, query);
  const details = await api.pull("stressDetails", stressDetailSummary, query);
  const skipped = dailies.skipped + details.skipped;
  const daily = dailyFor(dailies.items, query.date);
  const detail = stressDetailFor(details.items, query.date);
  if (!daily && !detail) return noData(query.date, "stress data", skipped);
  const samples = offsetEntries(detail?.timeOffsetStressLevelValues).filter(([, level]) => level >= 0);
  const latest = samples.at(-1);
  const average = daily?.averageStressLevel ?? (samples.length ? Math.round(samples.reduce((s, [, v]) => s + v, 0) / samples.length) : undefined);
  const data = {
    date: query.date,
    found: true,
    averageStressLevel: orNull(average),
    maxStressLevel: orNull(daily?.maxStressLevel ?? (samples.length ? extremes(samples.map(([, v]) => v)).max : undefined)),
    band: average === undefined || average < 0 ? null : stressBand(average),
    qualifier: orNull(daily?.stressQualifier),
    minutes: {
      rest: minutesFromSeconds(daily?.restStressDurationInSeconds),
      low: minutesFromSeconds(daily?.lowStressDurationInSeconds),
      medium: minutesFromSeconds(daily?.mediumStressDurationInSeconds),
      high: minutesFromSeconds(daily?.highStressDurationInSeconds),
      activity: minutesFromSeconds(daily?.activityStressDurationInSeconds),
      stressed: minutesFromSeconds(daily?.stressDurationInSeconds),
    },
    sampleCount: samples.length,
    latest:
      latest && detail ? { time: localClockOf((detail.startTimeInSeconds ?? 0) + latest[0], detail.startTimeOffsetInSeconds ?? 0), level: latest[1] } : null,
    skipped,
  };
  const lines = [
    `**Stress on ${query.date}**: average ${countOrNa(data.averageStressLevel)}${data.band ? ` (${data.band})` : ""}, max ${countOrNa(data.maxStressLevel)}`,
    `- Rest: ${durationOrNa(daily?.restStressDurationInSeconds)}, low: ${durationOrNa(daily?.lowStressDurationInSeconds)}, medium: ${durationOrNa(daily?.mediumStressDurationInSeconds)}, high: ${durationOrNa(daily?.highStressDurationInSeconds)}`,
    `- Too active to measure: ${durationOrNa(daily?.activityStressDurationInSeconds)}`,
  ];
  if (data.latest) lines.push(`- Latest reading: ${data.latest.level} at ${data.latest.time}`);
  lines.push(...skippedLines(skipped));
  return { data, markdown: lines.join("\n") };
}
