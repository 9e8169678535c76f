import type { ReportedState } from "./robot-state.js";

export type CleaningPasses = "auto" | 1 | 2;
export type CleaningPower = "eco" | "auto" | "performance";

export interface CleaningPreferences {
  cleaning_passes?: CleaningPasses;
  edge_sweep?: boolean;
  cleaning_power?: CleaningPower;
}

type PreferenceFields = Pick<ReportedState, "noAutoPasses" | "twoPass" | "openOnly" | "carpetBoost" | "vacHigh">;

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
  if (state.carpetBoost !== undefined || state.vacHigh !== undefined)
    prefs.cleaning_power = state.vacHigh ? "performance" : state.carpetBoost ? "auto" : "eco";
  return prefs;
}

/** True when every flag of the delta is reported with the same value. */
export function deltaApplied(delta: object, state: ReportedState): boolean {
  const reported = state as Record<string, unknown>;
  return Object.entries(delta).every(([key, value]) => JSON.stringify(reported[key]) === JSON.stringify(value));
}
