import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CommandError } from "@agx-ext/core";
import { commandTimeoutFrom } from "../command-deadline.js";
import type { Host } from "../host.js";
import { createMcpServer } from "../mcp/server.js";
import { withConnectUrl } from "../server/connect-links/not-connected.js";
import { ConnectLinks } from "../server/connect-links/service.js";
import { attachConnectLinks } from "../server/connect-links/store.js";
import { serveStartupFailure } from "../mcp/startup-failure.js";
import { HOST_VERSION } from "../server/version.js";
import { attachUserStore } from "../users/attach.js";
import type { UserStore } from "../users/store.js";
import { parseCommandLine } from "./command-line.js";
import { DEFAULT_USER, EXIT, type CliContext, type Subcommand } from "./io.js";
import { releaseYoungGeneration } from "../young-generation.js";

/**
 * agx mcp [--user <id>]: MCP over stdio for a local agent, every call as that user, bound by
 * AGX_COMMAND_TIMEOUT_MS. stdout carries the protocol only; logs go to stderr. A problem before the
 * handshake (no such user, a bad config, a database that will not open) is the answer to the client's
 * `initialize`, so the client can show it rather than "connection closed".
 */
export const mcp: Subcommand = async (args, context) => {
  let prepared: { agx: Host; users: UserStore; userId: string; timeoutMs: number; links: ConnectLinks | undefined };
  try {
    prepared = await prepare(args, context);
  } catch (error) {
    const message = error instanceof CommandError ? `${error.code}: ${error.message}` : `agx mcp could not start: ${(error as Error).message}`;
    context.io.err(message);
    await serveStartupFailure(message, HOST_VERSION);
    return EXIT.failed;
  }
  const { agx, users, userId, timeoutMs, links } = prepared;
  const server = createMcpServer({
    runtime: agx.runtime,
    userId,
    version: HOST_VERSION,
    toolSets: users.toolSets,
    commandTimeoutMs: timeoutMs,
    events: agx.services.events,
    resourceUpdates: true,
    ...(links ? { explainError: (error: unknown) => withConnectUrl(error, userId, links) } : {}),
  });
  const ended = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
  });
  await server.connect(new StdioServerTransport());
  releaseYoungGeneration();
  await ended;
  await server.close();
  return EXIT.ok;
};

async function prepare(args: string[], { io, host, hostOptions }: CliContext) {
  const { values } = parseCommandLine("mcp", args);
  const userId = values.user ?? DEFAULT_USER;
  const timeoutMs = commandTimeoutFrom(hostOptions.env ?? process.env);
  const agx = await host();
  const users = attachUserStore(agx);
  // Connect links open on `agx serve`, so a stdio session offers them only when the host's public URL is known.
  const publicUrl = (hostOptions.env ?? process.env).AGX_PUBLIC_URL || undefined;
  const links = publicUrl
    ? new ConnectLinks({ store: attachConnectLinks(agx.services.database), providers: () => agx.services.auth.providers() }, users, () => publicUrl)
    : undefined;
  await agx.start();
  // As agx serve does: the embedded database's first run gets the "default" user. Its API key is not
  // printed: stderr is the MCP client's log, and stdio needs no key (agx users add issues one for HTTP).
  if (userId === DEFAULT_USER && agx.services.database.dialect === "sqlite" && (await users.createFirstUser(DEFAULT_USER)))
    io.err(`Created user "${DEFAULT_USER}" for this host. For HTTP access give it a key: agx users revoke ${DEFAULT_USER} && agx users add ${DEFAULT_USER}.`);
  if (!(await users.isActive(userId))) throw new CommandError("NOT_FOUND", `There is no active user "${userId}": create one with agx users add ${userId}.`);
  return { agx, users, userId, timeoutMs, links };
}
