import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CommandError } from "@agx-ext/core";
import { createMcpServer } from "../mcp/server.js";
import { HOST_VERSION } from "../server/version.js";
import { attachUserStore } from "../users/attach.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";

/**
 * agx mcp [--user <id>]: MCP over stdio for a local agent, every call as that user. stdout carries the
 * protocol only; logs go to stderr.
 */
export const mcp: Subcommand = async (args, { host }) => {
  const { values } = parseArgs({ args, options: { user: { type: "string", short: "u" } } });
  const userId = values.user ?? DEFAULT_USER;
  const agx = await host();
  const users = attachUserStore(agx);
  await agx.start();
  if (!(await users.isActive(userId)))
    throw new CommandError("NOT_FOUND", `There is no active user "${userId}": create one with agx users add ${userId}.`);

  const server = createMcpServer({ runtime: agx.runtime, userId, version: HOST_VERSION });
  const ended = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  await server.connect(new StdioServerTransport());
  await ended;
  await server.close();
  return EXIT.ok;
};
