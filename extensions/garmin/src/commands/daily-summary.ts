import type { CommandResult } from "@agx-ext/core";
import { count, kilometres, minutesOf, orNull, percentOf, round } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { BodyCompositionSummary, DailySummary } from "../summaries.js";
import { localDateOf } from "../time-window.js";
import { dailyFor, noData } from "./pick.js";

/** Get Daily Summary: activity and health blocks from the dailies summary, plus the day's weigh-in (bodyComps). */
export async function dailySummary(api: HealthApi, query: DayQuery): Promise<CommandResult> {
  const daily = dailyFor(await api.pull<DailySummary>("dailies", query), query.date);
  if (!daily) return noData(query.date, "daily summary");
  const weighIn = (await api.pull<BodyCompositionSummary>("bodyComps", query))
    .filter((b) => localDateOf(b.measurementTimeInSeconds, b.measurementTimeOffsetInSeconds) === query.date)
    .sort((a, b) => a.measurementTimeInSeconds - b.measurementTimeInSeconds)
    .at(-1);
  const stepsValue = daily.steps ?? 0;
  const goalPercent = percentOf(stepsValue, daily.stepsGoal);
  const intensitySeconds = (daily.moderateIntensityDurationInSeconds ?? 0) + 2 * (daily.vigorousIntensityDurationInSeconds ?? 0);
  const data = {
    date: query.date,
    found: true,
    activity: {
      steps: stepsValue,
      stepsGoal: orNull(daily.stepsGoal),
      goalPercent,
      goalAchieved: goalPercent !== null && goalPercent >= 100,
      distanceKm: kilometres(daily.distanceInMeters),
      activeMinutes: minutesOf(daily.activeTimeInSeconds),
      // Garmin counts vigorous minutes double toward the intensity goal.
      intensityMinutes: minutesOf(intensitySeconds),
      intensityMinutesGoal: minutesOf(daily.intensityDurationGoalInSeconds),
      floorsClimbed: orNull(daily.floorsClimbed),
      activeKilocalories: orNull(daily.activeKilocalories),
      totalKilocalories:
        daily.activeKilocalories === undefined && daily.bmrKilocalories === undefined
          ? null
          : (daily.activeKilocalories ?? 0) + (daily.bmrKilocalories ?? 0),
    },
    health: {
      restingHeartRateBpm: orNull(daily.restingHeartRateInBeatsPerMinute),
      averageStressLevel: orNull(daily.averageStressLevel),
      bodyBatteryCharged: orNull(daily.bodyBatteryChargedValue),
      bodyBatteryDrained: orNull(daily.bodyBatteryDrainedValue),
    },
    body: weighIn
      ? {
          weightKg: weighIn.weightInGrams === undefined ? null : round(weighIn.weightInGrams / 1000, 2),
          bodyMassIndex: orNull(weighIn.bodyMassIndex),
          bodyFatPercent: orNull(weighIn.bodyFatInPercent),
        }
      : null,
  };
  const a = data.activity;
  const h = data.health;
  const lines = [
    `**Daily summary for ${query.date}**`,
    "",
    "Activity",
    `- Steps: ${count(a.steps)}${a.stepsGoal ? ` / ${count(a.stepsGoal)} (${a.goalPercent}%)` : ""}`,
    `- Distance: ${a.distanceKm ?? "n/a"} km`,
    `- Active time: ${count(a.activeMinutes)} min, intensity minutes: ${count(a.intensityMinutes)}`,
    `- Calories: ${count(a.totalKilocalories)} kcal (${count(a.activeKilocalories)} active)`,
    `- Floors: ${count(a.floorsClimbed)}`,
    "",
    "Health",
    `- Resting heart rate: ${count(h.restingHeartRateBpm)} bpm`,
    `- Average stress: ${count(h.averageStressLevel)}`,
    `- Body Battery: +${count(h.bodyBatteryCharged)} / -${count(h.bodyBatteryDrained)}`,
  ];
  if (data.body) lines.push(`- Weight: ${data.body.weightKg ?? "n/a"} kg${data.body.bodyFatPercent !== null ? `, body fat ${data.body.bodyFatPercent}%` : ""}`);
  if (a.stepsGoal) lines.push("", a.goalAchieved ? "Step goal achieved." : `Keep going: ${count(Math.max(a.stepsGoal - a.steps, 0))} steps to the goal.`);
  return { data, markdown: lines.join("\n") };
}
