import { formatCount, type CommandResult } from "@agx-ext/core";
import { int } from "../format.js";
import type { HealthApi } from "../health-api.js";

/** Get Steps: the `steps` roll-up of the day. */
export async function steps(api: HealthApi, date: string): Promise<CommandResult> {
  const point = await api.dailyRollUp("steps", date);
  if (point?.steps?.countSum === undefined) return { data: { date, steps: null }, markdown: `No step data found for ${date}.` };
  const total = int(point.steps.countSum);
  return { data: { date, steps: total }, markdown: `Steps on ${date}: ${formatCount(total)}` };
}
