/** What the host's OpenAPI document shares with these paths (its envelope pieces). */
export interface OpenApiPieces {
  /** Answers any route can give (400, 500, 503). */
  everyRoute: Record<string, unknown>;
  /** Answers of a route behind the bearer-key hook (401, 429). */
  authenticated: Record<string, unknown>;
  failure(description: string): unknown;
  sortByStatus(responses: Record<string, unknown>): Record<string, unknown>;
}

const jsonBody = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const html = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
const redirect = (description: string) => ({ description, headers: { Location: { schema: { type: "string", format: "uri" } } } });
const oauthError = (description: string) =>
  jsonBody({ type: "object", properties: { error: { type: "string" }, error_description: { type: "string" } }, required: ["error"] }, description);
const form = (properties: Record<string, unknown>, required: string[]) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema: { type: "object", properties, required } } },
});
const text = { type: "string" };
const query = (name: string, required = false, description?: string) => ({
  name,
  in: "query",
  required,
  schema: text,
  ...(description ? { description } : {}),
});
const uidParameter = { name: "uid", in: "path", required: true, schema: text };

const GRANT = {
  type: "object",
  properties: {
    id: text,
    clientId: text,
    clientName: text,
    createdAt: { type: "string", format: "date-time" },
    expiresAt: { type: "string", format: "date-time" },
  },
  required: ["id", "clientId", "createdAt"],
};

/**
 * The MCP authorization routes: protected resource metadata of /mcp (RFC 9728), authorization server metadata
 * (RFC 8414 and OpenID discovery), the authorization server's endpoints (oidc-provider, under /oauth2), the
 * consent page and the grants API.
 */
