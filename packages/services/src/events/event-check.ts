import { type Logger } from "@agx-ext/core";
import { describeIssues, type TriggerDefinition } from "@agx-ext/core/host";

/** Longest event id a trigger may give (the events table's column). */
const MAX_SOURCE_ID = 200;

/**
 * The events of a trigger's answer that keep its contract: a string id and data matching the output schema
 * (parsed, so defaults apply). The others are dropped and logged: one bad event must not block the rest.
 */
export function checkedEvents<E extends { id: unknown; data: unknown }>(
  trigger: TriggerDefinition,
  qualifiedName: string,
  events: unknown,
  logger: Logger,
): E[] {
  if (!Array.isArray(events)) throw new Error(`trigger "${qualifiedName}" returned no events array`);
  const kept: E[] = [];
  for (const event of events as E[]) {
    if (typeof event?.id !== "string" || !event.id || event.id.length > MAX_SOURCE_ID) {
      logger.error("trigger event dropped: its id must be a string of 1 to 200 characters", { trigger: qualifiedName });
      continue;
    }
    const parsed = trigger.output.safeParse(event.data);
    if (!parsed.success) {
      logger.error("trigger event dropped: its data does not match the output schema", {
        trigger: qualifiedName,
        event: event.id,
        problem: describeIssues(parsed.error),
      });
      continue;
    }
    kept.push({ ...event, data: parsed.data });
  }
  return kept;
}
