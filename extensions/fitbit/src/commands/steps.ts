import { formatCount, type CommandResult } from "@agx-ext/core";
import { int, noteLines } from "../format.js";
import type { HealthApi } from "../health-api.js";
import type { StepsOutput } from "../outputs.js";

/** Get Steps: the `steps` roll-up of the day. */
export async function steps(api: HealthApi, date: string): Promise<CommandResult<StepsOutput>> {
  const { point, skipped } = await api.dailyRollUp("steps", date);
  const notes = noteLines({ skipped }).join("\n");
  if (point?.steps?.countSum === undefined) return { data: { date, steps: null, skipped }, markdown: `No step data found for ${date}.${notes}` };
  const total = int(point.steps.countSum);
  return { data: { date, steps: total, skipped }, markdown: `Steps on ${date}: ${formatCount(total)}${notes}` };
}
