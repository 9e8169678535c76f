import type { CommandEntry } from "@agx-ext/core/host";
import { mcpAuthorizationPaths } from "../mcp-auth/openapi-paths.js";
import { consolePaths, SESSION_SECURITY_SCHEME } from "./console/openapi-paths.js";
import { eventPaths } from "./openapi-events.js";
import { STATUS_BY_CODE } from "./status.js";

export interface OpenApiOptions {
  title?: string;
  version: string;
  /** The server's public base URL, listed under `servers`. */
  serverUrl?: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const failure = (description: string) => json(ref("Failure"), description);
const RETRY_AFTER = { "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 0 } } };
const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });

/** Answers any route can give before it runs: a repeated or over-long query parameter, shutting down, a crash. */
const EVERY_ROUTE = {
  "400": failure("INVALID_INPUT: a query parameter repeated or too long, or a malformed URL"),
  "500": failure("INTERNAL: the server failed unexpectedly"),
  "503": { ...failure("The server is shutting down; retry in a moment"), headers: RETRY_AFTER },
};

/** Added by the bearer-key hook in front of every /v1 route and /mcp. */
const AUTHENTICATED = {
  "401": {
    ...failure("Missing, unknown or revoked API key (code UNAUTHORIZED)"),
    headers: { "WWW-Authenticate": { description: 'Bearer realm="agx"', schema: { type: "string" } } },
  },
  "429": { ...failure("RATE_LIMITED: too many failed key attempts from this address, or AGX_RATE_LIMIT reached"), headers: RETRY_AFTER },
};

/** Error statuses a command call can answer, each with the shared Failure body. */
function commandErrorResponses(): Record<string, unknown> {
  const statuses = [...new Set(Object.values(STATUS_BY_CODE))].sort((a, b) => a - b);
  const responses: Record<string, unknown> = { ...EVERY_ROUTE, ...AUTHENTICATED };
  for (const status of statuses) {
    const codes = Object.entries(STATUS_BY_CODE)
      .filter(([, s]) => s === status)
      .map(([code]) => code);
    responses[String(status)] = { ...failure(codes.join(" or ")), ...(status === 429 ? { headers: RETRY_AFTER } : {}) };
  }
  responses["400"] = failure("INVALID_INPUT: the input does not match the schema, or the body is not JSON");
  responses["404"] = failure("NOT_FOUND: no such command, or its extension is turned off for the caller (agx tools)");
  responses["413"] = failure("INVALID_INPUT: the body is larger than the server's limit (AGX_BODY_LIMIT)");
  responses["415"] = failure("INVALID_INPUT: the body is not application/json");
  responses["504"] = failure("The command did not finish within AGX_COMMAND_TIMEOUT_MS (code PROVIDER_ERROR)");
  return sortByStatus(responses);
}

function sortByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The same for every command, so built once rather than per command and per request. */
const COMMAND_ERRORS = commandErrorResponses();

/** The 200 body of a command: the shared envelope, with `data` described by the command's output schema when it has one. */
function successOf(entry: CommandEntry): unknown {
  if (!entry.outputSchema) return ref("Success");
  return {
    type: "object",
    properties: { ok: { const: true }, data: entry.outputSchema, markdown: { type: ["string", "null"] } },
    required: ["ok", "data", "markdown"],
  };
}

/** A body is required exactly when the input schema has required fields; otherwise an empty body means `{}`. */
function hasRequiredFields(schema: Record<string, unknown>): boolean {
  return Array.isArray(schema.required) && schema.required.length > 0;
}

function commandOperation(entry: CommandEntry) {
  return {
    post: {
      operationId: entry.toolName,
      summary: entry.qualifiedName,
      description: entry.description,
      tags: [entry.extensionId],
      "x-agx-title": entry.title,
      "x-agx-mutates": entry.mutates,
      "x-agx-destructive": entry.destructive,
      "x-agx-idempotent": entry.idempotent,
      "x-agx-open-world": entry.openWorld,
      requestBody: { required: hasRequiredFields(entry.inputSchema), content: { "application/json": { schema: entry.inputSchema } } },
      responses: { "200": json(successOf(entry), "The command's result"), ...COMMAND_ERRORS },
    },
  };
}

