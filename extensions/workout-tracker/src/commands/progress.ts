import { addDays, daysInMonth, startOfWeek, type CommandContext, type CommandResult } from "@agx-ext/core";
import type { EntityManager } from "@agx-ext/db";
import { DailyCompletion, DailyGoal } from "../entities.js";
import type { DailyProgressInput, MonthlyProgressInput, WeeklyProgressInput } from "../inputs.js";
import type { DailyProgressOutput, MonthlyProgressOutput, WeeklyProgressOutput } from "../outputs.js";
import { completionView, goalMet, goalView, progressMark } from "../format.js";

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

function dayName(date: string): string {
  return DAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

/** Goals as they are now (the original does not keep goal history), in the order they were created. */
function activeGoals(em: EntityManager): Promise<DailyGoal[]> {
  return em.find(DailyGoal, { active: true }, { orderBy: { id: "asc" } });
}

function completionsBetween(em: EntityManager, from: string, to: string): Promise<DailyCompletion[]> {
  return em.find(DailyCompletion, { completionDate: { $gte: from, $lte: to } }, { orderBy: { completionDate: "asc", id: "asc" } });
}

/** "Get Daily Progress": each goal of a day with what was done towards it. */
export async function dailyProgress(em: EntityManager, ctx: CommandContext, input: DailyProgressInput): Promise<CommandResult<DailyProgressOutput>> {
  const date = input.check_date || ctx.today();
  const goals = await activeGoals(em);
  const byExercise = new Map((await completionsBetween(em, date, date)).map((c) => [c.exerciseName, c]));
  const progress = goals.map((goal) => {
    const completion = byExercise.get(goal.exerciseName);
    return { ...goalView(goal), completed: !!completion, completion: completion ? completionView(completion) : null, goal_met: goalMet(goal, completion) };
  });
  const data: DailyProgressOutput = {
    success: true,
    date,
    progress,
    total_goals: goals.length,
    completed_goals: progress.filter((p) => p.completed).length,
    goals_met: progress.filter((p) => p.goal_met).length,
  };
  const marks = progress.map((p) => progressMark(p.exercise_name, p.goal_met, p.completion?.completed_reps ?? 0, p.target_reps));
  const markdown = goals.length
    ? `**${date}**: ${data.goals_met}/${data.total_goals} goals met — ${marks.join(", ")}`
    : `**${date}**: no active daily goals. Set one with "Set Daily Goal".`;
  return { data, markdown };
}

/** "Get Weekly Progress": each day of the week of a date, with its completions and goals met. */
export async function weeklyProgress(em: EntityManager, ctx: CommandContext, input: WeeklyProgressInput): Promise<CommandResult<WeeklyProgressOutput>> {
  const weekStart = input.week_start || startOfWeek(ctx.today());
  const weekEnd = addDays(weekStart, 6);
  const goals = await activeGoals(em);
  const completions = await completionsBetween(em, weekStart, weekEnd);
  const weekly = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(weekStart, i);
    const ofDay = completions.filter((c) => c.completionDate === date);
    const exercises = goals.map((goal) => {
      const completion = ofDay.find((c) => c.exerciseName === goal.exerciseName);
      return {
        exercise_name: goal.exerciseName,
        target_reps: goal.targetReps,
        completed: !!completion,
        completed_reps: completion?.completedReps ?? 0,
        goal_met: goalMet(goal, completion),
      };
    });
    return {
      date,
      day_of_week: dayName(date),
      total_goals: goals.length,
      // As in the original: every record of the day, also for exercises without a goal.
      completed_exercises: ofDay.length,
      goals_met: exercises.filter((e) => e.goal_met).length,
      exercises,
    };
  });
  const markdown = [
    `**Week ${weekStart} – ${weekEnd}**`,
    ...weekly.map(
      (d) =>
        `- ${d.day_of_week.slice(0, 3)} ${d.date}: ${d.goals_met}/${d.total_goals} goals met` +
        (d.exercises.length ? ` — ${d.exercises.map((e) => progressMark(e.exercise_name, e.goal_met, e.completed_reps, e.target_reps)).join(", ")}` : ""),
    ),
  ].join("\n");
  return { data: { success: true, week_start: weekStart, week_end: weekEnd, weekly_progress: weekly }, markdown };
}

/** "Get Monthly Progress": a month's completions and statistics. */
export async function monthlyProgress(em: EntityManager, ctx: CommandContext, input: MonthlyProgressInput): Promise<CommandResult<MonthlyProgressOutput>> {
  const month = input.month || ctx.today().slice(0, 7);
  const days = daysInMonth(month);
  const monthStart = `${month}-01`;
  const monthEnd = `${month}-${String(days).padStart(2, "0")}`;
  const goals = new Map((await activeGoals(em)).map((g) => [g.exerciseName, g]));
  const completions = await completionsBetween(em, monthStart, monthEnd);

  // One entry per exercise logged this month, goal or not, in order of first appearance.
  const stats = new Map<string, { exercise_name: string; total_completions: number; total_reps: number; goals_met: number }>();
  for (const completion of completions) {
    const entry = stats.get(completion.exerciseName) ?? { exercise_name: completion.exerciseName, total_completions: 0, total_reps: 0, goals_met: 0 };
    entry.total_completions += 1;
    entry.total_reps += completion.completedReps;
    const goal = goals.get(completion.exerciseName);
    if (goal && goalMet(goal, completion)) entry.goals_met += 1;
    stats.set(completion.exerciseName, entry);
  }
  const exerciseStatistics = [...stats.values()].map((s) => ({
    ...s,
    days_in_month: days,
    target_reps: goals.get(s.exercise_name)?.targetReps ?? 0,
    completion_rate: (s.total_completions / days) * 100,
    goal_achievement_rate: (s.goals_met / days) * 100,
  }));
  const data: MonthlyProgressOutput = {
    success: true,
    month,
    month_start: monthStart,
    month_end: monthEnd,
    days_in_month: days,
    exercise_statistics: exerciseStatistics,
    total_active_goals: goals.size,
    total_completions: completions.length,
  };
  const markdown = [
    `**${month}**: ${completions.length} completions, ${goals.size} active goals`,
    ...exerciseStatistics.map(
      (s) =>
        `- ${s.exercise_name}: ${s.total_completions}/${days} days, ${s.total_reps} reps` +
        (s.target_reps ? `, goal met ${s.goals_met} days (${s.goal_achievement_rate.toFixed(1)}%)` : ", no active goal"),
    ),
  ].join("\n");
  return { data, markdown };
}
