import { minutesFromSeconds, type CommandResult } from "@agx-ext/core";
import { durationOrNa, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { SleepOutput } from "../outputs.js";
import { sleepSummary } from "../summaries.js";
import { localClockOf, localIsoOf } from "../time-window.js";
import { noData } from "./pick.js";

/**
 * Get Sleep Data: the sleeps summary whose calendarDate is the day. Garmin dates a night by the
 * morning it ends, so "today" is last night's sleep. Naps share the date; the longest record wins.
 */
export async function sleep(api: HealthApi, query: DayQuery): Promise<CommandResult<SleepOutput>> {
  const sleeps = await api.pull("sleeps", sleepSummary, query);
  const night = sleeps.items.filter((s) => s.calendarDate === query.date).sort((a, b) => (b.durationInSeconds ?? 0) - (a.durationInSeconds ?? 0))[0];
  if (!night) return noData(query.date, "sleep data", sleeps.skipped);
  const start = night.startTimeInSeconds ?? 0;
  const offset = night.startTimeOffsetInSeconds ?? 0;
  const duration = night.durationInSeconds ?? 0;
  const data = {
    date: query.date,
    found: true,
    start: localIsoOf(start, offset),
    end: localIsoOf(start + duration, offset),
    totalSleepMinutes: minutesFromSeconds(duration),
    deepSleepMinutes: minutesFromSeconds(night.deepSleepDurationInSeconds),
    lightSleepMinutes: minutesFromSeconds(night.lightSleepDurationInSeconds),
    remSleepMinutes: minutesFromSeconds(night.remSleepInSeconds),
    awakeMinutes: minutesFromSeconds(night.awakeDurationInSeconds),
    sleepScore: orNull(night.overallSleepScore?.value),
    sleepScoreQualifier: orNull(night.overallSleepScore?.qualifierKey),
    validation: orNull(night.validation),
    skipped: sleeps.skipped,
  };
  const lines = [
    `**Sleep ending ${query.date}**: ${localClockOf(start, offset)} - ${localClockOf(start + duration, offset)} (${durationOrNa(duration)})`,
    `- Deep: ${durationOrNa(night.deepSleepDurationInSeconds)}`,
    `- Light: ${durationOrNa(night.lightSleepDurationInSeconds)}`,
    `- REM: ${durationOrNa(night.remSleepInSeconds)}`,
    `- Awake: ${durationOrNa(night.awakeDurationInSeconds)}`,
    `- Sleep score: ${data.sleepScore ?? "n/a"}${data.sleepScoreQualifier ? ` (${data.sleepScoreQualifier.toLowerCase()})` : ""}`,
    ...skippedLines(sleeps.skipped),
  ];
  return { data, markdown: lines.join("\n") };
}
