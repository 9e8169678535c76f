import { parseArgs } from "node:util";
import { closestNames, isCommandError } from "@agx-ext/core/catalog";
import type { Host, HostOptions } from "../host.js";
import { formatHelp, formatOverview, HELP_OPTION } from "./help.js";
import { EXIT, UsageError, type CliIO, type Subcommand } from "./io.js";
import { isSubcommandName, SPECS, type SubcommandName } from "./subcommand-specs.js";

/**
 * Every `agx <subcommand>`, each in its own file and imported only when used, so that listing
 * commands never loads the server, the database driver or the OAuth client.
 */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  commands: () => import("./commands.js").then((m) => m.commands),
  run: () => import("./run.js").then((m) => m.run),
  doctor: () => import("./doctor.js").then((m) => m.doctor),
  migrate: () => import("./migrate.js").then((m) => m.migrate),
  create: () => import("./create.js").then((m) => m.create),
  serve: () => import("./serve.js").then((m) => m.serve),
  mcp: () => import("./mcp.js").then((m) => m.mcp),
  users: () => import("./users.js").then((m) => m.users),
  connect: () => import("./connect.js").then((m) => m.connect),
  connections: () => import("./connections.js").then((m) => m.connections),
  disconnect: () => import("./disconnect.js").then((m) => m.disconnect),
  tools: () => import("./tools.js").then((m) => m.tools),
  grants: () => import("./grants.js").then((m) => m.grants),
  vault: () => import("./vault.js").then((m) => m.vault),
  jobs: () => import("./jobs.js").then((m) => m.jobs),
  triggers: () => import("./triggers.js").then((m) => m.triggers),
  subscriptions: () => import("./subscriptions.js").then((m) => m.subscriptions),
  events: () => import("./events.js").then((m) => m.events),
};

/** Every subcommand with its one-line summary, in the order above. */
const overview = () => formatOverview(Object.fromEntries(Object.keys(SUBCOMMANDS).map((name) => [name, isSubcommandName(name) ? SPECS[name].summary : ""])));

/** Runs one command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO, hostOptions: HostOptions = {}): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h") {
    io.out(overview());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "help") return help(args, io);
  if (name === "--version" || name === "-v") {
    // Read from package.json files only: no subcommand, host or extension code is loaded.
    return (await import("./version.js")).printVersions(io, hostOptions).then(
      () => EXIT.ok,
      (error: unknown) => report(error, io),
    );
  }
  // hasOwn: "constructor" and the like are not subcommands.
  const loadSubcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!loadSubcommand) return unknownSubcommand(name, io);
  // Answered from the spec table alone, so help never loads the subcommand (nor the server or database it imports).
  if (isSubcommandName(name) && asksForHelp(name, args)) {
    io.out(formatHelp(name, SPECS[name]));
    return EXIT.ok;
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

/** `agx help [<subcommand>]`. */
function help([name]: string[], io: CliIO): number {
  if (!name || name === "help") {
    io.out(overview());
    return EXIT.ok;
  }
  if (!Object.hasOwn(SUBCOMMANDS, name)) return unknownSubcommand(name, io);
  io.out(isSubcommandName(name) ? formatHelp(name, SPECS[name]) : `agx ${name}: no help yet`);
  return EXIT.ok;
}

function unknownSubcommand(name: string, io: CliIO): number {
  const near = closestNames(name, Object.keys(SUBCOMMANDS), 1);
  io.err(`agx: unknown subcommand "${name.slice(0, 60)}"${near.length ? `. Did you mean "${near[0]}"?` : ""}\n\n${overview()}`);
  return EXIT.usage;
}

/**
 * Whether the arguments hold --help or -h as an option, read as the subcommand would read them: a value such
 * as `--input -h` or anything after `--` is not a request for help.
 */
function asksForHelp(name: SubcommandName, args: string[]): boolean {
  const { tokens } = parseArgs({ args, options: { ...SPECS[name].options, ...HELP_OPTION }, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === "option" && token.name === "help");
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
