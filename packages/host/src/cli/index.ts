import { isCommandError } from "@agx-ext/core/catalog";
import type { Host, HostOptions } from "../host.js";
import { EXIT, UsageError, type CliIO, type Subcommand } from "./io.js";

/**
 * Every `agx <subcommand>`, each in its own file and imported only when used, so that listing
 * commands never loads the server, the database driver or the OAuth client.
 */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  commands: () => import("./commands.js").then((m) => m.commands),
  run: () => import("./run.js").then((m) => m.run),
  doctor: () => import("./doctor.js").then((m) => m.doctor),
  create: () => import("./create.js").then((m) => m.create),
  serve: () => import("./serve.js").then((m) => m.serve),
  mcp: () => import("./mcp.js").then((m) => m.mcp),
  users: () => import("./users.js").then((m) => m.users),
  connect: () => import("./connect.js").then((m) => m.connect),
  connections: () => import("./connections.js").then((m) => m.connections),
  disconnect: () => import("./disconnect.js").then((m) => m.disconnect),
  tools: () => import("./tools.js").then((m) => m.tools),
  vault: () => import("./vault.js").then((m) => m.vault),
  jobs: () => import("./jobs.js").then((m) => m.jobs),
};

const USAGE = `agx: run agx-ext extension commands

  agx commands [--json | --format table|json|openai|mcp] [--user <id>] [--stats]
                                                           list installed commands (--user: that user's tool set;
                                                           --stats: approximate tokens of the tool list)
  agx run "<Command Name>" --input '<json>' [--user <id>]  run one command, print its result
  agx doctor [--user <id>] [--json]                        what each extension still needs
  agx serve [--port N] [--host 127.0.0.1]                  HTTP API and MCP endpoint
  agx mcp [--user <id>]                                    MCP over stdio for a local agent
  agx users add <id> | list [--json] | revoke <id>         API keys for HTTP and MCP callers
  agx tools enable|disable <extension> [--user <id>]       a user's tool set (agx tools list [--user <id>] shows it)
  agx connect <provider> [--user <id>] [--scopes a,b]      connect an account (OAuth, API key, credentials)
  agx connections [--user <id>]                            who is connected to what, until when
  agx disconnect <provider> [--user <id>]                  forget a connection
  agx vault rotate [--batch-size N] [--json]               re-seal the vault under the current AGX_SECRET_KEY
  agx jobs [--json] | agx jobs run <name>                  scheduled jobs (run by agx serve) and their last runs
  agx create extension <name> [--dir <path>]               scaffold a new extension package
`;

/** Runs one command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO, hostOptions: HostOptions = {}): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const loadSubcommand = SUBCOMMANDS[name];
  if (!loadSubcommand) {
    io.err(`agx: unknown subcommand "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  let host: Host | undefined;
  const context = {
    io,
    hostOptions,
    host: async () => (host ??= await (await import("../host.js")).createHost(hostOptions)),
    installed: async () => (await import("../installed.js")).discoverInstalled(hostOptions),
  };
  try {
    const subcommand = await loadSubcommand();
    return await subcommand(args, context);
  } catch (error) {
    return report(error, io);
  } finally {
    await host?.close().catch(() => undefined);
  }
}

function report(error: unknown, io: CliIO): number {
  if (isCommandError(error)) {
    io.err(`${error.code}: ${error.message}`);
    return EXIT.failed;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.("ERR_PARSE_ARGS")) {
    io.err(`agx: ${(error as Error).message}`);
    return EXIT.usage;
  }
  io.err(`agx: ${(error as Error).message ?? String(error)}`);
  return EXIT.failed;
}
