import { formatCount, formatDecimal, roundTo, type CommandResult } from "@agx-ext/core";
import { clock, combined, int, noteLines } from "../format.js";
import { dayFilter, type HealthApi } from "../health-api.js";
import { heightDataPoint, hydrationLogDataPoint, weightDataPoint } from "../health-types.js";
import type { WaterOutput, WeightOutput } from "../outputs.js";

const POUNDS_PER_KG = 2.204_622_6;
const FLUID_OUNCES_PER_ML = 0.033_814;

/** Get Weight Data: the last weight logged on the date, with BMI when a height is on record. */
export async function weightData(api: HealthApi, date: string): Promise<CommandResult<WeightOutput>> {
  const filter = dayFilter("weight", "sample_time.civil_time", date);
  const [points, heights] = await Promise.all([
    api.list("weight", weightDataPoint, { filter }),
    // Newest first: one point is the current height.
    api.list("height", heightDataPoint, { pageSize: 1, maxPages: 1 }),
  ]);
  // Only the first height page is wanted, so more pages of heights are no loss worth telling.
  const notes = combined(points, { skipped: heights.skipped });
  const entries = points.items
    .map((p) => p.weight)
    .map((w) => ({
      measuredAt: w.sampleTime.physicalTime,
      time: clock(w.sampleTime.civilTime, w.sampleTime.physicalTime),
      weightKg: roundTo(w.weightGrams / 1000, 1),
    }))
    .sort((a, b) => a.measuredAt.localeCompare(b.measuredAt));
  const latest = entries.at(-1);
  if (!latest)
    return {
      data: { date, weightKg: null, weightLb: null, measuredAt: null, bmi: null, entries, ...notes },
      markdown: [`No weight data found for ${date}.`, ...noteLines(notes)].join("\n"),
    };
  const heightMm = int(heights.items[0]?.height.heightMillimeters);
  const bmi = heightMm > 0 ? roundTo(latest.weightKg / (heightMm / 1000) ** 2, 1) : null;
  const weightLb = roundTo(latest.weightKg * POUNDS_PER_KG, 1);
  const data: WeightOutput = { date, weightKg: latest.weightKg, weightLb, measuredAt: latest.measuredAt, bmi, entries, ...notes };
  const markdown = [
    `**Weight on ${date}**`,
    `- Weight: ${formatDecimal(latest.weightKg, 1)} kg (${formatDecimal(weightLb, 1)} lb) at ${latest.time}`,
    `- BMI: ${bmi === null ? "not available (no height on record)" : formatDecimal(bmi, 1)}`,
    ...noteLines(notes),
  ].join("\n");
  return { data, markdown };
}

/** Get Water Intake: the day's hydration log entries and their total. */
export async function waterIntake(api: HealthApi, date: string): Promise<CommandResult<WaterOutput>> {
  const filter = dayFilter("hydration-log", "interval.civil_start_time", date);
  const listing = await api.list("hydration-log", hydrationLogDataPoint, { filter });
  const entries = listing.items
    .map((p) => p.hydrationLog)
    .map((h) => ({
      loggedAt: h.interval.startTime,
      time: clock(h.interval.civilStartTime, h.interval.startTime),
      milliliters: Math.round(h.amountConsumed.milliliters),
    }))
    .sort((a, b) => a.loggedAt.localeCompare(b.loggedAt));
  const totalMl = entries.reduce((sum, e) => sum + e.milliliters, 0);
  const totalFlOz = roundTo(totalMl * FLUID_OUNCES_PER_ML, 1);
  const data: WaterOutput = { date, totalMl, totalFlOz, entries, skipped: listing.skipped, truncated: listing.truncated };
  if (!entries.length) return { data, markdown: [`No water logged on ${date}.`, ...noteLines(listing)].join("\n") };
  const markdown = [
    `**Water on ${date}: ${formatCount(totalMl)} ml (${formatDecimal(totalFlOz, 1)} fl oz)**`,
    ...entries.map((e) => `- ${e.time}: ${e.milliliters} ml`),
    ...noteLines(listing),
  ].join("\n");
  return { data, markdown };
}