export function mcpAuthorizationPaths({ everyRoute, authenticated, failure, sortByStatus }: OpenApiPieces): Record<string, unknown> {
  const resourceMetadata = (operationId: string, summary: string) => ({
    get: {
      operationId,
      summary,
      security: [],
      responses: sortByStatus({
        "200": jsonBody(
          {
            type: "object",
            properties: {
              resource: { type: "string", format: "uri" },
              authorization_servers: { type: "array", items: { type: "string", format: "uri" } },
              scopes_supported: { type: "array", items: text },
              bearer_methods_supported: { type: "array", items: text },
            },
            required: ["resource", "authorization_servers"],
          },
          "The metadata",
        ),
        ...everyRoute,
      }),
    },
  });
  const serverMetadata = (operationId: string, summary: string) => ({
    get: {
      operationId,
      summary,
      security: [],
      responses: sortByStatus({ "200": jsonBody({ type: "object", required: ["issuer"] }, "The metadata"), ...everyRoute }),
    },
  });
  return {
    "/.well-known/oauth-protected-resource/mcp": resourceMetadata(
      "mcpResourceMetadata",
      "Protected resource metadata of /mcp (RFC 9728): its resource URL, authorization server and scope",
    ),
    "/.well-known/oauth-protected-resource": resourceMetadata("rootResourceMetadata", "The same document at the root path, where some MCP clients look"),
    "/.well-known/oauth-authorization-server": serverMetadata(
      "authorizationServerMetadata",
      "Authorization server metadata (RFC 8414): endpoints, PKCE S256, registration, client ID metadata documents",
    ),
    "/.well-known/openid-configuration": serverMetadata("openidConfiguration", "The same metadata as OpenID discovery"),
    "/oauth2/auth": {
      get: {
        operationId: "mcpAuthorize",
        summary: "Authorization endpoint: authorization code with PKCE S256 only; sends the browser to the consent page",
        security: [],
        parameters: [
          query("response_type", true, "code"),
          query("client_id", true, "A registered client id, or an https URL of a client ID metadata document"),
          query("redirect_uri", true, "Exactly one of the client's registered redirect URIs"),
          query("code_challenge", true),
          query("code_challenge_method", true, "S256"),
          query("resource", false, "<public url>/mcp (RFC 8707); the default"),
          query("scope"),
          query("state"),
        ],
        responses: {
          "303": redirect("To the consent page, or back to the client with an error (invalid_request, invalid_target...)"),
          "400": html("The client or redirect URI is unknown: the person sees the error, nothing is redirected"),
          "503": everyRoute["503"],
        },
      },
    },
    "/oauth2/auth/{uid}": {
      get: {
        operationId: "mcpAuthorizeResume",
        summary: "Where the consent page's answer resumes the authorization; redirects to the client with a code or an error",
        security: [],
        parameters: [uidParameter],
        responses: { "303": redirect("Back to the client's redirect URI"), "400": html("Expired, or another browser's request"), "503": everyRoute["503"] },
      },
    },
    "/oauth2/token": {
      post: {
        operationId: "mcpToken",
        summary: "Token endpoint: a code (with its PKCE verifier and redirect URI) or a refresh token for an access token bound to /mcp",
        security: [],
        requestBody: form(
          {
            grant_type: { type: "string", enum: ["authorization_code", "refresh_token"] },
            code: text,
            code_verifier: text,
            redirect_uri: text,
            refresh_token: text,
            client_id: text,
            resource: text,
          },
          ["grant_type"],
        ),
        responses: {
          "200": jsonBody(
            {
              type: "object",
              properties: { access_token: text, token_type: text, expires_in: { type: "integer" }, refresh_token: text, scope: text },
              required: ["access_token", "token_type", "expires_in"],
            },
            "Tokens: the access token works on /mcp only; the refresh token is replaced on every use",
          ),
          "400": oauthError("invalid_grant (code used, expired or revoked; verifier or redirect URI wrong; refresh token used before), invalid_request..."),
          "401": oauthError("invalid_client"),
          "503": everyRoute["503"],
        },
      },
    },
    "/oauth2/reg": {
      post: {
        operationId: "mcpRegisterClient",
        summary: "Dynamic client registration (RFC 7591)",
        security: [],
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { type: "object", properties: { redirect_uris: { type: "array", items: text } }, required: ["redirect_uris"] } },
          },
        },
        responses: {
          "201": jsonBody({ type: "object", required: ["client_id"] }, "The registered client"),
          "400": oauthError("invalid_client_metadata or invalid_redirect_uri"),
          "503": everyRoute["503"],
        },
      },
    },
    "/oauth2/token/revocation": {
      post: {
        operationId: "mcpRevokeToken",
        summary: "Token revocation (RFC 7009), for clients",
        security: [],
        requestBody: form({ token: text, token_type_hint: text, client_id: text }, ["token"]),
        responses: {
          "200": { description: "Revoked (or unknown)" },
          "400": oauthError("invalid_request"),
          "401": oauthError("invalid_client"),
          "503": everyRoute["503"],
        },
      },
    },
    "/oauth2/jwks": {
      get: {
        operationId: "mcpJwks",
        summary: "The authorization server's public signing keys",
        security: [],
        responses: { "200": jsonBody({ type: "object", required: ["keys"] }, "JWK set"), "503": everyRoute["503"] },
      },
    },
    "/oauth/consent/{uid}": {
      get: {
        operationId: "mcpConsentPage",
        summary: "The consent page: '<client> wants to use your agx tools as <user>', with the extensions it will see",
        security: [],
        parameters: [uidParameter],
        responses: {
          "200": html("The page (the console session's user)"),
          "303": redirect("No console session: to /sign-in?next=<this page>"),
          "400": html("The request expired or belongs to another browser"),
          "503": everyRoute["503"],
        },
      },
      post: {
        operationId: "mcpConsentAnswer",
        summary: "The page's answer (Allow or Deny); needs the console session, its CSRF token and this host's Origin",
        security: [],
        parameters: [uidParameter],
        requestBody: form({ decision: { type: "string", enum: ["allow", "deny"] }, csrf: text }, ["decision", "csrf"]),
        responses: {
          "303": redirect("On to finish the authorization (or to /sign-in without a session)"),
          "400": html("Expired, another browser's request, or no decision"),
          "403": html("Another site's form (Origin), or a missing or wrong CSRF token"),
          "503": everyRoute["503"],
        },
      },
    },
    "/v1/grants": {
      get: {
        operationId: "listGrants",
        summary: "The MCP clients the caller allowed to use their tools (an admin may name ?user=)",
        parameters: [query("user", false, "Another user (admins only)")],
        responses: sortByStatus({
          "200": jsonBody({ type: "object", properties: { user: text, grants: { type: "array", items: GRANT } }, required: ["user", "grants"] }, "The grants"),
          ...everyRoute,
          ...authenticated,
          "403": failure("UNAUTHORIZED: only admins may name another user"),
        }),
      },
    },
    "/v1/grants/{id}": {
      delete: {
        operationId: "revokeGrant",
        summary: "Revokes a grant: its client's access and refresh tokens stop working on every host",
        parameters: [{ name: "id", in: "path", required: true, schema: text }, query("user", false, "Another user (admins only)")],
        responses: sortByStatus({
          "204": { description: "Revoked" },
          ...everyRoute,
          ...authenticated,
          "403": failure("UNAUTHORIZED: only admins may name another user"),
          "404": failure("NOT_FOUND: the user has no such grant"),
        }),
      },
    },
  };
}
