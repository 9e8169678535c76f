import type { CommandEntry } from "@agx-ext/core/host";

/** The behaviour hints every listing publishes, under the names MCP uses. */
export function toolAnnotations(e: CommandEntry) {
  return {
    title: e.title,
    readOnlyHint: !e.mutates,
    destructiveHint: e.destructive,
    idempotentHint: e.idempotent,
    openWorldHint: e.openWorld,
  };
}

/** `agx commands --json` and GET /v1/commands: the registry as data. */
export function registryJson(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    extension: e.extensionId,
    name: e.name,
    qualifiedName: e.qualifiedName,
    toolName: e.toolName,
    title: e.title,
    description: e.description,
    inputSchema: e.inputSchema,
    ...(e.outputSchema ? { outputSchema: e.outputSchema } : {}),
    mutates: e.mutates,
    destructive: e.destructive,
    idempotent: e.idempotent,
    openWorld: e.openWorld,
  }));
}

/** Tool definitions for the OpenAI function-calling API. */
export function openAiTools(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    type: "function" as const,
    function: { name: e.toolName, description: e.description, parameters: e.inputSchema },
  }));
}

/**
 * MCP requires a tool's outputSchema, and so its structuredContent, to be a JSON object. The rule: a
 * command whose output schema is an object schema publishes it as it is and its `data` is the structured
 * content; any other output (array, string, null, a union...) is published as `{ data: <schema> }` and
 * the structured content is `{ data }`. Without an output schema the value decides the same way.
 */
export function isObjectSchema(schema: Record<string, unknown>): boolean {
  return schema.type === "object";
}

/** The outputSchema MCP lists for a command, wrapped when it is not an object schema (see isObjectSchema). */
export function mcpOutputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (isObjectSchema(schema)) return schema;
  return { type: "object", properties: { data: schema }, required: ["data"] };
}

/** A command's `data` as MCP structuredContent, following the same rule as mcpOutputSchema. */
export function mcpStructuredContent(entry: CommandEntry | undefined, data: unknown): Record<string, unknown> {
  const isObject = typeof data === "object" && data !== null && !Array.isArray(data);
  const asIs = entry?.outputSchema ? isObjectSchema(entry.outputSchema) && isObject : isObject;
  return asIs ? (data as Record<string, unknown>) : { data: data ?? null };
}

/** Tool definitions as an MCP server lists them (tools/list). */
export function mcpTools(entries: readonly CommandEntry[]) {
  return entries.map((e) => ({
    name: e.toolName,
    title: e.title,
    description: e.description,
    inputSchema: e.inputSchema,
    ...(e.outputSchema ? { outputSchema: mcpOutputSchema(e.outputSchema) } : {}),
    annotations: toolAnnotations(e),
  }));
}
