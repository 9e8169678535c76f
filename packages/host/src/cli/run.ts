import { CommandError } from "@agx-ext/core";
import { attachCallLog } from "../activity/attach.js";
import { commandTimeoutFrom, executeWithDeadline } from "../command-deadline.js";
import { parseCommandLine, usageError } from "./command-line.js";
import { DEFAULT_USER, EXIT, type Subcommand } from "./io.js";

/**
 * agx run "<Command Name>" [--input '<json>'] [--user <id>]. Bound by AGX_COMMAND_TIMEOUT_MS like HTTP
 * and MCP calls: past it the command's AbortSignal fires and the answer is PROVIDER_ERROR. Tool sets do
 * not apply: this is the operator's own tool.
 */
export const run: Subcommand = async (args, { io, host, hostOptions }) => {
  const { values, positionals } = parseCommandLine("run", args);
  const name = positionals[0];
  if (!name || positionals.length > 1) throw usageError("run");
  const input = parseInput(values.input);
  const timeoutMs = commandTimeoutFrom(hostOptions.env ?? process.env);
  const agx = await host();
  // Recorded in the call log like HTTP and MCP calls (written when the host closes, before the process ends).
  attachCallLog(agx);
  const { runtime } = agx;
  const result = await executeWithDeadline(runtime, name, input, { userId: values.user ?? DEFAULT_USER, timeoutMs });
  io.out(JSON.stringify(result, null, 2));
  return EXIT.ok;
};

function parseInput(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommandError("INVALID_INPUT", `--input is not valid JSON: ${(error as Error).message}`, {
      details: { fields: ["(input)"] },
    });
  }
}
