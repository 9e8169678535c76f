import type { FastifyInstance } from "fastify";
import type { Runtime } from "@agx-ext/core/host";
import { executeWithDeadline } from "../../command-deadline.js";
import { registryJson } from "../../tool-formats.js";
import { assertEnabled, visibleCommands, type ToolSetStore } from "../../users/tool-sets.js";
import { callerOf } from "../bearer.js";

export interface CommandRouteOptions {
  runtime: Runtime;
  /** A command still running after this long is told to stop through its AbortSignal, and the caller gets 504. */
  commandTimeoutMs: number;
  /** Per-user tool sets: a caller sees, and may call, only the commands of extensions it has enabled. */
  toolSets?: ToolSetStore;
}

/** GET /v1/commands and POST /v1/commands/{name}: the name may be qualified, plain or a tool name, URL-encoded. */
export async function commandRoutes(app: FastifyInstance, { runtime, commandTimeoutMs, toolSets }: CommandRouteOptions): Promise<void> {
  app.get("/v1/commands", async (request) => ({
    commands: registryJson(await visibleCommands(runtime.registry.list(), toolSets, callerOf(request), request.agx.cacheMark)),
  }));

  app.post<{ Params: { name: string } }>("/v1/commands/:name", async (request) => {
    // Resolve first so the log line names the command even when validation fails.
    const entry = runtime.registry.find(request.params.name);
    request.agx.command = entry.qualifiedName;
    const userId = callerOf(request);
    await assertEnabled(entry, toolSets, userId, request.agx.cacheMark);
    const result = await executeWithDeadline(runtime, entry.qualifiedName, request.body, { userId, requestId: request.id, timeoutMs: commandTimeoutMs });
    request.agx.outcome = "ok";
    return { ok: true, data: result.data ?? null, markdown: result.markdown ?? null };
  });
}
