import type { CommandResult } from "@agx-ext/core";
import { hoursMinutes, minutesOf, orNull } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { SleepSummary } from "../summaries.js";
import { localClockOf, localIsoOf } from "../time-window.js";
import { noData } from "./pick.js";

/**
 * Get Sleep Data: the sleeps summary whose calendarDate is the day. Garmin dates a night by the
 * morning it ends, so "today" is last night's sleep. Naps share the date; the longest record wins.
 */
export async function sleep(api: HealthApi, query: DayQuery): Promise<CommandResult> {
  const night = (await api.pull<SleepSummary>("sleeps", query))
    .filter((s) => s.calendarDate === query.date)
    .sort((a, b) => (b.durationInSeconds ?? 0) - (a.durationInSeconds ?? 0))[0];
  if (!night) return noData(query.date, "sleep data");
  const start = night.startTimeInSeconds ?? 0;
  const offset = night.startTimeOffsetInSeconds ?? 0;
  const duration = night.durationInSeconds ?? 0;
  const data = {
    date: query.date,
    found: true,
    start: localIsoOf(start, offset),
    end: localIsoOf(start + duration, offset),
    totalSleepMinutes: minutesOf(duration),
    deepSleepMinutes: minutesOf(night.deepSleepDurationInSeconds),
    lightSleepMinutes: minutesOf(night.lightSleepDurationInSeconds),
    remSleepMinutes: minutesOf(night.remSleepInSeconds),
    awakeMinutes: minutesOf(night.awakeDurationInSeconds),
    sleepScore: orNull(night.overallSleepScore?.value),
    sleepScoreQualifier: orNull(night.overallSleepScore?.qualifierKey),
    validation: orNull(night.validation),
  };
  const lines = [
    `**Sleep ending ${query.date}**: ${localClockOf(start, offset)} - ${localClockOf(start + duration, offset)} (${hoursMinutes(duration)})`,
    `- Deep: ${hoursMinutes(night.deepSleepDurationInSeconds)}`,
    `- Light: ${hoursMinutes(night.lightSleepDurationInSeconds)}`,
    `- REM: ${hoursMinutes(night.remSleepInSeconds)}`,
    `- Awake: ${hoursMinutes(night.awakeDurationInSeconds)}`,
    `- Sleep score: ${data.sleepScore ?? "n/a"}${data.sleepScoreQualifier ? ` (${data.sleepScoreQualifier.toLowerCase()})` : ""}`,
  ];
  return { data, markdown: lines.join("\n") };
}
