import { formatCount, formatDecimal, formatDuration, minutesFromSeconds, type CommandResult } from "@agx-ext/core";
import { combined, durationMinutes, int, label, noteLines } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";
import { exerciseDataPoint, type DailyRollupDataPoint, type ExercisePoint } from "../health-types.js";
import type { ActivitySummaryOutput, CaloriesOutput, Exercise, ExerciseOutput } from "../outputs.js";

/** Active minutes of a day by activity level, from an `active-minutes` roll-up. */
function activeMinutesByLevel(point: DailyRollupDataPoint | undefined) {
  const levels = { light: 0, moderate: 0, vigorous: 0 };
  for (const entry of point?.activeMinutes?.activeMinutesRollupByActivityLevel ?? []) {
    const level = entry.activityLevel?.toLowerCase();
    if (level === "light" || level === "moderate" || level === "vigorous") levels[level] += int(entry.activeMinutesSum);
  }
  return levels;
}

const kilometres = (millimetres: number) => Math.round(millimetres / 10_000) / 100;

/** Get Calories Burned: the `total-calories` roll-up of the day. */
export async function caloriesBurned(api: HealthApi, date: string): Promise<CommandResult<CaloriesOutput>> {
  const { point, skipped } = await api.dailyRollUp("total-calories", date);
  const kcal = point?.totalCalories?.kcalSum;
  const notes = noteLines({ skipped }).join("\n");
  if (kcal === undefined) return { data: { date, caloriesKcal: null, skipped }, markdown: `No calorie data found for ${date}.${notes}` };
  const rounded = Math.round(kcal);
  return { data: { date, caloriesKcal: rounded, skipped }, markdown: `Calories burned on ${date}: ${formatCount(rounded)} kcal${notes}` };
}

function shapeExercise(exercise: ExercisePoint): Exercise {
  const metrics = exercise.metricsSummary ?? {};
  const start = Date.parse(exercise.interval.startTime);
  const end = Date.parse(exercise.interval.endTime);
  const minutes = exercise.activeDuration ? durationMinutes(exercise.activeDuration) : minutesFromSeconds((end - start) / 1000);
  return {
    name: exercise.displayName,
    type: exercise.exerciseType ?? "EXERCISE_TYPE_UNSPECIFIED",
    startTime: exercise.interval.startTime,
    endTime: exercise.interval.endTime,
    activeMinutes: minutes,
    caloriesKcal: metrics.caloriesKcal === undefined ? null : Math.round(metrics.caloriesKcal),
    distanceKm: metrics.distanceMillimeters === undefined ? null : kilometres(metrics.distanceMillimeters),
    steps: metrics.steps === undefined ? null : int(metrics.steps),
    averageHeartRateBpm: metrics.averageHeartRateBeatsPerMinute === undefined ? null : int(metrics.averageHeartRateBeatsPerMinute),
  };
}

/** Get Exercise Data: distance, active minutes and floors of the day, and the exercises that started on it. */
export async function exerciseData(api: HealthApi, date: string): Promise<CommandResult<ExerciseOutput>> {
  const filter = dayFilter("exercise", "interval.civil_start_time", date);
  const [distance, active, floors, exercises] = await Promise.all([
    api.dailyRollUp("distance", date),
    api.dailyRollUp("active-minutes", date),
    api.dailyRollUp("floors", date),
    api.list("exercise", exerciseDataPoint, { filter }),
  ]);
  const notes = combined(distance, active, floors, exercises);
  const activeMinutes = activeMinutesByLevel(active.point);
  const sessions = exercises.items.map((p) => shapeExercise(p.exercise));
  sessions.sort((a, b) => a.startTime.localeCompare(b.startTime));
  const data: ExerciseOutput = {
    date,
    distanceKm: kilometres(int(distance.point?.distance?.millimetersSum)),
    activeMinutes,
    floors: int(floors.point?.floors?.countSum),
    exercises: sessions,
    ...notes,
  };
  const lines = [
    `**Exercise on ${date}**`,
    `- Distance: ${formatDecimal(data.distanceKm, 1)} km`,
    `- Active minutes: ${activeMinutes.moderate + activeMinutes.vigorous} moderate or vigorous, ${activeMinutes.light} light`,
    `- Floors: ${formatCount(data.floors)}`,
    "",
    sessions.length ? "Exercises:" : "No exercises recorded.",
    ...sessions.map((s) => {
      const extras = [
        s.caloriesKcal !== null ? `${formatCount(s.caloriesKcal)} kcal` : "",
        s.distanceKm !== null ? `${formatDecimal(s.distanceKm, 1)} km` : "",
      ].filter(Boolean);
      return `- ${s.name} (${label(s.type)}): ${formatDuration(s.activeMinutes)}${extras.length ? `, ${extras.join(", ")}` : ""}`;
    }),
    ...noteLines(notes),
  ];
  return { data, markdown: lines.join("\n") };
}

/** Get Activity Summary: the day's totals from the activity roll-ups. */
export async function activitySummary(api: HealthApi, date: string): Promise<CommandResult<ActivitySummaryOutput>> {
  const [steps, calories, distance, active, floors, zones] = await Promise.all([
    api.dailyRollUp("steps", date),
    api.dailyRollUp("total-calories", date),
    api.dailyRollUp("distance", date),
    api.dailyRollUp("active-minutes", date),
    api.dailyRollUp("floors", date),
    api.dailyRollUp("active-zone-minutes", date),
  ]);
  const { skipped } = combined(steps, calories, distance, active, floors, zones);
  const activeMinutes = activeMinutesByLevel(active.point);
  const azm = zones.point?.activeZoneMinutes;
  const data: ActivitySummaryOutput = {
    date,
    steps: int(steps.point?.steps?.countSum),
    caloriesKcal: Math.round(calories.point?.totalCalories?.kcalSum ?? 0),
    distanceKm: kilometres(int(distance.point?.distance?.millimetersSum)),
    floors: int(floors.point?.floors?.countSum),
    activeMinutes,
    activeZoneMinutes: {
      fatBurn: int(azm?.sumInFatBurnHeartZone),
      cardio: int(azm?.sumInCardioHeartZone),
      peak: int(azm?.sumInPeakHeartZone),
    },
    skipped,
  };
  const zoneTotal = data.activeZoneMinutes.fatBurn + data.activeZoneMinutes.cardio + data.activeZoneMinutes.peak;
  const markdown = [
    `**Activity on ${date}**`,
    `- Steps: ${formatCount(data.steps)}`,
    `- Calories burned: ${formatCount(data.caloriesKcal)} kcal`,
    `- Distance: ${formatDecimal(data.distanceKm, 1)} km`,
    `- Floors: ${formatCount(data.floors)}`,
    `- Active minutes: ${activeMinutes.light} light, ${activeMinutes.moderate} moderate, ${activeMinutes.vigorous} vigorous`,
    `- Active zone minutes: ${zoneTotal}`,
    ...noteLines({ skipped }),
  ].join("\n");
  return { data, markdown };
}
