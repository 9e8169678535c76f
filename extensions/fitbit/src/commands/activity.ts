import { formatCount, formatDecimal, formatDuration, minutesFromSeconds, type CommandResult } from "@agx-ext/core";
import { durationMinutes, int, label } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";
import type { DailyRollupDataPoint, ExercisePoint } from "../health-types.js";

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
export async function caloriesBurned(api: HealthApi, date: string): Promise<CommandResult> {
  const point = await api.dailyRollUp("total-calories", date);
  const kcal = point?.totalCalories?.kcalSum;
  if (kcal === undefined) return { data: { date, caloriesKcal: null }, markdown: `No calorie data found for ${date}.` };
  const rounded = Math.round(kcal);
  return { data: { date, caloriesKcal: rounded }, markdown: `Calories burned on ${date}: ${formatCount(rounded)} kcal` };
}

function shapeExercise(exercise: ExercisePoint) {
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
export async function exerciseData(api: HealthApi, date: string): Promise<CommandResult> {
  const filter = dayFilter("exercise", "interval.civil_start_time", date);
  const [distance, active, floors, exercises] = await Promise.all([
    api.dailyRollUp("distance", date),
    api.dailyRollUp("active-minutes", date),
    api.dailyRollUp("floors", date),
    api.list("exercise", { filter }),
  ]);
  const activeMinutes = activeMinutesByLevel(active);
  const sessions = exercises.flatMap((p) => (p.exercise ? [shapeExercise(p.exercise)] : []));
  sessions.sort((a, b) => a.startTime.localeCompare(b.startTime));
  const data = {
    date,
    distanceKm: kilometres(int(distance?.distance?.millimetersSum)),
    activeMinutes,
    floors: int(floors?.floors?.countSum),
    exercises: sessions,
  };
  const lines = [
    `**Exercise on ${date}**`,
    `- Distance: ${formatDecimal(data.distanceKm, 1)} km`,
    `- Active minutes: ${activeMinutes.moderate + activeMinutes.vigorous} moderate or vigorous, ${activeMinutes.light} light`,
    `- Floors: ${formatCount(data.floors)}`,
    "",
    sessions.length ? "Exercises:" : "No exercises recorded.",
    ...sessions.map((s) => {
      const extras = [s.caloriesKcal !== null ? `${formatCount(s.caloriesKcal)} kcal` : "", s.distanceKm !== null ? `${formatDecimal(s.distanceKm, 1)} km` : ""].filter(Boolean);
      return `- ${s.name} (${label(s.type)}): ${formatDuration(s.activeMinutes)}${extras.length ? `, ${extras.join(", ")}` : ""}`;
    }),
  ];
  return { data, markdown: lines.join("\n") };
}

/** Get Activity Summary: the day's totals from the activity roll-ups. */
export async function activitySummary(api: HealthApi, date: string): Promise<CommandResult> {
  const [steps, calories, distance, active, floors, zones] = await Promise.all([
    api.dailyRollUp("steps", date),
    api.dailyRollUp("total-calories", date),
    api.dailyRollUp("distance", date),
    api.dailyRollUp("active-minutes", date),
    api.dailyRollUp("floors", date),
    api.dailyRollUp("active-zone-minutes", date),
  ]);
  const activeMinutes = activeMinutesByLevel(active);
  const azm = zones?.activeZoneMinutes;
  const data = {
    date,
    steps: int(steps?.steps?.countSum),
    caloriesKcal: Math.round(calories?.totalCalories?.kcalSum ?? 0),
    distanceKm: kilometres(int(distance?.distance?.millimetersSum)),
    floors: int(floors?.floors?.countSum),
    activeMinutes,
    activeZoneMinutes: {
      fatBurn: int(azm?.sumInFatBurnHeartZone),
      cardio: int(azm?.sumInCardioHeartZone),
      peak: int(azm?.sumInPeakHeartZone),
    },
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
  ].join("\n");
  return { data, markdown };
}
