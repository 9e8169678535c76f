import { isCommandError } from "@agx-ext/core";
import { createHost, type Host, type HostOptions } from "../host.js";
import { commands } from "./commands.js";
import { create } from "./create.js";
import { doctor } from "./doctor.js";
import { EXIT, UsageError, type CliIO, type Subcommand } from "./io.js";
import { run } from "./run.js";

/** Every `agx <subcommand>`; each lives in its own file. */
const SUBCOMMANDS: Record<string, Subcommand> = {
  commands,
  run,
  doctor,
  create,
};

const USAGE = `agx: run agx-ext extension commands

  agx commands [--json | --format table|json|openai|mcp]
  agx run "<Command Name>" --input '<json>' [--user <id>]
  agx doctor [--user <id>] [--json]
${Object.keys(SUBCOMMANDS)
  .filter((name) => !["commands", "run", "doctor"].includes(name))
  .map((name) => `  agx ${name} ...`)
  .join("\n")}`;

/** Runs one command line and returns the exit code; never throws. */
export async function main(argv: string[], io: CliIO, hostOptions: HostOptions = {}): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.out(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand) {
    io.err(`agx: unknown subcommand "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  let host: Host | undefined;
  const context = {
    io,
    hostOptions,
    host: async () => (host ??= await createHost(hostOptions)),
  };
  try {
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
