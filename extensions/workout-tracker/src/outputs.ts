import { z } from "@agx-ext/core";

/**
 * Schemas of each command's `data` (the host publishes them as MCP output schemas and in OpenAPI). The
 * views and commands derive their types from them, so a result cannot drift from what is published, and
 * the objects are strict, so a key the schema does not declare fails the test host's output check. The
 * snake_case keys are the original Workout Tracker's.
 */

const date = z.string().describe("YYYY-MM-DD");
const isoTime = z.string().describe("ISO 8601 timestamp (UTC)");
const count = z.number().int().min(0);
const success = z.literal(true);

/** A user's daily goal for one exercise. */
const goalRecord = z.strictObject({
  id: z.number().int(),
  user_id: z.string(),
  exercise_name: z.string(),
  target_reps: count,
  target_sets: count,
  target_weight: z.number().describe("In the unit the user logs (kg or lbs)"),
  target_duration: count.describe("Seconds"),
  muscle_group: z.string(),
  active: z.boolean().describe("false: paused"),
  created_at: isoTime,
  updated_at: isoTime,
});

/** What the user did for one exercise on one day. */
const completionRecord = z.strictObject({
  id: z.number().int(),
  user_id: z.string(),
  exercise_name: z.string(),
  completion_date: date,
  completed_reps: count,
  completed_sets: count,
  completed_weight: z.number(),
  completed_duration: count.describe("Seconds"),
  notes: z.string(),
  completed_at: isoTime,
});

/** `data` of the "Set Daily Goal" and "Update Daily Goal" commands. */
export const goalChangedOutput = z.strictObject({ success, message: z.string(), goal: goalRecord });

/** `data` of the "Get Daily Goals" command. */
export const goalsOutput = z.strictObject({ success, goals: z.array(goalRecord).describe("Ordered by exercise name") });

/** `data` of the "Delete Daily Goal" command. */
export const goalDeletedOutput = z.strictObject({ success, message: z.string() });

/** `data` of the "Mark Exercise Complete" command. */
export const completionOutput = z.strictObject({ success, message: z.string(), completion: completionRecord });

/** `data` of the "Get Daily Progress" command. */
export const dailyProgressOutput = z.strictObject({
  success,
  date,
  progress: z.array(
    z.strictObject({
      ...goalRecord.shape,
      completed: z.boolean(),
      completion: completionRecord.nullable(),
      goal_met: z.boolean().describe("Reps and sets both reached"),
    }),
  ),
  total_goals: count,
  completed_goals: count,
  goals_met: count,
});

/** `data` of the "Get Weekly Progress" command. */
export const weeklyProgressOutput = z.strictObject({
  success,
  week_start: date,
  week_end: date,
  weekly_progress: z.array(
    z.strictObject({
      date,
      day_of_week: z.string().describe("Monday, Tuesday, ..."),
      total_goals: count,
      completed_exercises: count.describe("Every record of the day, also for exercises without a goal"),
      goals_met: count,
      exercises: z.array(
        z.strictObject({ exercise_name: z.string(), target_reps: count, completed: z.boolean(), completed_reps: count, goal_met: z.boolean() }),
      ),
    }),
  ),
});

/** `data` of the "Get Monthly Progress" command. */
export const monthlyProgressOutput = z.strictObject({
  success,
  month: z.string().describe("YYYY-MM"),
  month_start: date,
  month_end: date,
  days_in_month: count,
  exercise_statistics: z.array(
    z.strictObject({
      exercise_name: z.string(),
      total_completions: count,
      total_reps: count,
      goals_met: count,
      days_in_month: count,
      target_reps: count.describe("0 when the exercise has no active goal"),
      completion_rate: z.number().describe("Percent of the month's days logged"),
      goal_achievement_rate: z.number().describe("Percent of the month's days the goal was met"),
    }),
  ),
  total_active_goals: count,
  total_completions: count,
});

/** One goal as the commands report it, typed from its schema. */
export type GoalRecord = z.output<typeof goalRecord>;
/** One recorded completion as the commands report it, typed from its schema. */
export type CompletionRecord = z.output<typeof completionRecord>;
/** `data` of the "Set Daily Goal" and "Update Daily Goal" commands, typed from its output schema. */
export type GoalChangedOutput = z.output<typeof goalChangedOutput>;
/** `data` of the "Get Daily Goals" command, typed from its output schema. */
export type GoalsOutput = z.output<typeof goalsOutput>;
/** `data` of the "Delete Daily Goal" command, typed from its output schema. */
export type GoalDeletedOutput = z.output<typeof goalDeletedOutput>;
/** `data` of the "Mark Exercise Complete" command, typed from its output schema. */
export type CompletionOutput = z.output<typeof completionOutput>;
/** `data` of the "Get Daily Progress" command, typed from its output schema. */
export type DailyProgressOutput = z.output<typeof dailyProgressOutput>;
/** `data` of the "Get Weekly Progress" command, typed from its output schema. */
export type WeeklyProgressOutput = z.output<typeof weeklyProgressOutput>;
/** `data` of the "Get Monthly Progress" command, typed from its output schema. */
export type MonthlyProgressOutput = z.output<typeof monthlyProgressOutput>;
