import type { CommandResult } from "@agx-ext/core";
import { countOrNa, offsetEntries, orNull, skippedLines } from "../format.js";
import type { DayQuery, HealthApi } from "../health-api.js";
import type { BodyBatteryOutput } from "../outputs.js";
import { dailySummary, stressDetailSummary } from "../summaries.js";
import { localClockOf } from "../time-window.js";
import { dailyFor, noData, stressDetailFor } from "./pick.js";

function energyBand(level: number): "high" | "good" | "medium" | "low" {
  if (level >= 75) return "high";
  if (level >= 50) return "good";
  if (level >= 25) return "medium";
  return "low";
}

/**
 * Get Body Battery: the level curve from stressDetails (timeOffsetBodyBatteryValues) for current,
 * highest and lowest, and the day's charged/drained totals from the dailies summary.
 */
export async function bodyBattery(api: HealthApi, query: DayQuery): Promise<CommandResult<BodyBatteryOutput>> {
  const details = await api.pull("stressDetails", stressDetailSummary, query);
  const dailies = await api.pull("dailies", dailySummary, query);
  const skipped = details.skipped + dailies.skipped;
  const detail = stressDetailFor(details.items, query.date);
  const daily = dailyFor(dailies.items, query.date);
  const levels = offsetEntries(detail?.timeOffsetBodyBatteryValues).filter(([, v]) => v >= 0);
  if (levels.length === 0 && daily?.bodyBatteryChargedValue === undefined && daily?.bodyBatteryDrainedValue === undefined)
    return noData(query.date, "Body Battery data", skipped);
  const at = (offset: number) => localClockOf((detail?.startTimeInSeconds ?? 0) + offset, detail?.startTimeOffsetInSeconds ?? 0);
  const latest = levels.at(-1);
  const highest = levels.reduce<[number, number] | undefined>((m, e) => (!m || e[1] > m[1] ? e : m), undefined);
  const lowest = levels.reduce<[number, number] | undefined>((m, e) => (!m || e[1] < m[1] ? e : m), undefined);
  const data = {
    date: query.date,
    found: true,
    mostRecent: latest ? { level: latest[1], time: at(latest[0]), band: energyBand(latest[1]) } : null,
    highest: highest ? { level: highest[1], time: at(highest[0]) } : null,
    lowest: lowest ? { level: lowest[1], time: at(lowest[0]) } : null,
    charged: orNull(daily?.bodyBatteryChargedValue),
    drained: orNull(daily?.bodyBatteryDrainedValue),
    sampleCount: levels.length,
    skipped,
  };
  const lines = [`**Body Battery on ${query.date}**`];
  if (data.mostRecent) lines.push(`- Most recent: ${data.mostRecent.level} (${data.mostRecent.band}) at ${data.mostRecent.time}`);
  if (data.highest) lines.push(`- Highest: ${data.highest.level} at ${data.highest.time}`);
  if (data.lowest) lines.push(`- Lowest: ${data.lowest.level} at ${data.lowest.time}`);
  lines.push(`- Charged: +${countOrNa(data.charged)}, drained: -${countOrNa(data.drained)}`);
  lines.push("", "Body Battery (0-100) estimates energy reserves: rest and sleep charge it, stress and activity drain it.", ...skippedLines(skipped));
  return { data, markdown: lines.join("\n") };
}
