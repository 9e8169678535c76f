import { minutesFromSeconds, roundTo, type CommandResult } from "@agx-ext/core";
import { countOrNa, kilometres, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi, Pulled } from "../health-api.js";
import type { Activity, ActivityDataOutput } from "../outputs.js";
import { activitySummary, type ActivitySummary } from "../summaries.js";
import { localClockOf, localDateOf, localIsoOf } from "../time-window.js";

/** Activities that started on the day (local to where they were recorded), earliest first. */
export async function activitiesOn(api: HealthApi, query: DayQuery): Promise<Pulled<ActivitySummary>> {
  const pulled = await api.pull("activities", activitySummary, query);
  const items = pulled.items
    .filter((a) => a.startTimeInSeconds !== undefined && localDateOf(a.startTimeInSeconds, a.startTimeOffsetInSeconds ?? 0) === query.date)
    .sort((a, b) => (a.startTimeInSeconds ?? 0) - (b.startTimeInSeconds ?? 0));
  return { items, skipped: pulled.skipped };
}

/** An activity summary as the commands report it: type, start, duration, distance, calories and heart rate. */
export function describeActivity(a: ActivitySummary): Activity {
  return {
    activityId: a.activityId === undefined ? null : String(a.activityId),
    name: a.activityName ?? a.activityType ?? "Activity",
    type: orNull(a.activityType),
    start: localIsoOf(a.startTimeInSeconds ?? 0, a.startTimeOffsetInSeconds ?? 0),
    durationMinutes: a.durationInSeconds === undefined ? null : roundTo(a.durationInSeconds / 60, 1),
    distanceKm: kilometres(a.distanceInMeters),
    activeKilocalories: orNull(a.activeKilocalories),
    averageHeartRateBpm: orNull(a.averageHeartRateInBeatsPerMinute),
    maxHeartRateBpm: orNull(a.maxHeartRateInBeatsPerMinute),
    elevationGainMeters: orNull(a.totalElevationGainInMeters),
    steps: orNull(a.steps),
    device: orNull(a.deviceName),
    hasGps: a.startingLatitudeInDegree !== undefined && a.startingLongitudeInDegree !== undefined,
  };
}

/** Get Activity Data: the day's activities summaries, up to `limit`. */
export async function activityData(api: HealthApi, query: DayQuery, limit: number): Promise<CommandResult<ActivityDataOutput>> {
  const { items: all, skipped } = await activitiesOn(api, query);
  const shown = all.slice(0, limit).map(describeActivity);
  const data: ActivityDataOutput = { date: query.date, total: all.length, activities: shown, skipped };
  if (shown.length === 0) return { data, markdown: [`No activities recorded on ${query.date}.`, ...skippedLines(skipped)].join("\n") };
  const lines = [`**Activities on ${query.date}** (${shown.length}${all.length > shown.length ? ` of ${all.length}` : ""})`];
  for (const [i, a] of shown.entries()) {
    const source = all[i]!;
    lines.push(
      `- ${a.name} at ${localClockOf(source.startTimeInSeconds ?? 0, source.startTimeOffsetInSeconds ?? 0)}: ` +
        `${minutesFromSeconds(source.durationInSeconds) ?? "?"} min` +
        (a.distanceKm !== null ? `, ${a.distanceKm} km` : "") +
        (a.activeKilocalories !== null ? `, ${countOrNa(a.activeKilocalories)} kcal` : "") +
        (a.averageHeartRateBpm !== null ? `, HR avg ${a.averageHeartRateBpm} / max ${a.maxHeartRateBpm ?? "?"} bpm` : ""),
    );
  }
  lines.push(...skippedLines(skipped));
  return { data, markdown: lines.join("\n") };
}
