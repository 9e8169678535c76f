import rateLimit from "@fastify/rate-limit";
import { CommandError } from "@agx-ext/core";
import type { FastifyInstance } from "fastify";

/**
 * AGX_RATE_LIMIT: at most `perMinute` requests per API key (per user) and minute, counted after the key
 * is checked; more are answered 429 RATE_LIMITED with Retry-After. Registered in the authenticated scope
 * before its routes.
 */
export async function perKeyRateLimit(api: FastifyInstance, perMinute: number): Promise<void> {
  await api.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    // After the bearer-key hook (onRequest), so the caller is known and bad keys never count here.
    hook: "preHandler",
    keyGenerator: (request) => `user:${request.agx.userId ?? request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new CommandError("RATE_LIMITED", `More than ${perMinute} requests a minute with this API key; retry in ${Math.ceil(context.ttl / 1000)} s.`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });
}
