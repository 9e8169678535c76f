import { Command, CONTEXT, ENTITY_MANAGER, Extension, inject, type CommandContext, type CommandResult } from "@agx-ext/core";
import type { EntityManager } from "@agx-ext/db";
import { markExerciseComplete } from "./completions.js";
import { DailyCompletion, DailyGoal } from "./entities.js";
import { deleteDailyGoal, getDailyGoals, setDailyGoal, updateDailyGoal } from "./goals.js";
import * as inputs from "./inputs.js";
import { dailyProgress, monthlyProgress, weeklyProgress } from "./progress.js";

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

  @Command({ name: "Set Daily Goal", description: "Set a daily goal for an exercise (replaces an existing goal of the same name and re-activates it).", input: inputs.setDailyGoalInput, mutates: true })
  setDailyGoal(input: inputs.SetDailyGoalInput): Promise<CommandResult> {
    return setDailyGoal(this.em, this.ctx, input);
  }

  @Command({ name: "Get Daily Goals", description: "Get all daily goals for the user, ordered by exercise name.", input: inputs.getDailyGoalsInput })
  getDailyGoals(input: inputs.GetDailyGoalsInput): Promise<CommandResult> {
    return getDailyGoals(this.em, input);
  }

  @Command({ name: "Update Daily Goal", description: "Update a daily goal; only the fields given change (active=false pauses it).", input: inputs.updateDailyGoalInput, mutates: true })
  updateDailyGoal(input: inputs.UpdateDailyGoalInput): Promise<CommandResult> {
    return updateDailyGoal(this.em, this.ctx, input);
  }

  @Command({ name: "Delete Daily Goal", description: "Delete a daily goal; its completion history is kept.", input: inputs.deleteDailyGoalInput, mutates: true })
  deleteDailyGoal(input: inputs.DeleteDailyGoalInput): Promise<CommandResult> {
    return deleteDailyGoal(this.em, input);
  }

  @Command({ name: "Mark Exercise Complete", description: "Mark an exercise as completed for today (or the given date); marking again that day replaces the numbers.", input: inputs.markExerciseCompleteInput, mutates: true })
  markExerciseComplete(input: inputs.MarkExerciseCompleteInput): Promise<CommandResult> {
    return markExerciseComplete(this.em, this.ctx, input);
  }

  @Command({ name: "Get Daily Progress", description: "Get daily progress showing goals vs completions for a specific date (default today).", input: inputs.dailyProgressInput })
  getDailyProgress(input: inputs.DailyProgressInput): Promise<CommandResult> {
    return dailyProgress(this.em, this.ctx, input);
  }

  @Command({ name: "Get Weekly Progress", description: "Get weekly progress: seven days from week_start (default this week's Monday) with goals met per day.", input: inputs.weeklyProgressInput })
  getWeeklyProgress(input: inputs.WeeklyProgressInput): Promise<CommandResult> {
    return weeklyProgress(this.em, this.ctx, input);
  }

  @Command({ name: "Get Monthly Progress", description: "Get monthly progress summary: per-exercise completions, reps and goal achievement rates.", input: inputs.monthlyProgressInput })
  getMonthlyProgress(input: inputs.MonthlyProgressInput): Promise<CommandResult> {
    return monthlyProgress(this.em, this.ctx, input);
  }
}
