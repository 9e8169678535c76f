/**
 * Names the MCP authorization routes share. Kept apart from provider.ts so that modules needing only these do
 * not load oidc-provider, which is loaded on the first authorization request (it warns on Node 20 when loaded).
 */

/** Where oidc-provider's own endpoints live (clear of the provider callbacks under /oauth/<provider>/). */
export const OAUTH_MOUNT = "/oauth2";
/** The consent page, rendered by the host (consent.ts). */
export const CONSENT_PATH = "/oauth/consent";
/** The one scope of the /mcp resource: use the user's agx tools. */
export const MCP_SCOPE = "mcp:tools";
/** Access tokens are short-lived: a client refreshes, and a revoked grant stops working within this. */
export const ACCESS_TOKEN_TTL_SECONDS = 10 * 60;

/** The audience every access token carries: the host's MCP endpoint. */
export const mcpResourceOf = (issuer: string) => `${issuer}/mcp`;
