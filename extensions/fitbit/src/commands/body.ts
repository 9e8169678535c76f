import { formatCount, formatDecimal, roundTo, type CommandResult } from "@agx-ext/core";
import { clock, int } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";

const POUNDS_PER_KG = 2.204_622_6;
const FLUID_OUNCES_PER_ML = 0.033_814;

/** Get Weight Data: the last weight logged on the date, with BMI when a height is on record. */
export async function weightData(api: HealthApi, date: string): Promise<CommandResult> {
  const filter = dayFilter("weight", "sample_time.civil_time", date);
  const [points, heights] = await Promise.all([
    api.list("weight", { filter }),
    // Newest first: one point is the current height.
    api.list("height", { pageSize: 1, maxPages: 1 }),
  ]);
  const entries = points
    .flatMap((p) => (p.weight ? [p.weight] : []))
    .map((w) => ({ measuredAt: w.sampleTime.physicalTime, time: clock(w.sampleTime.civilTime, w.sampleTime.physicalTime), weightKg: roundTo(w.weightGrams / 1000, 1) }))
    .sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
  const latest = entries.at(-1);
  if (!latest) return { data: { date, weightKg: null, weightLb: null, bmi: null, entries }, markdown: `No weight data found for ${date}.` };
  const heightMm = int(heights[0]?.height?.heightMillimeters);
  const bmi = heightMm > 0 ? roundTo(latest.weightKg / (heightMm / 1000) ** 2, 1) : null;
  const weightLb = roundTo(latest.weightKg * POUNDS_PER_KG, 1);
  const data = { date, weightKg: latest.weightKg, weightLb, measuredAt: latest.measuredAt, bmi, entries };
  const markdown = [
    `**Weight on ${date}**`,
    `- Weight: ${formatDecimal(latest.weightKg, 1)} kg (${formatDecimal(weightLb, 1)} lb) at ${latest.time}`,
    `- BMI: ${bmi === null ? "not available (no height on record)" : formatDecimal(bmi, 1)}`,
  ].join("\n");
  return { data, markdown };
}

/** Get Water Intake: the day's hydration log entries and their total. */
export async function waterIntake(api: HealthApi, date: string): Promise<CommandResult> {
  const filter = dayFilter("hydration-log", "interval.civil_start_time", date);
  const points = await api.list("hydration-log", { filter });
  const entries = points
    .flatMap((p) => (p.hydrationLog ? [p.hydrationLog] : []))
    .map((h) => ({ loggedAt: h.interval.startTime, time: clock(h.interval.civilStartTime, h.interval.startTime), milliliters: Math.round(h.amountConsumed.milliliters) }))
    .sort((a, b) => a.loggedAt.localeCompare(b.loggedAt));
  const totalMl = entries.reduce((sum, e) => sum + e.milliliters, 0);
  const totalFlOz = roundTo(totalMl * FLUID_OUNCES_PER_ML, 1);
  const data = { date, totalMl, totalFlOz, entries };
  if (!entries.length) return { data, markdown: `No water logged on ${date}.` };
  const markdown = [
    `**Water on ${date}: ${formatCount(totalMl)} ml (${formatDecimal(totalFlOz, 1)} fl oz)**`,
    ...entries.map((e) => `- ${e.time}: ${e.milliliters} ml`),
  ].join("\n");
  return { data, markdown };
}
