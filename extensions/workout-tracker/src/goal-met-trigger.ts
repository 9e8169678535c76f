import { addDays, z, type CommandContext, type PollInput, type PollResult } from "@agx-ext/core";
import type { EntityManager } from "@agx-ext/db";
import { DailyCompletion, DailyGoal } from "./entities.js";
import { MAX_COUNT } from "./limits.js";
import { goalMet } from "./format.js";

const count = z.number().int().min(0).max(MAX_COUNT);

/** One event per exercise and day the user met the goal of. */
export const goalMetOutput = z.strictObject({
  date: z.string().describe("YYYY-MM-DD, in the host time zone"),
  exercise_name: z.string(),
  target_reps: count,
  target_sets: count,
  completed_reps: count,
  completed_sets: count,
  completed_at: z.string().describe("ISO 8601 timestamp of the completion that met the goal"),
});
/** One Daily Goal Met event: the exercise, the day, and what was done against the goal. */
export type GoalMetEvent = z.output<typeof goalMetOutput>;

/** What the host keeps between polls: the day last looked at and the goals already reported met that day. */
const cursorSchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), met: z.array(z.string()) });

/**
 * "Daily Goal Met": the active goals met today (reps and sets reached, the Get Daily Progress rule) that the last
 * poll had not reported. When the day changed since the last poll, the previous day is looked at once more, so a
 * goal met just before midnight is not missed. Event ids are `<date>:<exercise>`, so a goal is reported once a day.
 */
export async function pollGoalsMet(em: EntityManager, ctx: CommandContext, input: PollInput): Promise<PollResult<GoalMetEvent>> {
  const today = ctx.today();
  const cursor = cursorSchema.safeParse(input.cursor);
  const previous = cursor.success ? cursor.data : undefined;
  const days = previous && previous.date < today && previous.date >= addDays(today, -1) ? [previous.date, today] : [today];
  const goals = await em.find(DailyGoal, { active: true }, { orderBy: { exerciseName: "asc" } });
  const completions = await em.find(DailyCompletion, { completionDate: { $in: days } });
  const events: { id: string; data: GoalMetEvent }[] = [];
  const metToday: string[] = [];
  for (const day of days) {
    const reported = new Set(previous?.date === day ? previous.met : []);
    for (const goal of goals) {
      const completion = completions.find((c) => c.completionDate === day && c.exerciseName === goal.exerciseName);
      if (!completion || !goalMet(goal, completion)) continue;
      if (day === today) metToday.push(goal.exerciseName);
      if (reported.has(goal.exerciseName)) continue;
      events.push({
        id: `${day}:${goal.exerciseName}`,
        data: {
          date: day,
          exercise_name: goal.exerciseName,
          target_reps: goal.targetReps,
          target_sets: goal.targetSets,
          completed_reps: completion.completedReps,
          completed_sets: completion.completedSets,
          completed_at: new Date(completion.completedAt).toISOString(),
        },
      });
    }
  }
  return { events, cursor: { date: today, met: metToday } };
}
