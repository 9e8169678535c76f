import type { OpenApiPieces } from "../../mcp-auth/openapi-paths.js";

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
const body = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: required.length > 0,
  content: { "application/json": { schema: { type: "object", additionalProperties: false, properties, ...(required.length ? { required } : {}) } } },
});
const text = { type: "string" };
const path = (name: string) => ({ name, in: "path", required: true, schema: text });
const query = (name: string, schema: unknown = text, description?: string) => ({
  name,
  in: "query",
  required: false,
  schema,
  ...(description ? { description } : {}),
});
const ROLE = { enum: ["admin", "member"] };
const USER = { type: "object", properties: { id: text, role: ROLE }, required: ["id", "role"] };
const SESSION = {
  type: "object",
  properties: { user: USER, csrfToken: { type: "string", description: "Send it as x-agx-csrf on every change made with the session cookie" } },
  required: ["user", "csrfToken"],
};
const CSRF = "With the session cookie, changes need x-agx-csrf and (when sent) this host's Origin: else 403.";

/** The console's routes in the host's OpenAPI document: sessions, its connection, activity and tool-set routes, admin, pages. */
export function consolePaths({ everyRoute, authenticated, failure, sortByStatus }: OpenApiPieces): Record<string, unknown> {
  const ok = (responses: Record<string, unknown>) => sortByStatus({ ...everyRoute, ...authenticated, ...responses });
  const refused = failure(`UNAUTHORIZED: ${CSRF}`);
  const adminOnly = failure(`UNAUTHORIZED: the caller is not an admin. ${CSRF}`);
  const pageName = (p: string) =>
    p === "/"
      ? "Overview"
      : p
          .replace(/[{}]/g, "")
          .split(/[/-]/)
          .filter(Boolean)
          .map((w) => w[0]!.toUpperCase() + w.slice(1))
          .join("");
  const pages = Object.fromEntries(
    ["/", "/connections", "/commands", "/commands/{command}", "/activity", "/agents", "/subscriptions", "/admin", "/sign-in"].map((p) => [
      p,
      {
        get: {
          operationId: `consolePage${pageName(p)}`,
          summary: "A console page: index.html, which shows the page (unless AGX_CONSOLE=off)",
          security: [],
          ...(p.includes("{") ? { parameters: [path("command")] } : {}),
          responses: sortByStatus({ "200": html("The console"), ...everyRoute, "404": failure("NOT_FOUND: the console is off") }),
        },
      },
    ]),
  );
  return {
    ...pages,
    "/v1/session": {
      post: {
        operationId: "signIn",
        summary: "Sign a browser in with an API key or a sign-in link's token: sets the HttpOnly session cookie agx_session",
        security: [],
        requestBody: body({ apiKey: text, loginToken: text }),
        responses: sortByStatus({
          "200": json(SESSION, "Signed in; Set-Cookie carries the session"),
          ...everyRoute,
          "401": failure("UNAUTHORIZED: wrong key, or a sign-in link unknown, used or expired"),
          "403": failure("UNAUTHORIZED: posted from another site (Origin)"),
          "429": failure("RATE_LIMITED: too many failed sign-ins from this address"),
        }),
      },
      get: {
        operationId: "currentSession",
        summary: "Who the session cookie signs in as, its CSRF token and the host",
        security: [{ session: [] }],
        responses: sortByStatus({
          "200": json(
            { ...SESSION, properties: { ...SESSION.properties, host: { type: "object", properties: { version: text, publicUrl: text } } } },
            "The session",
          ),
          ...everyRoute,
          "401": failure("UNAUTHORIZED: no current session"),
        }),
      },
      delete: {
        operationId: "signOut",
        summary: "Sign out: ends the session and clears the cookie",
        security: [{ session: [] }],
        responses: sortByStatus({ "204": { description: "Signed out" }, ...everyRoute, "403": refused }),
      },
    },
    "/v1/connections/{provider}/begin": {
      post: {
        operationId: "beginConnection",
        summary: "Start a browser sign-in for the signed-in user: the provider's URL, bound to this browser by a flow cookie (session only)",
        security: [{ session: [] }],
        parameters: [path("provider")],
        requestBody: body({ scopes: { type: "array", items: text }, account: text }),
        responses: ok({
          "200": json({ type: "object", properties: { url: { type: "string", format: "uri" } }, required: ["url"] }, "Send the browser here"),
          "400": failure("INVALID_INPUT: an unknown scope group or field, or a provider without a browser sign-in"),
          "403": failure(`UNAUTHORIZED: called with an API key (make a connect link instead), or ${CSRF}`),
          "404": failure("NOT_FOUND: no such provider"),
          "412": failure("NOT_CONFIGURED: the provider's client settings are missing"),
        }),
      },
    },
    "/v1/connections/{provider}/credentials": {
      put: {
        operationId: "storeCredentials",
        summary: "Store the caller's API key or credentials fields for a provider (write-only: values never come back)",
        parameters: [path("provider")],
        requestBody: body({ fields: { type: "object", additionalProperties: text }, account: text }, ["fields"]),
        responses: ok({
          "200": json({ type: "object" }, "The connection, without values"),
          "400": failure("INVALID_INPUT: a field the provider does not declare, an empty value, or a browser sign-in provider"),
          "403": refused,
          "404": failure("NOT_FOUND: no such provider"),
        }),
      },
    },
    "/v1/connections/{provider}": {
      delete: {
        operationId: "disconnect",
        summary: "Forget the caller's connection to a provider",
        parameters: [path("provider"), query("account")],
        responses: ok({ "204": { description: "Disconnected" }, "403": refused, "404": failure("NOT_FOUND: no such provider") }),
      },
    },
    "/v1/activity": {
      get: {
        operationId: "listActivity",
        summary: "The caller's recent command calls, newest first: command, start, duration, outcome (no inputs or outputs)",
        parameters: [query("limit", { type: "integer", minimum: 1, maximum: 500 }, "default 50")],
        responses: ok({
          "200": json(
            {
              type: "object",
              properties: {
                enabled: { type: "boolean", description: "false when AGX_CALL_LOG=off" },
                calls: {
                  type: "array",
                  items: {
                    type: "object",
                    properties: { command: text, startedAt: { type: "string", format: "date-time" }, durationMs: { type: "integer" }, outcome: text },
                  },
                },
              },
              required: ["enabled", "calls"],
            },
            "The calls",
          ),
        }),
      },
    },
    "/v1/tools": {
      get: {
        operationId: "listToolSet",
        summary: "The caller's tool set: which extensions its agents see (admins may add ?user=)",
        parameters: [query("user")],
        responses: ok({ "200": json({ type: "object" }, "The extensions, each enabled or not"), "403": adminOnly, "404": failure("NOT_FOUND: no such user") }),
      },
    },
    "/v1/tools/{extension}": {
      put: {
        operationId: "setToolSet",
        summary: "Turn an extension on or off in the caller's tool set (admins may add ?user=)",
        parameters: [path("extension"), query("user")],
        requestBody: body({ enabled: { type: "boolean" } }, ["enabled"]),
        responses: ok({
          "200": json({ type: "object" }, "The extension's new state"),
          "403": adminOnly,
          "404": failure("NOT_FOUND: no such extension or user"),
        }),
      },
    },
    "/v1/admin/users": {
      get: {
        operationId: "listUsers",
        summary: "Every user with role, creation and revocation time (admins)",
        responses: ok({ "200": json({ type: "object", properties: { users: { type: "array", items: USER } } }, "The users"), "403": adminOnly }),
      },
      post: {
        operationId: "addUser",
        summary: "Add a user; its API key is in this answer only (admins)",
        requestBody: body({ id: text, admin: { type: "boolean" } }, ["id"]),
        responses: ok({
          "201": json({ type: "object", properties: { user: USER, apiKey: text }, required: ["user", "apiKey"] }, "The user and its key"),
          "400": failure("INVALID_INPUT: not a valid user id"),
          "403": adminOnly,
          "409": failure("CONFLICT: the user exists"),
        }),
      },
    },
    "/v1/admin/users/{id}/revoke": {
      post: {
        operationId: "revokeUser",
        summary: "Revoke a user's key and end its console sessions (admins)",
        parameters: [path("id")],
        responses: ok({ "204": { description: "Revoked" }, "403": adminOnly, "404": failure("NOT_FOUND: no such user") }),
      },
    },
    "/v1/admin/users/{id}/role": {
      put: {
        operationId: "setUserRole",
        summary: "Make a user an admin or a member (admins)",
        parameters: [path("id")],
        requestBody: body({ role: ROLE }, ["role"]),
        responses: ok({
          "200": json({ type: "object", properties: { user: USER } }, "The user"),
          "400": failure("INVALID_INPUT: not admin or member"),
          "403": adminOnly,
          "404": failure("NOT_FOUND: no such active user"),
          "409": failure("CONFLICT: it would leave no admin"),
        }),
      },
    },
    "/v1/admin/users/{id}/login-link": {
      post: {
        operationId: "makeLoginLink",
        summary: "A single-use console sign-in link for a user, valid 10 minutes (admins)",
        parameters: [path("id")],
        responses: ok({
          "200": json(
            { type: "object", properties: { url: { type: "string", format: "uri" }, expiresAt: { type: "string", format: "date-time" } } },
            "The link",
          ),
          "403": adminOnly,
          "404": failure("NOT_FOUND: no such active user"),
        }),
      },
    },
    "/v1/admin/settings": {
      get: {
        operationId: "listSettings",
        summary: "Host-wide settings and whether each is set, never their values (admins)",
        responses: ok({
          "200": json({ type: "object", properties: { settings: { type: "array", items: { type: "object" } } } }, "The settings"),
          "403": adminOnly,
        }),
      },
    },
  };
}

/** The session cookie as an OpenAPI security scheme. */
export const SESSION_SECURITY_SCHEME = {
  type: "apiKey",
  in: "cookie",
  name: "agx_session",
  description: "The console's session (POST /v1/session); changes also need the x-agx-csrf header",
};
