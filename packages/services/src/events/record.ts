import type { EntityManager } from "@mikro-orm/core";
import { DeliveryEntity, EventEntity, SubscriptionEntity, type DeliveryRow, type EventRow } from "./entities.js";
import { matchesFilter, type EventFilter } from "./filter.js";
import { eventId, newId } from "./ids.js";
import { insertIgnoring } from "./insert-ignoring.js";
import { DEFAULT_PARAMS_KEY } from "./params.js";

/** How long a URL delivery is retried before it is listed as failed. */
export const DELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface NewEvent {
  id: string;
  data: unknown;
}

/**
 * Records a trigger's events for a user (and the params of the poll that found them) inside the caller's
 * transaction, and owes each new one to every URL subscription of that user and params whose filter it matches. An
 * event already recorded (same trigger, user, params and id) is neither recorded nor owed again. Returns the events
 * that were new.
 */
export async function recordEvents(
  em: EntityManager,
  trigger: string,
  userId: string,
  events: readonly NewEvent[],
  now: Date,
  paramsKey: string = DEFAULT_PARAMS_KEY,
): Promise<EventRow[]> {
  const byId = new Map<string, EventRow>();
  for (const event of events) {
    const id = eventId(trigger, userId, event.id, paramsKey);
    if (!byId.has(id)) byId.set(id, { id, trigger, userId, paramsKey, sourceId: event.id, data: JSON.stringify(event.data), createdAt: now });
  }
  if (byId.size === 0) return [];
  const known = await em.find(EventEntity, { id: { $in: [...byId.keys()] } }, { fields: ["id"], disableIdentityMap: true });
  for (const row of known) byId.delete(row.id);
  const fresh = [...byId.values()];
  // Conflicts are ignored: a host recording the same event at the same moment wrote the same row.
  await insertIgnoring(em, EventEntity, fresh, ["id"]);
  const subscriptions = await em.find(SubscriptionEntity, { trigger, userId, paramsKey, mcp: false }, { disableIdentityMap: true });
  const owed: DeliveryRow[] = [];
  for (const subscription of subscriptions) {
    const filter = subscription.filter ? (JSON.parse(subscription.filter) as EventFilter) : undefined;
    for (const event of fresh) {
      if (!matchesFilter(filter, JSON.parse(event.data))) continue;
      owed.push({
        id: newId("dlv"),
        subscriptionId: subscription.id,
        eventId: event.id,
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        expiresAt: new Date(now.getTime() + DELIVERY_WINDOW_MS),
        createdAt: now,
      });
    }
  }
  // The unique (subscription, event) constraint is the guarantee: a delivery is owed once, whoever records it.
  await insertIgnoring(em, DeliveryEntity, owed, ["subscriptionId", "eventId"]);
  return fresh;
}
