import type { FastifyInstance, FastifyReply } from "fastify";
import { clip, type Runtime } from "@agx-ext/core/host";
import type { HostEvents } from "@agx-ext/services";
import type { ToolSetStore } from "../users/tool-sets.js";
import { InFlightCalls } from "./cancellation.js";

/**
 * The MCP server and the SDK's Node transport are imported on the first POST /mcp, not when the host starts:
 * the transport pulls in Hono's Node adapter and the server the SDK's schemas, which a host that never
 * serves MCP does not need in memory or start-up time.
 */
let mcpModules: Promise<[typeof import("@modelcontextprotocol/sdk/server/streamableHttp.js"), typeof import("./server.js")]> | undefined;
const loadMcp = () => (mcpModules ??= Promise.all([import("@modelcontextprotocol/sdk/server/streamableHttp.js"), import("./server.js")]));

export interface McpRouteOptions {
  runtime: Runtime;
  version: string;
  /** The authenticated caller of a request (set by the bearer-key hook). */
  userOf(request: { agx: { userId?: string } }): string;
  /** Per-user tool sets: tools/list shows only the caller's enabled extensions. */
  toolSets?: ToolSetStore;
  /** AGX_COMMAND_TIMEOUT_MS, as for POST /v1/commands. */
  commandTimeoutMs?: number;
  /** Adds what the host knows to a failed call's error (a NOT_CONNECTED's connect link) before the client sees it. */
  explainError?: (error: unknown, userId: string) => Promise<unknown>;
  /** MCP subscriptions as resources, listed and read (a stateless endpoint cannot notify updates). */
  events?: HostEvents;
}

/**
 * Streamable HTTP at /mcp, stateless: every POST gets its own server and transport bound to the
 * caller's user, so nothing about a session has to live in this process and several host processes
 * can sit behind one address. GET (server-initiated streams) and DELETE (sessions) do not apply.
 * A `notifications/cancelled` arrives in a POST of its own: this process aborts the call it names (see
 * InFlightCalls); a closed connection closes the transport, which aborts the call too.
 */
export async function mcpRoutes(app: FastifyInstance, options: McpRouteOptions): Promise<void> {
  const inFlight = new InFlightCalls();
  app.post("/mcp", async (request, reply) => {
    const [{ StreamableHTTPServerTransport }, { createMcpServer }] = await loadMcp();
    const userId = options.userOf(request);
    request.agx.command = describeMessage(request.body);
    const cancelled = cancellationOf(request.body);
    if (cancelled) inFlight.cancel(userId, cancelled.requestId, cancelled.reason);
    const callId = toolCallId(request.body);
    const call = callId === undefined ? undefined : inFlight.start(userId, callId);
    const server = createMcpServer({
      runtime: options.runtime,
      userId,
      version: options.version,
      requestId: request.id,
      ...(options.toolSets ? { toolSets: options.toolSets } : {}),
      ...(request.agx.cacheMark !== undefined ? { cacheMark: request.agx.cacheMark } : {}),
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      ...(call ? { signal: call.signal } : {}),
      ...(options.events ? { events: options.events } : {}),
      ...(options.explainError ? { explainError: (error: unknown) => options.explainError!(error, userId) } : {}),
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on("close", () => {
      call?.done();
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  const notAllowed = async (_request: unknown, reply: FastifyReply) =>
    reply
      .code(405)
      .header("allow", "POST")
      .send({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed: this MCP endpoint is stateless, use POST." }, id: null });
  app.get("/mcp", notAllowed);
  app.delete("/mcp", notAllowed);
}

/** For the log line: `mcp:tools/call probe_echo`, `mcp:tools/list`... (a batch is just `mcp`); caller's text is clipped. */
function describeMessage(body: unknown): string {
  const message = body as { method?: unknown; params?: { name?: unknown } } | undefined;
  if (!message || typeof message.method !== "string") return "mcp";
  const tool = message.method === "tools/call" && typeof message.params?.name === "string" ? ` ${clip(message.params.name)}` : "";
  return `mcp:${clip(message.method)}${tool}`;
}

/** The id of a single tools/call request (batches are not tracked). */
function toolCallId(body: unknown): string | number | undefined {
  const message = body as { method?: unknown; id?: unknown } | undefined;
  if (message?.method !== "tools/call") return undefined;
  return typeof message.id === "string" || typeof message.id === "number" ? message.id : undefined;
}

/** The request a `notifications/cancelled` names, if this body is one. */
function cancellationOf(body: unknown): { requestId: string | number; reason?: string } | undefined {
  const message = body as { method?: unknown; params?: { requestId?: unknown; reason?: unknown } } | undefined;
  if (message?.method !== "notifications/cancelled") return undefined;
  const id = message.params?.requestId;
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  return { requestId: id, ...(typeof message.params?.reason === "string" ? { reason: message.params.reason.slice(0, 200) } : {}) };
}
