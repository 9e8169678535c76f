import { formatDuration, percentOf, type CommandResult } from "@agx-ext/core";
import { clock, int, noteLines } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";
import { sleepDataPoint, type SleepPoint } from "../health-types.js";
import type { SleepOutput, SleepSession } from "../outputs.js";

function stageMinutes(sleep: SleepPoint) {
  const stages: Record<string, number> = {};
  for (const s of sleep.summary?.stagesSummary ?? []) if (s.type) stages[s.type.toLowerCase()] = int(s.minutes);
  return stages;
}

function shapeSleep(sleep: SleepPoint): SleepSession {
  const asleep = int(sleep.summary?.minutesAsleep);
  const inPeriod = int(sleep.summary?.minutesInSleepPeriod);
  return {
    startTime: sleep.interval.startTime,
    endTime: sleep.interval.endTime,
    // Local clock times, as the user lived them.
    bedtime: clock(sleep.interval.civilStartTime, sleep.interval.startTime),
    wakeTime: clock(sleep.interval.civilEndTime, sleep.interval.endTime),
    type: sleep.type ?? "SLEEP_TYPE_UNSPECIFIED",
    nap: sleep.metadata?.nap ?? false,
    minutesAsleep: asleep,
    minutesAwake: int(sleep.summary?.minutesAwake),
    minutesInSleepPeriod: inPeriod,
    minutesToFallAsleep: int(sleep.summary?.minutesToFallAsleep),
    // The share of the sleep period spent asleep, as Fitbit's efficiency figure was.
    efficiencyPercent: percentOf(asleep, inPeriod),
    stages: stageMinutes(sleep),
  };
}

/** Get Sleep Data: the sleep sessions that ended on the date (last night's sleep for "today"). */
export async function sleepData(api: HealthApi, date: string): Promise<CommandResult<SleepOutput>> {
  const filter = dayFilter("sleep", "interval.civil_end_time", date);
  const listing = await api.list("sleep", sleepDataPoint, { filter });
  const sessions = listing.items.map((p) => shapeSleep(p.sleep));
  const main = sessions.filter((s) => !s.nap).sort((a, b) => b.minutesInSleepPeriod - a.minutesInSleepPeriod)[0] ?? sessions[0];
  const data: SleepOutput = { date, main: main ?? null, sessions, skipped: listing.skipped, truncated: listing.truncated };
  if (!main) return { data, markdown: [`No sleep data found for ${date}.`, ...noteLines(listing)].join("\n") };
  const lines = [
    `**Sleep ending on ${date}**`,
    `- Asleep: ${main.minutesAsleep} minutes (${formatDuration(main.minutesAsleep)})`,
    `- In bed: ${main.bedtime} to ${main.wakeTime}`,
    `- Efficiency: ${main.efficiencyPercent === null ? "not available" : `${main.efficiencyPercent}%`}`,
  ];
  const stages = Object.entries(main.stages);
  if (stages.length) lines.push(`- Stages: ${stages.map(([stage, minutes]) => `${stage} ${minutes} min`).join(", ")}`);
  if (sessions.length > 1) lines.push(`- ${sessions.length - 1} more sleep session(s) that day`);
  lines.push(...noteLines(listing));
  return { data, markdown: lines.join("\n") };
}
