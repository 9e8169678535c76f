import { formatCount, formatDuration, minutesFromSeconds, type CommandResult } from "@agx-ext/core";
import type { ActivityOutput, ReadinessOutput, SleepOutput, WorkoutsOutput } from "../outputs.js";
import { combined, noteLines, table } from "../format.js";
import { MAX_PAGES, type OuraApi } from "../oura-api.js";
import { dailyActivity, dailyReadiness, dailySleep, sleepPeriod, workout } from "../oura-types.js";
import { dayParams, type DateRange } from "../inputs.js";

const span = (range: DateRange) => (range.start === range.end ? range.start : `${range.start} to ${range.end}`);

/** Get Oura Sleep: daily sleep scores and every sleep period (night sleep and naps) in the range. */
export async function sleep(api: OuraApi, range: DateRange): Promise<CommandResult<SleepOutput>> {
  const [scores, periods] = await Promise.all([
    api.collection("daily_sleep", dayParams(range), dailySleep, MAX_PAGES.daily),
    api.collection("sleep", dayParams(range), sleepPeriod, MAX_PAGES.daily),
  ]);
  const notes = combined(scores, periods);
  const shaped = periods.items.map((p) => ({
    day: p.day,
    type: p.type ?? null,
    bedtimeStart: p.bedtime_start,
    bedtimeEnd: p.bedtime_end,
    timeInBedMinutes: minutesFromSeconds(p.time_in_bed),
    totalSleepMinutes: minutesFromSeconds(p.total_sleep_duration),
    deepSleepMinutes: minutesFromSeconds(p.deep_sleep_duration),
    lightSleepMinutes: minutesFromSeconds(p.light_sleep_duration),
    remSleepMinutes: minutesFromSeconds(p.rem_sleep_duration),
    awakeMinutes: minutesFromSeconds(p.awake_time),
    efficiencyPercent: p.efficiency ?? null,
    latencyMinutes: minutesFromSeconds(p.latency),
    averageHeartRateBpm: p.average_heart_rate ?? null,
    lowestHeartRateBpm: p.lowest_heart_rate ?? null,
    averageHrvMs: p.average_hrv ?? null,
  }));
  const data: SleepOutput = {
    startDate: range.start,
    endDate: range.end,
    dailyScores: scores.items.map((s) => ({ day: s.day, score: s.score ?? null, contributors: s.contributors ?? {} })),
    periods: shaped,
    ...notes,
  };
  const markdown = [
    `**Oura sleep, ${span(range)}**`,
    "",
    table(
      ["Day", "Sleep score"],
      data.dailyScores.map((s) => [s.day, s.score]),
      "No daily sleep scores.",
    ),
    "",
    table(
      ["Day", "Type", "Asleep", "Deep", "REM", "Efficiency"],
      shaped.map((p) => [
        p.day,
        p.type,
        p.totalSleepMinutes === null ? null : formatDuration(p.totalSleepMinutes),
        p.deepSleepMinutes === null ? null : `${p.deepSleepMinutes} min`,
        p.remSleepMinutes === null ? null : `${p.remSleepMinutes} min`,
        p.efficiencyPercent === null ? null : `${p.efficiencyPercent}%`,
      ]),
      "No sleep periods.",
    ),
    ...noteLines(notes, MAX_PAGES.daily),
  ].join("\n");
  return { data, markdown };
}

/** Get Oura Readiness: readiness score, temperature deviation and contributors per day. */
export async function readiness(api: OuraApi, range: DateRange): Promise<CommandResult<ReadinessOutput>> {
  const docs = await api.collection("daily_readiness", dayParams(range), dailyReadiness, MAX_PAGES.daily);
  const days = docs.items.map((d) => ({
    day: d.day,
    score: d.score ?? null,
    temperatureDeviationC: d.temperature_deviation ?? null,
    contributors: d.contributors ?? {},
  }));
  const markdown = [
    `**Oura readiness, ${span(range)}**`,
    "",
    table(
      ["Day", "Score", "Temperature deviation (°C)"],
      days.map((d) => [d.day, d.score, d.temperatureDeviationC]),
      "No readiness data found.",
    ),
    ...noteLines(docs, MAX_PAGES.daily),
  ].join("\n");
  return { data: { startDate: range.start, endDate: range.end, days, skipped: docs.skipped, truncated: docs.truncated }, markdown };
}

/** Get Oura Activity: steps, calories, walking distance and activity minutes per day. */
export async function activity(api: OuraApi, range: DateRange): Promise<CommandResult<ActivityOutput>> {
  const docs = await api.collection("daily_activity", dayParams(range), dailyActivity, MAX_PAGES.daily);
  const days = docs.items.map((d) => ({
    day: d.day,
    score: d.score ?? null,
    steps: d.steps,
    activeCalories: d.active_calories,
    totalCalories: d.total_calories,
    targetCalories: d.target_calories,
    equivalentWalkingDistanceMeters: d.equivalent_walking_distance,
    highActivityMinutes: minutesFromSeconds(d.high_activity_time),
    mediumActivityMinutes: minutesFromSeconds(d.medium_activity_time),
    lowActivityMinutes: minutesFromSeconds(d.low_activity_time),
    sedentaryMinutes: minutesFromSeconds(d.sedentary_time),
  }));
  const totalSteps = days.reduce((sum, d) => sum + d.steps, 0);
  const markdown = [
    `**Oura activity, ${span(range)}** (${formatCount(totalSteps)} steps in total)`,
    "",
    table(
      ["Day", "Score", "Steps", "Active kcal", "Total kcal"],
      days.map((d) => [d.day, d.score, d.steps, d.activeCalories, d.totalCalories]),
      "No activity data found.",
    ),
    ...noteLines(docs, MAX_PAGES.daily),
  ].join("\n");
  return { data: { startDate: range.start, endDate: range.end, totalSteps, days, skipped: docs.skipped, truncated: docs.truncated }, markdown };
}

/** Get Oura Workouts: every workout (auto-detected or entered) in the range. */
export async function workouts(api: OuraApi, range: DateRange): Promise<CommandResult<WorkoutsOutput>> {
  const docs = await api.collection("workout", dayParams(range), workout, MAX_PAGES.daily);
  const list = docs.items.map((w) => ({
    day: w.day,
    activity: w.activity,
    label: w.label ?? null,
    startDatetime: w.start_datetime,
    endDatetime: w.end_datetime,
    durationMinutes: minutesFromSeconds((Date.parse(w.end_datetime) - Date.parse(w.start_datetime)) / 1000),
    calories: w.calories ?? null,
    distanceMeters: w.distance ?? null,
    intensity: w.intensity,
    source: w.source,
  }));
  const markdown = [
    `**Oura workouts, ${span(range)}**`,
    "",
    table(
      ["Day", "Activity", "Duration", "Calories", "Intensity"],
      list.map((w) => [w.day, w.label ?? w.activity, formatDuration(w.durationMinutes), w.calories === null ? null : Math.round(w.calories), w.intensity]),
      "No workouts found.",
    ),
    ...noteLines(docs, MAX_PAGES.daily),
  ].join("\n");
  return { data: { startDate: range.start, endDate: range.end, workouts: list, skipped: docs.skipped, truncated: docs.truncated }, markdown };
}
