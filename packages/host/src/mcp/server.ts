import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { isCommandError, type Runtime } from "@agx-ext/core";
import { mcpTools } from "../tool-formats.js";

export interface McpServerOptions {
  runtime: Runtime;
  /** Every tool call runs as this user. */
  userId: string;
  version: string;
  /** Correlates the runtime's log lines with the transport request, when there is one. */
  requestId?: string;
}

/**
 * An MCP server whose tools are the registry's commands, listed exactly as `agx commands --format mcp`
 * prints them. A failed command is a tool error (isError) carrying its code and message, so the model
 * can read it and correct itself; protocol errors stay for protocol problems.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { runtime, userId } = options;
  const server = new Server({ name: "agx", version: options.version }, { capabilities: { tools: { listChanged: false } } });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: mcpTools(runtime.registry.list()) }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    try {
      const result = await runtime.execute(request.params.name, request.params.arguments ?? {}, {
        userId,
        signal: extra.signal,
        ...(options.requestId ? { requestId: options.requestId } : {}),
      });
      return {
        content: [{ type: "text", text: result.markdown ?? JSON.stringify(result.data, null, 2) }],
        structuredContent: structured(result.data),
      };
    } catch (error) {
      // Runtime.execute rejects only with CommandError; anything else is reported without internals.
      const text = isCommandError(error) ? `${error.code}: ${error.message}` : "INTERNAL: the command failed unexpectedly.";
      return { isError: true, content: [{ type: "text", text }] };
    }
  });
  return server;
}

/** MCP structured content must be a JSON object: objects pass as they are, anything else is wrapped. */
function structured(data: unknown): Record<string, unknown> {
  if (typeof data === "object" && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
  return { result: data ?? null };
}
