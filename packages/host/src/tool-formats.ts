import type { CommandEntry } from "@agx-ext/core";

/** `agx commands --json`: the registry as data. */
export function registryJson(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    extension: e.extensionId,
    name: e.name,
    qualifiedName: e.qualifiedName,
    toolName: e.toolName,
    description: e.description,
    inputSchema: e.inputSchema,
  }));
}

/** Tool definitions for the OpenAI function-calling API. */
export function openAiTools(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    type: "function" as const,
    function: { name: e.toolName, description: e.description, parameters: e.inputSchema },
  }));
}

/** Tool definitions as an MCP server lists them (tools/list). */
export function mcpTools(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    name: e.toolName,
    title: e.qualifiedName,
    description: e.description,
    inputSchema: e.inputSchema,
  }));
}
