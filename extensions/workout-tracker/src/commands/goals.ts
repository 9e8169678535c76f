import { CommandError, type CommandContext, type CommandResult } from "@agx-ext/core";
import { findOwned, upsertOwned, type EntityManager } from "@agx-ext/db";
import { DailyGoal } from "../entities.js";
import type { DeleteDailyGoalInput, GetDailyGoalsInput, SetDailyGoalInput, UpdateDailyGoalInput } from "../inputs.js";
import type { GoalChangedOutput, GoalDeletedOutput, GoalsOutput } from "../outputs.js";
import { goalView, setCount, type GoalView } from "../format.js";

/** "Set Daily Goal": creates the user's goal for an exercise, or updates and re-activates it. */
export async function setDailyGoal(em: EntityManager, ctx: CommandContext, input: SetDailyGoalInput): Promise<CommandResult<GoalChangedOutput>> {
  const now = ctx.now();
  const { entity, created } = await upsertOwned(em, DailyGoal, {
    where: { exerciseName: input.exercise_name },
    set: {
      targetReps: input.target_reps,
      targetSets: input.target_sets,
      targetWeight: input.target_weight,
      targetDuration: input.target_duration,
      // Setting a goal again re-activates it; an empty muscle group keeps the stored one.
      active: true,
      updatedAt: now,
      ...(input.muscle_group ? { muscleGroup: input.muscle_group } : {}),
    },
    insertOnly: { muscleGroup: "", createdAt: now },
    // The command writes nothing else: the upsert commits by itself, with no transaction around it.
    onlyWrite: true,
  });
  const goal = goalView(entity);
  const message = `Daily goal for '${goal.exercise_name}' ${created ? "set" : "updated"} successfully`;
  return { data: { success: true, message, goal }, markdown: `${message}: ${describeGoal(goal)}.` };
}

/** "Get Daily Goals": the user's goals (all, or only the active ones), by exercise name. */
export async function getDailyGoals(em: EntityManager, input: GetDailyGoalsInput): Promise<CommandResult<GoalsOutput>> {
  // One prepared statement with bound values (a hot read), not a query built by the ORM on every call; the
  // goals are only shown, so the EntityManager need not track them.
  const rows = await findOwned(em, DailyGoal, input.active_only ? { active: true } : {}, { disableIdentityMap: true });
  // Sorted here, by code unit, so SQLite and PostgreSQL (whose collations differ) answer alike.
  const goals = rows.map(goalView).sort((a, b) => (a.exercise_name < b.exercise_name ? -1 : a.exercise_name > b.exercise_name ? 1 : 0));
  const markdown = goals.length
    ? goals.map((g) => `- **${g.exercise_name}**: ${describeGoal(g)}`).join("\n")
    : input.active_only
      ? "No active daily goals."
      : "No daily goals.";
  return { data: { success: true, goals }, markdown };
}

/** "Update Daily Goal": changes the given fields of an existing goal (NOT_FOUND when there is none). */
export async function updateDailyGoal(em: EntityManager, ctx: CommandContext, input: UpdateDailyGoalInput): Promise<CommandResult<GoalChangedOutput>> {
  const entity = await findGoal(em, input.exercise_name);
  if (input.target_reps != null) entity.targetReps = input.target_reps;
  if (input.target_sets != null) entity.targetSets = input.target_sets;
  if (input.target_weight != null) entity.targetWeight = input.target_weight;
  if (input.target_duration != null) entity.targetDuration = input.target_duration;
  if (input.muscle_group != null) entity.muscleGroup = input.muscle_group;
  if (input.active != null) entity.active = input.active;
  entity.updatedAt = ctx.now();
  await em.flush();
  const goal = goalView(entity);
  const message = `Daily goal for '${goal.exercise_name}' updated successfully`;
  return { data: { success: true, message, goal }, markdown: `${message}: ${describeGoal(goal)}.` };
}

/** "Delete Daily Goal": removes a goal (NOT_FOUND when there is none); its completions stay as history. */
export async function deleteDailyGoal(em: EntityManager, input: DeleteDailyGoalInput): Promise<CommandResult<GoalDeletedOutput>> {
  const entity = await findGoal(em, input.exercise_name);
  // Completions stay: they are history, and monthly statistics still count them.
  em.remove(entity);
  await em.flush();
  const message = `Daily goal for '${input.exercise_name}' deleted successfully`;
  return { data: { success: true, message }, markdown: message };
}

async function findGoal(em: EntityManager, exerciseName: string): Promise<DailyGoal> {
  const goal = await em.findOne(DailyGoal, { exerciseName });
  if (!goal)
    throw new CommandError(
      "NOT_FOUND",
      `Daily goal not found: there is no goal for '${exerciseName}' (names are case-sensitive). Set one with "Set Daily Goal".`,
      {
        details: { exercise_name: exerciseName },
      },
    );
  return goal;
}

/** The target in words, marked when the goal is paused. */
function describeGoal(goal: GoalView): string {
  const parts = [`${goal.target_reps} reps × ${setCount(goal.target_sets)}`];
  if (goal.target_weight) parts.push(`${goal.target_weight} weight`);
  if (goal.target_duration) parts.push(`${goal.target_duration} s`);
  if (goal.muscle_group) parts.push(goal.muscle_group);
  return parts.join(", ") + (goal.active ? "" : " (paused)");
}
