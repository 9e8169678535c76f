import { type CommandResult } from "@agx-ext/core";
import { describeIssues, type Runtime } from "@agx-ext/core/host";

/**
 * Throws when a successful result's `data` does not match the output schema its command declares, so every
 * test that runs a command also checks the contract agents are given (MCP outputSchema, OpenAPI). Commands
 * without an output schema are not checked.
 */
export function checkOutput(runtime: Runtime, name: string, result: CommandResult): CommandResult {
  const entry = runtime.registry.find(name);
  const output = entry.extension.command(entry.name)?.output;
  if (!output) return result;
  const parsed = output.safeParse(result.data);
  if (!parsed.success) throw new Error(`"${entry.qualifiedName}" returned data that does not match its output schema: ${describeIssues(parsed.error)}`);
  return result;
}
