import type { FastifyInstance } from "fastify";
import { CommandError } from "@agx-ext/core";
import { MAX_ACTIVITY_LIMIT, type CallLog } from "../../activity/call-log.js";
import { callerOf } from "../bearer.js";

const DEFAULT_LIMIT = 50;

/** Authenticated: GET /v1/activity?limit=50, the caller's recent command calls, newest first (no inputs or outputs). */
export async function activityRoutes(app: FastifyInstance, { callLog }: { callLog?: CallLog }): Promise<void> {
  app.get<{ Querystring: { limit?: string } }>("/v1/activity", async (request) => {
    const limit = limitParam(request.query.limit);
    const userId = callerOf(request);
    request.agx.outcome = "ok";
    if (!callLog?.enabled) return { enabled: false, calls: [] };
    // Calls of the last moment may still be waiting to be written: the caller's own page should show them.
    await callLog.flush();
    const calls = await callLog.recent(userId, limit);
    return {
      enabled: true,
      calls: calls.map(({ command, startedAt, durationMs, outcome }) => ({ command, startedAt: startedAt.toISOString(), durationMs, outcome })),
    };
  });
}

function limitParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_ACTIVITY_LIMIT)
    throw new CommandError("INVALID_INPUT", `limit must be a whole number from 1 to ${MAX_ACTIVITY_LIMIT}.`, { details: { fields: ["limit"] } });
  return limit;
}
