import { dateField, monthField, SUPPORTED_DATES, z } from "@agx-ext/core";
import { MAX_COUNT, MAX_EXERCISE_NAME, MAX_MUSCLE_GROUP, MAX_NOTES } from "./limits.js";

const exerciseName = () =>
  z.string().min(1, "name the exercise").max(MAX_EXERCISE_NAME).describe('Exercise name; exact and case-sensitive ("Curls" and "curls" are two exercises)');
const count = (what: string) => z.number().int().min(0).max(MAX_COUNT).describe(what);
const amount = (what: string) => z.number().min(0).describe(what);
const muscleGroup = () => z.string().max(MAX_MUSCLE_GROUP);

/** A value in core's `format`, or empty: empty or absent means the default (today, this month). */
const emptyOr = (format: z.ZodType<string>) =>
  z
    .string()
    .superRefine((value, ctx) => {
      if (value === "") return;
      for (const issue of format.safeParse(value).error?.issues ?? []) ctx.addIssue({ code: "custom", message: issue.message });
    })
    .nullish();

const DATE_RANGE = `${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}`;
const MONTH_RANGE = `${SUPPORTED_DATES.first.slice(0, 7)} to ${SUPPORTED_DATES.last.slice(0, 7)}`;
const optionalDate = (what: string) => emptyOr(dateField()).describe(`${what} as YYYY-MM-DD, ${DATE_RANGE} (default: today)`);

/** Input of the "Set Daily Goal" command. */
export const setDailyGoalInput = z.object({
  exercise_name: exerciseName(),
  target_reps: count("Repetitions per set to reach each day"),
  target_sets: count("Sets per day").default(1),
  target_weight: amount("Weight, in the unit the user logs (kg or lbs)").default(0),
  target_duration: count("Duration in seconds").default(0),
  muscle_group: muscleGroup().default("").describe("Muscle group; an empty value keeps the stored one"),
});

/** Input of the "Get Daily Goals" command. */
export const getDailyGoalsInput = z.object({
  active_only: z.boolean().default(true).describe("Only goals that are active (default true)"),
});

/** Input of the "Update Daily Goal" command. */
export const updateDailyGoalInput = z.object({
  exercise_name: exerciseName(),
  target_reps: count("New repetitions per set").nullish(),
  target_sets: count("New sets per day").nullish(),
  target_weight: amount("New weight").nullish(),
  target_duration: count("New duration in seconds").nullish(),
  muscle_group: muscleGroup().nullish().describe("New muscle group"),
  active: z.boolean().nullish().describe("false pauses the goal without deleting it"),
});

/** Input of the "Delete Daily Goal" command. */
export const deleteDailyGoalInput = z.object({ exercise_name: exerciseName() });

/** Input of the "Mark Exercise Complete" command. */
export const markExerciseCompleteInput = z.object({
  exercise_name: exerciseName(),
  completed_reps: count("Repetitions done"),
  completed_sets: count("Sets done").default(1),
  completed_weight: amount("Weight used").default(0),
  completed_duration: count("Duration in seconds").default(0),
  notes: z.string().max(MAX_NOTES).default("").describe("Notes; an empty value keeps earlier notes of that day"),
  completion_date: optionalDate("Day of the workout"),
});

/** Input of the "Get Daily Progress" command. */
export const dailyProgressInput = z.object({ check_date: optionalDate("Day to report") });

/** Input of the "Get Weekly Progress" command. */
export const weeklyProgressInput = z.object({
  week_start: optionalDate("First of the seven days to report; not moved to a Monday").describe(
    `First of the seven days to report, as YYYY-MM-DD, ${DATE_RANGE} (default: Monday of this week; other days are not moved to a Monday)`,
  ),
});

/** Input of the "Get Monthly Progress" command. */
export const monthlyProgressInput = z.object({
  month: emptyOr(monthField()).describe(`Month as YYYY-MM, ${MONTH_RANGE} (default: this month)`),
});

/** The parsed input of the "Set Daily Goal" command. */
export type SetDailyGoalInput = z.output<typeof setDailyGoalInput>;
/** The parsed input of the "Get Daily Goals" command. */
export type GetDailyGoalsInput = z.output<typeof getDailyGoalsInput>;
/** The parsed input of the "Update Daily Goal" command. */
export type UpdateDailyGoalInput = z.output<typeof updateDailyGoalInput>;
/** The parsed input of the "Delete Daily Goal" command. */
export type DeleteDailyGoalInput = z.output<typeof deleteDailyGoalInput>;
/** The parsed input of the "Mark Exercise Complete" command. */
export type MarkExerciseCompleteInput = z.output<typeof markExerciseCompleteInput>;
/** The parsed input of the "Get Daily Progress" command. */
export type DailyProgressInput = z.output<typeof dailyProgressInput>;
/** The parsed input of the "Get Weekly Progress" command. */
export type WeeklyProgressInput = z.output<typeof weeklyProgressInput>;
/** The parsed input of the "Get Monthly Progress" command. */
export type MonthlyProgressInput = z.output<typeof monthlyProgressInput>;
