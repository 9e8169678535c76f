import type { DailyCompletion, DailyGoal } from "./entities.js";
import type { CompletionRecord, GoalRecord } from "./outputs.js";

/** The original's Goal object: snake_case keys, ISO timestamps (its schema is in outputs.ts). */
export type GoalView = GoalRecord;

/** A completion as the commands report it. */
export type CompletionView = CompletionRecord;

/** A stored goal as the commands report it. */
export function goalView(goal: DailyGoal): GoalView {
  return {
    id: goal.id,
    user_id: goal.userId,
    exercise_name: goal.exerciseName,
    target_reps: goal.targetReps,
    target_sets: goal.targetSets,
    target_weight: Number(goal.targetWeight),
    target_duration: goal.targetDuration,
    muscle_group: goal.muscleGroup ?? "",
    active: Boolean(goal.active),
    created_at: isoTime(goal.createdAt),
    updated_at: isoTime(goal.updatedAt),
  };
}

/** A stored completion as the commands report it. */
export function completionView(completion: DailyCompletion): CompletionView {
  return {
    id: completion.id,
    user_id: completion.userId,
    exercise_name: completion.exerciseName,
    completion_date: completion.completionDate,
    completed_reps: completion.completedReps,
    completed_sets: completion.completedSets,
    completed_weight: Number(completion.completedWeight),
    completed_duration: completion.completedDuration,
    notes: completion.notes ?? "",
    completed_at: isoTime(completion.completedAt),
  };
}

function isoTime(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The original's rule: reps and sets both reached; weight and duration do not count. */
export function goalMet(
  goal: Pick<DailyGoal, "targetReps" | "targetSets">,
  completion: Pick<DailyCompletion, "completedReps" | "completedSets"> | undefined,
): boolean {
  return !!completion && completion.completedReps >= goal.targetReps && completion.completedSets >= goal.targetSets;
}

/** "1 set" or "3 sets". */
export function setCount(sets: number): string {
  return `${sets} ${sets === 1 ? "set" : "sets"}`;
}

/** "✅ curls (10/10)" or "❌ push-ups (0/20)". */
export function progressMark(name: string, met: boolean, done: number, target: number): string {
  return `${met ? "✅" : "❌"} ${name} (${done}/${target})`;
}
