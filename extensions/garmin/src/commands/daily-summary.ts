import { minutesFromSeconds, percentOf, roundTo, type CommandResult } from "@agx-ext/core";
import { countOrNa, kilometres, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { DailySummaryOutput } from "../outputs.js";
import * as schema from "../summaries.js";
import { localDateOf } from "../time-window.js";
import { dailyFor, noData } from "./pick.js";

/** Get Daily Summary: activity and health blocks from the dailies summary, plus the day's weigh-in (bodyComps). */
export async function dailySummary(api: HealthApi, query: DayQuery): Promise<CommandResult<DailySummaryOutput>> {
  const dailies = await api.pull("dailies", schema.dailySummary, query);
  const daily = dailyFor(dailies.items, query.date);
  if (!daily) return noData(query.date, "daily summary", dailies.skipped);
  const bodyComps = await api.pull("bodyComps", schema.bodyCompositionSummary, query);
  const skipped = dailies.skipped + bodyComps.skipped;
  const weighIn = bodyComps.items
    .filter((b) => localDateOf(b.measurementTimeInSeconds, b.measurementTimeOffsetInSeconds) === query.date)
    .sort((a, b) => a.measurementTimeInSeconds - b.measurementTimeInSeconds)
    .at(-1);
  const stepsValue = daily.steps ?? 0;
  const goalPercent = percentOf(stepsValue, daily.stepsGoal, 1);
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
      activeMinutes: minutesFromSeconds(daily.activeTimeInSeconds),
      // Garmin counts vigorous minutes double toward the intensity goal.
      intensityMinutes: minutesFromSeconds(intensitySeconds),
      intensityMinutesGoal: minutesFromSeconds(daily.intensityDurationGoalInSeconds),
      floorsClimbed: orNull(daily.floorsClimbed),
      activeKilocalories: orNull(daily.activeKilocalories),
      totalKilocalories:
        daily.activeKilocalories === undefined && daily.bmrKilocalories === undefined ? null : (daily.activeKilocalories ?? 0) + (daily.bmrKilocalories ?? 0),
    },
    health: {
      restingHeartRateBpm: orNull(daily.restingHeartRateInBeatsPerMinute),
      averageStressLevel: orNull(daily.averageStressLevel),
      bodyBatteryCharged: orNull(daily.bodyBatteryChargedValue),
      bodyBatteryDrained: orNull(daily.bodyBatteryDrainedValue),
    },
    body: weighIn
      ? {
          weightKg: weighIn.weightInGrams === undefined ? null : roundTo(weighIn.weightInGrams / 1000, 2),
          bodyMassIndex: orNull(weighIn.bodyMassIndex),
          bodyFatPercent: orNull(weighIn.bodyFatInPercent),
        }
      : null,
    skipped,
  };
  const a = data.activity;
  const h = data.health;
  const lines = [
    `**Daily summary for ${query.date}**`,
    "",
    "Activity",
    `- Steps: ${countOrNa(a.steps)}${a.stepsGoal ? ` / ${countOrNa(a.stepsGoal)} (${a.goalPercent}%)` : ""}`,
    `- Distance: ${a.distanceKm ?? "n/a"} km`,
    `- Active time: ${countOrNa(a.activeMinutes)} min, intensity minutes: ${countOrNa(a.intensityMinutes)}`,
    `- Calories: ${countOrNa(a.totalKilocalories)} kcal (${countOrNa(a.activeKilocalories)} active)`,
    `- Floors: ${countOrNa(a.floorsClimbed)}`,
    "",
    "Health",
    `- Resting heart rate: ${countOrNa(h.restingHeartRateBpm)} bpm`,
    `- Average stress: ${countOrNa(h.averageStressLevel)}`,
    `- Body Battery: +${countOrNa(h.bodyBatteryCharged)} / -${countOrNa(h.bodyBatteryDrained)}`,
  ];
  if (data.body) lines.push(`- Weight: ${data.body.weightKg ?? "n/a"} kg${data.body.bodyFatPercent !== null ? `, body fat ${data.body.bodyFatPercent}%` : ""}`);
  if (a.stepsGoal) lines.push("", a.goalAchieved ? "Step goal achieved." : `Keep going: ${countOrNa(Math.max(a.stepsGoal - a.steps, 0))} steps to the goal.`);
  lines.push(...skippedLines(skipped));
  return { data, markdown: lines.join("\n") };
}
