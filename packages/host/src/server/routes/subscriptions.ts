import type { FastifyInstance } from "fastify";
import type { Runtime } from "@agx-ext/core/host";
import { listTriggers, type HostEvents } from "@agx-ext/services";
import { callerOf } from "../bearer.js";

export interface SubscriptionRouteOptions {
  runtime: Runtime;
  events: HostEvents;
}

/**
 * The caller's side of events: GET /v1/triggers (every trigger with its output schema), the caller's
 * subscriptions (GET, POST, DELETE /v1/subscriptions) and its failed deliveries (GET /v1/events/failed,
 * POST /v1/events/failed/{id}/replay). A user only ever sees and changes their own.
 */
export async function subscriptionRoutes(app: FastifyInstance, { runtime, events }: SubscriptionRouteOptions): Promise<void> {
  app.get("/v1/triggers", async () => ({ triggers: listTriggers(runtime.extensions) }));

  app.get("/v1/subscriptions", async (request) => ({ subscriptions: await events.subscriptions.list(callerOf(request)) }));

  app.post("/v1/subscriptions", async (request, reply) => {
    const subscription = await events.subscriptions.add(callerOf(request), request.body);
    return reply.code(201).send({ subscription });
  });

  app.delete<{ Params: { id: string } }>("/v1/subscriptions/:id", async (request, reply) => {
    await events.subscriptions.remove(request.params.id, callerOf(request));
    return reply.code(204).send();
  });

  app.get("/v1/events/failed", async (request) => ({ deliveries: await events.deliveries.failed(callerOf(request)) }));

  app.post<{ Params: { id: string } }>("/v1/events/failed/:id/replay", async (request, reply) => {
    await events.deliveries.replay(request.params.id, callerOf(request));
    events.kickDeliveries();
    return reply.code(202).send({ ok: true, replayed: request.params.id });
  });
}
