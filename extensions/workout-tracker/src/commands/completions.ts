import type { CommandContext, CommandResult } from "@agx-ext/core";
import { upsertOwned, type EntityManager } from "@agx-ext/db";
import { DailyCompletion } from "../entities.js";
import type { MarkExerciseCompleteInput } from "../inputs.js";
import type { CompletionOutput } from "../outputs.js";
import { completionView, setCount } from "../format.js";

/** One record per exercise and day: marking again replaces the numbers (it does not add them up). */
export async function markExerciseComplete(em: EntityManager, ctx: CommandContext, input: MarkExerciseCompleteInput): Promise<CommandResult<CompletionOutput>> {
  const date = input.completion_date || ctx.today();
  const { entity, created } = await upsertOwned(em, DailyCompletion, {
    where: { exerciseName: input.exercise_name, completionDate: date },
    set: {
      completedReps: input.completed_reps,
      completedSets: input.completed_sets,
      completedWeight: input.completed_weight,
      completedDuration: input.completed_duration,
      completedAt: ctx.now(),
      // Empty notes keep what was written earlier that day.
      ...(input.notes ? { notes: input.notes } : {}),
    },
    insertOnly: { notes: "" },
    // The command writes nothing else: the upsert commits by itself, with no transaction around it.
    onlyWrite: true,
  });
  const completion = completionView(entity);
  const message = created ? `Marked '${completion.exercise_name}' as completed for ${date}` : `Updated completion for '${completion.exercise_name}' on ${date}`;
  return { data: { success: true, message, completion }, markdown: `${message}: ${completion.completed_reps} reps × ${setCount(completion.completed_sets)}.` };
}
