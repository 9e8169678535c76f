import { minutesFromSeconds, percentOf, type CommandResult } from "@agx-ext/core";
import { countOrNa, kilometres, miles, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { StepsOutput } from "../outputs.js";
import { dailySummary } from "../summaries.js";
import { dailyFor, noData } from "./pick.js";

/** Get Steps: steps against the goal, distance, active calories and active time from the dailies summary. */
export async function steps(api: HealthApi, query: DayQuery): Promise<CommandResult<StepsOutput>> {
  const dailies = await api.pull("dailies", dailySummary, query);
  const daily = dailyFor(dailies.items, query.date);
  if (!daily) return noData(query.date, "step data", dailies.skipped);
  const data = {
    date: query.date,
    found: true,
    steps: daily.steps ?? 0,
    stepsGoal: orNull(daily.stepsGoal),
    goalPercent: percentOf(daily.steps ?? 0, daily.stepsGoal, 1),
    distanceMeters: orNull(daily.distanceInMeters),
    distanceKm: kilometres(daily.distanceInMeters),
    distanceMiles: miles(daily.distanceInMeters),
    activeKilocalories: orNull(daily.activeKilocalories),
    activeMinutes: minutesFromSeconds(daily.activeTimeInSeconds),
    skipped: dailies.skipped,
  };
  const goal = data.stepsGoal ? ` of ${countOrNa(data.stepsGoal)} (${data.goalPercent}%)` : "";
  const lines = [
    `Steps on ${query.date}: ${countOrNa(data.steps)}${goal}`,
    `- Distance: ${data.distanceKm ?? "n/a"} km (${data.distanceMiles ?? "n/a"} mi)`,
    `- Active calories: ${countOrNa(data.activeKilocalories)} kcal`,
    `- Active time: ${countOrNa(data.activeMinutes)} min`,
    ...skippedLines(dailies.skipped),
  ];
  return { data, markdown: lines.join("\n") };
}
