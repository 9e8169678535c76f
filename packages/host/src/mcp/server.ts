import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { CommandEntry, Runtime } from "@agx-ext/core/host";
import { DEFAULT_COMMAND_TIMEOUT_MS, executeWithDeadline } from "../command-deadline.js";
import { mcpStructuredContent, mcpTools } from "../tool-formats.js";
import { assertEnabled, visibleCommands, type ToolSetStore } from "../users/tool-sets.js";
import type { HostEvents } from "@agx-ext/services";
import { toolErrorText, urlElicitationFor } from "./errors.js";
import { registerEventResources } from "./event-resources.js";

export interface McpServerOptions {
  runtime: Runtime;
  /** Every tool call runs as this user. */
  userId: string;
  version: string;
  /** Correlates the runtime's log lines with the transport request, when there is one. */
  requestId?: string;
  /** The user's tool set: only enabled extensions' commands are listed and callable. Without it, all are. */
  toolSets?: ToolSetStore;
  /** UserStore.cacheMark() from before the request's key check: the tool-set lookup relies on that check's freshness. */
  cacheMark?: number;
  /** AGX_COMMAND_TIMEOUT_MS: a tool call still running after this long is told to stop (default 120 s). */
  commandTimeoutMs?: number;
  /** Aborts tool calls from outside the protocol, e.g. a cancellation that reached another transport. */
  signal?: AbortSignal;
  /** Adds what the host knows to a failed call's error (a NOT_CONNECTED's connect link: `details.connectUrl`). */
  explainError?: (error: unknown) => Promise<unknown>;
  /** The user's MCP subscriptions as resources (see event-resources.ts). */
  events?: HostEvents;
  /** The transport keeps a session, so resource subscriptions can be notified (stdio: yes; stateless HTTP: no). */
  resourceUpdates?: boolean;
}

/**
 * An MCP server whose tools are the user's enabled commands, listed exactly as `agx commands --format mcp
 * --user <id>` prints them. A failed command is a tool error (isError) carrying its code and message, so
 * the model can read it and correct itself; protocol errors stay for protocol problems. Every call is
 * bound by the command deadline, and `notifications/cancelled` (or a closed transport) aborts it
 * through the command's AbortSignal.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { runtime, userId, toolSets } = options;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const resources = options.events ? { resources: { subscribe: options.resourceUpdates === true, listChanged: false } } : {};
  const server = new Server({ name: "agx", version: options.version }, { capabilities: { tools: { listChanged: false }, ...resources } });
  if (options.events) registerEventResources(server, { events: options.events, userId, updates: options.resourceUpdates === true });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: mcpTools(await visibleCommands(runtime.registry.list(), toolSets, userId, options.cacheMark)),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    let entry: CommandEntry | undefined;
    try {
      entry = runtime.registry.find(request.params.name);
      await assertEnabled(entry, toolSets, userId, options.cacheMark);
      const result = await executeWithDeadline(runtime, entry.qualifiedName, request.params.arguments ?? {}, {
        userId,
        timeoutMs,
        signal: options.signal ? AbortSignal.any([extra.signal, options.signal]) : extra.signal,
        ...(options.requestId ? { requestId: options.requestId } : {}),
      });
      return {
        content: [{ type: "text", text: result.markdown ?? JSON.stringify(result.data, null, 2) }],
        structuredContent: mcpStructuredContent(entry, result.data),
      };
    } catch (raised) {
      const error = options.explainError ? await options.explainError(raised) : raised;
      const elicitation = urlElicitationFor(error, server.getClientCapabilities());
      if (elicitation) throw elicitation;
      return { isError: true, content: [{ type: "text", text: toolErrorText(error) }] };
    }
  });
  return server;
}