/** Routes that are not commands: health, listings, connections, the OAuth callback and MCP. */
function fixedPaths(): Record<string, unknown> {
  const listing = (operationId: string, summary: string, schema: unknown) => ({
    get: { operationId, summary, responses: sortByStatus({ "200": json(schema, summary), ...EVERY_ROUTE, ...AUTHENTICATED }) },
  });
  const jsonRpc = { type: "object", description: "A JSON-RPC 2.0 message or batch (MCP)" };
  const mcpError = (description: string) => json(jsonRpc, description);
  const mcpRefused = { ...mcpError("Method not allowed: the endpoint is stateless, use POST"), headers: { Allow: { schema: { type: "string" } } } };
  return {
    "/healthz": {
      get: {
        operationId: "healthz",
        summary: "Liveness",
        security: [],
        responses: sortByStatus({
          "200": json({ type: "object", properties: { status: { const: "ok" }, version: { type: "string" } }, required: ["status", "version"] }, "Serving"),
          ...EVERY_ROUTE,
        }),
      },
    },
    "/openapi.json": {
      get: {
        operationId: "openapi",
        summary: "This document",
        security: [],
        responses: sortByStatus({ "200": json({ type: "object" }, "OpenAPI 3.1"), ...EVERY_ROUTE }),
      },
    },
    "/v1/extensions": listing("listExtensions", "Installed extensions and whether each is ready for the caller", ref("ExtensionList")),
    "/v1/commands": listing(
      "listCommands",
      "The caller's commands (its enabled extensions) with title, hints, input and output JSON Schemas",
      ref("CommandList"),
    ),
    "/v1/connections": listing("listConnections", "The caller's provider connections", { type: "object" }),
    "/v1/connections/{provider}/authorize": {
      get: {
        operationId: "authorizeConnection",
        summary: "Start connecting a provider: a connect link for the caller (redirects to its page, or returns it as JSON with ?format=json)",
        parameters: [
          { name: "provider", in: "path", required: true, schema: { type: "string" } },
          { name: "format", in: "query", required: false, schema: { type: "string", enum: ["json"] } },
          { name: "scopes", in: "query", required: false, schema: { type: "string" }, description: "Comma-separated scope group names or scopes" },
        ],
        responses: sortByStatus({
          "302": { description: "Redirect to the connect link's page", headers: { Location: { schema: { type: "string", format: "uri" } } } },
          "200": json(ref("ConnectLink"), "The connect link"),
          ...EVERY_ROUTE,
          ...AUTHENTICATED,
          "400": failure("INVALID_INPUT: the provider's flow cannot start with what was sent"),
          "404": failure("NOT_FOUND: no such provider"),
          "412": failure("NOT_CONFIGURED: the provider's client id or secret is not set, or the host has no credentials service"),
          "502": failure("PROVIDER_ERROR: the provider could not be reached (OAuth 1.0a request token)"),
        }),
      },
    },
    "/v1/connect-links": {
      post: {
        operationId: "createConnectLink",
        summary: "A single-use connect link (valid 30 minutes) where a person connects an account for the caller (or, for an admin, another user)",
        requestBody: {
          required: false,
          content: {
            "application/json": {
              schema: {
                type: "object",
                additionalProperties: false,
                properties: {
                  provider: { type: "string", description: "Unset: the page offers every provider with a browser sign-in" },
                  redirect_url: {
                    type: "string",
                    format: "uri",
                    description: "Where to return after connecting; its origin must be in AGX_ALLOWED_REDIRECT_ORIGINS",
                  },
                  user: { type: "string", description: "Connect for this user (admins only)" },
                  scopes: { type: "array", items: { type: "string" }, description: "Scope group names or scopes" },
                },
              },
            },
          },
        },
        responses: sortByStatus({
          "201": json(ref("ConnectLink"), "The link"),
          ...EVERY_ROUTE,
          ...AUTHENTICATED,
          "400": failure("INVALID_INPUT: an unknown field, a bad value, an unknown scope group, or a redirect_url on an origin not allowed"),
          "403": failure("UNAUTHORIZED: only admins may make links for other users"),
          "404": failure("NOT_FOUND: no such provider or user"),
          "412": failure("NOT_CONFIGURED: no extension connects through a browser sign-in"),
        }),
      },
    },
    "/connect/{token}": {
      get: {
        operationId: "connectPage",
        summary: "A connect link's page: whom and what it connects for, and a Connect button",
        security: [],
        parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": html("The page"),
          "404": html("Not a link of this host"),
          "410": html("Used or expired"),
          "400": EVERY_ROUTE["400"],
          "503": EVERY_ROUTE["503"],
        },
      },
      post: {
        operationId: "connectStart",
        summary: "The page's Connect button: starts the flow in this browser (flow cookie) and redirects to the provider",
        security: [],
        parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: false,
          content: { "application/x-www-form-urlencoded": { schema: { type: "object", properties: { provider: { type: "string" } } } } },
        },
        responses: {
          "303": { description: "To the provider; sets the flow cookie", headers: { Location: { schema: { type: "string", format: "uri" } } } },
          "403": html("Not sent from the link's own page (Origin check)"),
          "404": html("Not a link of this host, or no such provider"),
          "410": html("Used or expired"),
          "412": html("The provider's client settings are missing"),
          "400": EVERY_ROUTE["400"],
          "503": EVERY_ROUTE["503"],
        },
      },
    },
    "/oauth/{provider}/callback": {
      get: {
        operationId: "oauthCallback",
        summary:
          "Where a provider sends the person back after they consent; finishes only in the browser that pressed Connect (flow cookie); answers a page for people",
        security: [],
        parameters: [
          { name: "provider", in: "path", required: true, schema: { type: "string" } },
          { name: "state", in: "query", required: true, schema: { type: "string" } },
          ...["code", "error", "error_description", "oauth_token", "oauth_verifier"].map((name) => ({
            name,
            in: "query",
            required: false,
            schema: { type: "string" },
          })),
        ],
        responses: {
          "200": html("Connected"),
          "303": { description: "Connected; back to the link's redirect_url", headers: { Location: { schema: { type: "string", format: "uri" } } } },
          "400": html("The state is missing, unknown, used or expired, this browser did not start the flow, or the provider refused"),
          "500": html("The connection could not be completed"),
          "503": EVERY_ROUTE["503"],
        },
      },
    },
    "/mcp": {
      post: {
        operationId: "mcp",
        summary: "MCP over streamable HTTP (stateless): tools/list shows the caller's enabled commands, tools/call runs one",
        description:
          "Each POST carries one JSON-RPC message or batch and is answered with JSON (no server-initiated streams). " +
          "Clients must accept application/json and text/event-stream.",
        requestBody: { required: true, content: { "application/json": { schema: jsonRpc } } },
        responses: sortByStatus({
          "200": mcpError("The JSON-RPC response(s)"),
          "202": { description: "Notifications only: accepted, no body" },
          ...EVERY_ROUTE,
          ...AUTHENTICATED,
          "401": {
            ...failure("No API key or valid OAuth access token (code UNAUTHORIZED): the header says where to authorize"),
            headers: {
              "WWW-Authenticate": {
                description:
                  'Bearer resource_metadata="<public url>/.well-known/oauth-protected-resource/mcp" (RFC 9728), with error="invalid_token" for a bad token',
                schema: { type: "string" },
              },
            },
          },
          "400": mcpError("Not a valid JSON-RPC message"),
          "406": mcpError("The Accept header must list application/json and text/event-stream"),
          "413": failure("INVALID_INPUT: the body is larger than the server's limit (AGX_BODY_LIMIT)"),
          "415": failure("INVALID_INPUT: the body is not application/json"),
        }),
      },
      get: { operationId: "mcpStream", summary: "Not offered (stateless endpoint)", responses: sortByStatus({ "405": mcpRefused, ...AUTHENTICATED }) },
      delete: { operationId: "mcpSession", summary: "Not offered (no sessions)", responses: sortByStatus({ "405": mcpRefused, ...AUTHENTICATED }) },
    },
    ...mcpAuthorizationPaths({ everyRoute: EVERY_ROUTE, authenticated: AUTHENTICATED, failure, sortByStatus }),
    ...consolePaths({ everyRoute: EVERY_ROUTE, authenticated: AUTHENTICATED, failure, sortByStatus }),
    ...eventPaths({ everyRoute: EVERY_ROUTE, authenticated: AUTHENTICATED, failure, sortByStatus }),
  };
}

/**
 * OpenAPI 3.1 for the HTTP API. Each command gets its own path under its tool name (the route also
 * accepts the qualified and plain names), with its input JSON Schema as the request body, its output
 * schema as the 200 response's `data` and its hints as `x-agx-*`; OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, the dialect the registry produces.
 */
export function openApiDocument(entries: readonly CommandEntry[], options: OpenApiOptions): Record<string, unknown> {
  const paths = fixedPaths();
  for (const entry of entries) paths[`/v1/commands/${entry.toolName}`] = commandOperation(entry);
  return {
    openapi: "3.1.0",
    info: { title: options.title ?? "agx", version: options.version },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    // An API key, or (on /v1, from the console) the session cookie.
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key from `agx users add <id>` (on /mcp also an OAuth access token of this host)" },
        session: SESSION_SECURITY_SCHEME,
      },
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
        ConnectLink: {
          type: "object",
          properties: {
            url: { type: "string", format: "uri", description: "<public url>/connect/<token>; works once" },
            expiresAt: { type: "string", format: "date-time" },
          },
          required: ["url", "expiresAt"],
        },
      },
    },
  };
}
