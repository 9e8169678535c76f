import { z } from "@agx-ext/core";
import { cleaningPreferenceFields } from "./preferences.js";
import { DAYS } from "./schedule.js";

const cleaningMode = z
  .enum(["auto"])
  .default("auto")
  .describe('"auto": a whole-home clean the robot plans itself. Spot and edge modes are buttons on the robot; its local interface has no command for them.');

/** Input of "Start Cleaning". */
export const startInput = z.object({ cleaning_mode: cleaningMode });

/** Input of "Schedule Cleaning". */
export const scheduleInput = z.object({
  day_of_week: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(DAYS)),
  hour: z.number().int().min(0).max(23).default(9),
  minute: z.number().int().min(0).max(59).default(0),
  cleaning_mode: cleaningMode,
});

/** Input of "Set Cleaning Preferences". */
export const preferencesInput = z
  .object(cleaningPreferenceFields)
  .refine((v) => v.cleaning_passes !== undefined || v.edge_sweep !== undefined || v.cleaning_power !== undefined, {
    message: "give at least one of cleaning_passes, edge_sweep, cleaning_power",
  });
