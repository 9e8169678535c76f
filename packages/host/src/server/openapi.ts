import type { CommandEntry } from "@agx-ext/core";
import { STATUS_BY_CODE } from "./status.js";

export interface OpenApiOptions {
  title?: string;
  version: string;
  /** The server's public base URL, listed under `servers`. */
  serverUrl?: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });

/** Error statuses a command call can answer, each with the shared Failure body. */
function commandErrorResponses(): Record<string, unknown> {
  const statuses = [...new Set(Object.values(STATUS_BY_CODE))].sort((a, b) => a - b);
  const responses: Record<string, unknown> = { "401": ref401() };
  for (const status of statuses) {
    const codes = Object.entries(STATUS_BY_CODE)
      .filter(([, s]) => s === status)
      .map(([code]) => code);
    responses[String(status)] = {
      ...json(ref("Failure"), codes.join(" or ")),
      ...(status === 429
        ? { headers: { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" } } } }
        : {}),
    };
  }
  responses["504"] = json(ref("Failure"), "The command did not finish within the server's deadline (code PROVIDER_ERROR)");
  return responses;
}

function ref401() {
  return { description: "Missing, unknown or revoked API key" };
}

/** The same for every command, so built once rather than per command and per request. */
const COMMAND_RESPONSES = { "200": json(ref("Success"), "The command's result"), ...commandErrorResponses() };

/**
 * OpenAPI 3.1 for the HTTP API. Each command gets its own path under its tool name (the route also
 * accepts the qualified and plain names), with its input JSON Schema as the request body; OpenAPI 3.1
 * schemas are JSON Schema 2020-12, the dialect the registry produces.
 */
export function openApiDocument(entries: readonly CommandEntry[], options: OpenApiOptions): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    "/healthz": { get: { operationId: "healthz", summary: "Liveness", security: [], responses: { "200": json({ type: "object" }, "Serving") } } },
    "/v1/extensions": {
      get: {
        operationId: "listExtensions",
        summary: "Installed extensions and whether each is ready for the caller",
        responses: { "200": json(ref("ExtensionList"), "Extensions"), "401": ref401() },
      },
    },
    "/v1/commands": {
      get: {
        operationId: "listCommands",
        summary: "Every command with its input JSON Schema",
        responses: { "200": json(ref("CommandList"), "Commands"), "401": ref401() },
      },
    },
    "/v1/connections": {
      get: {
        operationId: "listConnections",
        summary: "The caller's provider connections",
        responses: { "200": json({ type: "object" }, "Connections"), "401": ref401() },
      },
    },
    "/v1/connections/{provider}/authorize": {
      get: {
        operationId: "authorizeConnection",
        summary: "Start connecting a provider: redirects to its authorize page (or returns the URL as JSON with ?format=json)",
        parameters: [
          { name: "provider", in: "path", required: true, schema: { type: "string" } },
          { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json"] } },
        ],
        responses: {
          "302": { description: "Redirect to the provider" },
          "200": json({ type: "object", properties: { url: { type: "string" } }, required: ["url"] }, "The authorize URL"),
          "401": ref401(),
          "404": json(ref("Failure"), "Unknown provider"),
        },
      },
    },
  };
  for (const entry of entries) {
    paths[`/v1/commands/${entry.toolName}`] = {
      post: {
        operationId: entry.toolName,
        summary: entry.qualifiedName,
        description: entry.description,
        tags: [entry.extensionId],
        requestBody: { required: false, content: { "application/json": { schema: entry.inputSchema } } },
        responses: COMMAND_RESPONSES,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: options.title ?? "agx", version: options.version },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An API key from `agx users add <id>`" } },
      schemas: {
        Success: {
          type: "object",
          properties: { ok: { const: true }, data: {}, markdown: { type: ["string", "null"] } },
          required: ["ok", "data", "markdown"],
        },
        Failure: {
          type: "object",
          properties: {
            ok: { const: false },
            error: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" }, details: { type: "object" } },
              required: ["code", "message"],
            },
          },
          required: ["ok", "error"],
        },
        CommandList: { type: "object", properties: { commands: { type: "array", items: { type: "object" } } }, required: ["commands"] },
        ExtensionList: { type: "object", properties: { extensions: { type: "array", items: { type: "object" } } }, required: ["extensions"] },
      },
    },
  };
}
