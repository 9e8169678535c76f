// The MCP baseline: the MCP SDK alone on node:http, one tool doing the work of the trivial bench command,
// served as agx serves /mcp: streamable HTTP, stateless (a server and transport per POST), JSON responses.
// Prints its URL once listening, like `agx serve` prints its banner.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./lib.mjs";

const require = createRequire(resolve(ROOT, "packages/host/package.json"));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const { McpServer } = await load("@modelcontextprotocol/sdk/server/mcp.js");
const { StreamableHTTPServerTransport } = await load("@modelcontextprotocol/sdk/server/streamableHttp.js");
// The zod the SDK itself uses, so the tool's schema is the kind it expects.
const { z } = await import(pathToFileURL(createRequire(require.resolve("@modelcontextprotocol/sdk/package.json")).resolve("zod")).href);

function mcpServer() {
  const server = new McpServer({ name: "bench-bare", version: "1.0.0" });
  server.registerTool("bench_echo_echo", { description: "Echoes.", inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: "text", text: JSON.stringify({ echoed: text.length }) }],
    structuredContent: { echoed: text.length },
  }));
  return server;
}

const http = createServer(async (req, res) => {
  if (req.method !== "POST" || req.url !== "/mcp") {
    res.writeHead(405).end();
    return;
  }
  const server = mcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
});
http.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${http.address().port}`));
process.on("SIGTERM", () => http.close(() => process.exit(0)));
