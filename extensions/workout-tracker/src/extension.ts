import { Command, CONTEXT, ENTITY_MANAGER, Extension, inject, Trigger, z, type CommandContext, type PollInput } from "@agx-ext/core";
import type { EntityManager } from "@agx-ext/db";
import { markExerciseComplete } from "./commands/completions.js";
import { DailyCompletion, DailyGoal } from "./entities.js";
import { goalMetOutput, pollGoalsMet } from "./goal-met-trigger.js";
import { deleteDailyGoal, getDailyGoals, setDailyGoal, updateDailyGoal } from "./commands/goals.js";
import * as inputs from "./inputs.js";
import * as out from "./outputs.js";
import { dailyProgress, monthlyProgress, weeklyProgress } from "./commands/progress.js";

/**
 * Hints: everything stays in the host database, so no command is open-world. Reads are read-only. Set,
 * Update and Mark overwrite values the user can set again (and Mark is the documented way to correct a
 * day), so they are not destructive; Delete removes a goal, so a client should confirm it. Each write
 * repeated with the same input leaves the same rows (Delete then answers NOT_FOUND), so all are idempotent.
 */
const READ = { mutates: false, destructive: false, idempotent: true, openWorld: false } as const;
const WRITE = { mutates: true, destructive: false, idempotent: true, openWorld: false } as const;

/** The Workout Tracker extension: daily exercise goals and completions kept in the host's database, with daily, weekly and monthly progress. */
@Extension({
  id: "workout-tracker",
  name: "Workout Tracker",
  category: "Health & Fitness",
  description: "Daily exercise goals, completions and daily, weekly and monthly progress, stored per user.",
  entities: [DailyGoal, DailyCompletion],
})
export class WorkoutTracker {
  constructor(
    @inject(ENTITY_MANAGER) private readonly em: EntityManager,
    @inject(CONTEXT) private readonly ctx: CommandContext,
  ) {}

  @Command({
    name: "Set Daily Goal",
    title: "Set Daily Exercise Goal",
    description: "Set a daily goal for an exercise (replaces an existing goal of the same name and re-activates it).",
    input: inputs.setDailyGoalInput,
    output: out.goalChangedOutput,
    ...WRITE,
  })
  setDailyGoal(input: z.output<typeof inputs.setDailyGoalInput>) {
    return setDailyGoal(this.em, this.ctx, input);
  }

  @Command({
    name: "Get Daily Goals",
    title: "List Daily Exercise Goals",
    description: "Get all daily goals for the user, ordered by exercise name.",
    input: inputs.getDailyGoalsInput,
    output: out.goalsOutput,
    ...READ,
  })
  getDailyGoals(input: z.output<typeof inputs.getDailyGoalsInput>) {
    return getDailyGoals(this.em, input);
  }

  @Command({
    name: "Update Daily Goal",
    title: "Update Daily Exercise Goal",
    description: "Update a daily goal; only the fields given change (active=false pauses it).",
    input: inputs.updateDailyGoalInput,
    output: out.goalChangedOutput,
    ...WRITE,
  })
  updateDailyGoal(input: z.output<typeof inputs.updateDailyGoalInput>) {
    return updateDailyGoal(this.em, this.ctx, input);
  }

  @Command({
    name: "Delete Daily Goal",
    title: "Delete Daily Exercise Goal",
    description: "Delete a daily goal; its completion history is kept.",
    input: inputs.deleteDailyGoalInput,
    output: out.goalDeletedOutput,
    ...WRITE,
    destructive: true,
  })
  deleteDailyGoal(input: z.output<typeof inputs.deleteDailyGoalInput>) {
    return deleteDailyGoal(this.em, input);
  }

  @Command({
    name: "Mark Exercise Complete",
    title: "Log Completed Exercise",
    description: "Mark an exercise as completed for today (or the given date); marking again that day replaces the numbers.",
    input: inputs.markExerciseCompleteInput,
    output: out.completionOutput,
    ...WRITE,
  })
  markExerciseComplete(input: z.output<typeof inputs.markExerciseCompleteInput>) {
    return markExerciseComplete(this.em, this.ctx, input);
  }

  @Command({
    name: "Get Daily Progress",
    title: "Daily Workout Progress",
    description: "Get daily progress showing goals vs completions for a specific date (default today).",
    input: inputs.dailyProgressInput,
    output: out.dailyProgressOutput,
    ...READ,
  })
  getDailyProgress(input: z.output<typeof inputs.dailyProgressInput>) {
    return dailyProgress(this.em, this.ctx, input);
  }

  @Command({
    name: "Get Weekly Progress",
    title: "Weekly Workout Progress",
    description: "Get weekly progress: seven days from week_start (default this week's Monday) with goals met per day.",
    input: inputs.weeklyProgressInput,
    output: out.weeklyProgressOutput,
    ...READ,
  })
  getWeeklyProgress(input: z.output<typeof inputs.weeklyProgressInput>) {
    return weeklyProgress(this.em, this.ctx, input);
  }

  @Command({
    name: "Get Monthly Progress",
    title: "Monthly Workout Progress",
    description: "Get monthly progress summary: per-exercise completions, reps and goal achievement rates.",
    input: inputs.monthlyProgressInput,
    output: out.monthlyProgressOutput,
    ...READ,
  })
  getMonthlyProgress(input: z.output<typeof inputs.monthlyProgressInput>) {
    return monthlyProgress(this.em, this.ctx, input);
  }

  @Trigger({
    name: "Daily Goal Met",
    description: "A daily goal was met (reps and sets reached) today; one event per exercise and day.",
    kind: "poll",
    every: "5m",
    output: goalMetOutput,
  })
  dailyGoalMet(input: PollInput) {
    return pollGoalsMet(this.em, this.ctx, input);
  }
}
