import { formatDecimal, roundTo, type CommandResult } from "@agx-ext/core";
import { combined, durationMinutes, int, label, noteLines } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";
import { restingHeartRateDataPoint } from "../health-types.js";
import type { HeartRateOutput } from "../outputs.js";

/** Get Heart Rate: resting heart rate, the day's range and the time spent in each heart-rate zone. */
export async function heartRate(api: HealthApi, date: string): Promise<CommandResult<HeartRateOutput>> {
  const filter = dayFilter("daily-resting-heart-rate", "date", date);
  const [resting, rollUp, zoneRollUp] = await Promise.all([
    api.list("daily-resting-heart-rate", restingHeartRateDataPoint, { filter }),
    api.dailyRollUp("heart-rate", date),
    api.dailyRollUp("time-in-heart-rate-zone", date),
  ]);
  const notes = combined(resting, rollUp, zoneRollUp);
  const restingBpm = resting.items[0]?.dailyRestingHeartRate.beatsPerMinute;
  const hr = rollUp.point?.heartRate;
  const zones = zoneRollUp.point;
  const data: HeartRateOutput = {
    date,
    restingHeartRateBpm: restingBpm === undefined ? null : int(restingBpm),
    averageBpm: hr?.beatsPerMinuteAvg === undefined ? null : roundTo(hr.beatsPerMinuteAvg, 1),
    minBpm: hr?.beatsPerMinuteMin ?? null,
    maxBpm: hr?.beatsPerMinuteMax ?? null,
    zones: (zones?.timeInHeartRateZone?.timeInHeartRateZones ?? []).map((z) => ({
      zone: z.heartRateZone ?? "HEART_RATE_ZONE_TYPE_UNSPECIFIED",
      minutes: durationMinutes(z.duration),
    })),
    ...notes,
  };
  if (data.restingHeartRateBpm === null && data.averageBpm === null && data.zones.length === 0)
    return { data, markdown: [`No heart rate data found for ${date}.`, ...noteLines(notes)].join("\n") };
  const lines = [`**Heart rate on ${date}**`];
  lines.push(`- Resting heart rate: ${data.restingHeartRateBpm === null ? "not available" : `${data.restingHeartRateBpm} bpm`}`);
  if (data.averageBpm !== null) lines.push(`- Average ${formatDecimal(data.averageBpm, 1)} bpm (min ${data.minBpm}, max ${data.maxBpm})`);
  if (data.zones.length) {
    lines.push("", "Time in heart-rate zones:");
    for (const z of data.zones) lines.push(`- ${label(z.zone)}: ${z.minutes} minutes`);
  }
  lines.push(...noteLines(notes));
  return { data, markdown: lines.join("\n") };
}
