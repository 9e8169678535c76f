import { z } from "@agx-ext/core";
import type { ReportedState } from "./robot-state.js";

/** The preferences as callers give them and as answers report them; every one optional. */
export const cleaningPreferenceFields = {
  cleaning_passes: z
    .union([z.literal("auto"), z.literal(1), z.literal(2)])
    .optional()
    .describe('"auto", 1 or 2 passes'),
  edge_sweep: z.boolean().optional().describe("clean along walls and edges after the open areas"),
  cleaning_power: z.enum(["eco", "auto", "performance"]).optional().describe('"auto" boosts suction on carpet'),
};
/** Strict: answers hold exactly these keys (the input schema is built from the same fields). */
export const cleaningPreferences = z.strictObject(cleaningPreferenceFields);
/** Cleaning passes, edge sweep and suction power, each optional, typed from their schema. */
export type CleaningPreferences = z.output<typeof cleaningPreferences>;

/** The robot's own flags a preference change sends (only those of the preferences asked for). */
export const preferenceFlags = z.strictObject({
  noAutoPasses: z.boolean().optional(),
  twoPass: z.boolean().optional(),
  openOnly: z.boolean().optional(),
  carpetBoost: z.boolean().optional(),
  vacHigh: z.boolean().optional(),
});
type PreferenceFields = z.output<typeof preferenceFlags>;

/** The robot's own preference flags for the requested preferences (only the ones asked for). */
export function preferenceDelta(prefs: CleaningPreferences): PreferenceFields {
  const delta: PreferenceFields = {};
  if (prefs.cleaning_passes !== undefined) {
    delta.noAutoPasses = prefs.cleaning_passes !== "auto";
    delta.twoPass = prefs.cleaning_passes === 2;
  }
  // openOnly means "skip the edge-cleaning pass".
  if (prefs.edge_sweep !== undefined) delta.openOnly = !prefs.edge_sweep;
  if (prefs.cleaning_power !== undefined) {
    delta.carpetBoost = prefs.cleaning_power === "auto";
    delta.vacHigh = prefs.cleaning_power === "performance";
  }
  return delta;
}

/** Reads the preferences back from the robot's flags. */
export function readPreferences(state: ReportedState): CleaningPreferences {
  const prefs: CleaningPreferences = {};
  if (state.noAutoPasses !== undefined) prefs.cleaning_passes = !state.noAutoPasses ? "auto" : state.twoPass ? 2 : 1;
  if (state.openOnly !== undefined) prefs.edge_sweep = !state.openOnly;
  if (state.carpetBoost !== undefined || state.vacHigh !== undefined) prefs.cleaning_power = state.vacHigh ? "performance" : state.carpetBoost ? "auto" : "eco";
  return prefs;
}

/** True when every flag of the delta is reported with the same value. */
export function deltaApplied(delta: object, state: ReportedState): boolean {
  const reported = state as Record<string, unknown>;
  return Object.entries(delta).every(([key, value]) => JSON.stringify(reported[key]) === JSON.stringify(value));
}
