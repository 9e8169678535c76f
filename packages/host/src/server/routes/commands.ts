import type { FastifyInstance } from "fastify";
import type { Runtime } from "@agx-ext/core";
import { registryJson } from "../../tool-formats.js";
import { callerOf } from "../bearer.js";
import { withDeadline } from "../deadline.js";

export interface CommandRouteOptions {
  runtime: Runtime;
  /** A command still running after this long is told to stop through its AbortSignal, and the caller gets 504. */
  commandTimeoutMs: number;
}

/** GET /v1/commands and POST /v1/commands/{name}: the name may be qualified, plain or a tool name, URL-encoded. */
export async function commandRoutes(app: FastifyInstance, { runtime, commandTimeoutMs }: CommandRouteOptions): Promise<void> {
  app.get("/v1/commands", async () => ({ commands: registryJson(runtime.registry.list()) }));

  app.post<{ Params: { name: string } }>("/v1/commands/:name", async (request) => {
    // Resolve first so the log line names the command even when validation fails.
    const entry = runtime.registry.find(request.params.name);
    request.agx.command = entry.qualifiedName;
    const signal = AbortSignal.timeout(commandTimeoutMs);
    const execution = runtime.execute(entry.qualifiedName, request.body, { userId: callerOf(request), requestId: request.id, signal });
    const result = await withDeadline(execution, signal, `"${entry.name}"`, commandTimeoutMs);
    request.agx.outcome = "ok";
    return { ok: true, data: result.data ?? null, markdown: result.markdown ?? null };
  });
}
