import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ErrorCode, InitializeRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";

/** How long to wait for the client's `initialize` before exiting anyway (a client that never speaks). */
const WAIT_FOR_CLIENT_MS = 30_000;

/**
 * When `agx mcp` cannot start, answers the client's `initialize` with an MCP error carrying `message`
 * (every later request gets the same), then returns once the client hangs up: the client shows the
 * reason instead of a bare "connection closed".
 */
export async function serveStartupFailure(message: string, version: string): Promise<void> {
  const server = new Server({ name: "agx", version }, { capabilities: {} });
  const refuse = async (): Promise<never> => {
    throw new McpError(ErrorCode.InternalError, message);
  };
  server.setRequestHandler(InitializeRequestSchema, refuse);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, WAIT_FOR_CLIENT_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    server.onclose = done;
    process.stdin.once("end", done);
    // Anything a client sends instead of initialize is refused with the same reason.
    server.fallbackRequestHandler = refuse;
    void server.connect(new StdioServerTransport()).catch(done);
  });
  await server.close().catch(() => undefined);
}
