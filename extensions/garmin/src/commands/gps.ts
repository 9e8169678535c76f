import { CommandError, keepValid, type CommandResult } from "@agx-ext/core";
import { skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { GpsOutput, TrackPoint } from "../outputs.js";
import { activityDetailSummary, activitySample, type ActivitySample } from "../summaries.js";
import { localDateOf, localIsoOf } from "../time-window.js";
import { activitiesOn, describeActivity } from "./activities.js";

/** Enough points to draw the route; the full track can hold one point per second. */
const MAX_TRACK_POINTS = 200;

/**
 * Get GPS Data. Without an activity id: the day's activities that carry a start position. With one:
 * that activity's track from the activityDetails summary (its samples with latitude/longitude).
 */
export async function gpsData(api: HealthApi, query: DayQuery, activityId: string | undefined): Promise<CommandResult<GpsOutput>> {
  if (activityId === undefined) return listWithGps(api, query);
  const details = await api.pull("activityDetails", activityDetailSummary, query);
  const detail = details.items.find((d) => String(d.activityId ?? d.summary.activityId) === activityId);
  if (!detail)
    throw new CommandError(
      "NOT_FOUND",
      `Garmin has no activity ${activityId} on ${query.date}. Run "Get GPS Data" without activity_id (and with the activity's date) to list that day's activities.`,
      { details: { activityId, date: query.date } },
    );
  const offset = detail.summary.startTimeOffsetInSeconds ?? 0;
  const samples = keepValid(detail.samples, activitySample);
  const skipped = details.skipped + samples.skipped;
  const located = samples.items.filter(hasPosition);
  const track = thin(located).map((s) => point(s, offset));
  const activity = describeActivity({ ...detail.summary, summaryId: detail.summaryId, activityId: detail.activityId ?? detail.summary.activityId });
  const first = located[0];
  const last = located.at(-1);
  const data = {
    date: localDateOf(detail.summary.startTimeInSeconds ?? 0, offset),
    activity,
    pointCount: located.length,
    start: first ? point(first, offset) : null,
    end: last ? point(last, offset) : null,
    track,
    skipped,
  };
  if (!first || !last)
    return {
      data,
      markdown: [`**${activity.name}** (${activity.start}) has no GPS positions (indoor or without a fix).`, ...skippedLines(skipped)].join("\n"),
    };
  const lines = [
    `**${activity.name}** on ${activity.start}`,
    `- Distance: ${activity.distanceKm ?? "n/a"} km, duration ${activity.durationMinutes ?? "n/a"} min`,
    `- Start: ${first.latitudeInDegree!.toFixed(5)}, ${first.longitudeInDegree!.toFixed(5)}`,
    `- End: ${last.latitudeInDegree!.toFixed(5)}, ${last.longitudeInDegree!.toFixed(5)}`,
    `- Track points: ${located.length}${located.length > track.length ? ` (${track.length} returned)` : ""}`,
    ...skippedLines(skipped),
  ];
  return { data, markdown: lines.join("\n") };
}

async function listWithGps(api: HealthApi, query: DayQuery): Promise<CommandResult<GpsOutput>> {
  const { items, skipped } = await activitiesOn(api, query);
  const activities = items.map(describeActivity).filter((a) => a.hasGps);
  const data = { date: query.date, activities, skipped };
  if (activities.length === 0) return { data, markdown: [`No activities with GPS on ${query.date}.`, ...skippedLines(skipped)].join("\n") };
  const lines = [`**Activities with GPS on ${query.date}**`];
  for (const a of activities) lines.push(`- ${a.name} (id ${a.activityId}): ${a.start}${a.distanceKm !== null ? `, ${a.distanceKm.toFixed(2)} km` : ""}`);
  lines.push("", "Run Get GPS Data with an activity_id (and the same date) for its route.", ...skippedLines(skipped));
  return { data, markdown: lines.join("\n") };
}

function hasPosition(s: ActivitySample): boolean {
  return typeof s.latitudeInDegree === "number" && typeof s.longitudeInDegree === "number";
}

function point(s: ActivitySample, offset: number): TrackPoint {
  return {
    time: localIsoOf(s.startTimeInSeconds, offset),
    latitude: s.latitudeInDegree!,
    longitude: s.longitudeInDegree!,
    elevationMeters: s.elevationInMeters ?? null,
  };
}

/** Evenly spaced samples, always keeping the first and the last. */
function thin<T>(items: T[], max = MAX_TRACK_POINTS): T[] {
  if (items.length <= max) return items;
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)]!);
}
