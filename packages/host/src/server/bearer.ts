import type { FastifyReply, FastifyRequest } from "fastify";
import type { UserStore } from "../users/store.js";
import type { AuthFailureThrottle } from "./auth-throttle.js";
import { MAX_KEY_LENGTH } from "./limits.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The same answer for a missing, malformed, unknown or revoked key: nothing tells which. */
const UNAUTHORIZED_BODY = {
  ok: false,
  error: { code: "UNAUTHORIZED", message: "A valid API key is required: send Authorization: Bearer <key>." },
} as const;

/** What /mcp accepts besides API keys: the host's own OAuth access tokens (see mcp-auth/). */
export interface McpAccessTokens {
  /** The user an access token acts for, or undefined (unknown, expired, another audience, revoked). */
  userOfAccessToken(token: string): Promise<string | undefined>;
  /** The URL of /mcp's protected resource metadata, named in a 401's WWW-Authenticate (RFC 9728). */
  resourceMetadataUrl(): string;
}

const MCP_UNAUTHORIZED_BODY = {
  ok: false,
  error: { code: "UNAUTHORIZED", message: "A valid API key or OAuth access token is required: send Authorization: Bearer <key or token>." },
} as const;

/**
 * An onRequest hook that admits a request only with an active user's key and records who it is. On /mcp,
 * `mcpTokens` access tokens are accepted too, and a 401 tells MCP clients where to authorize.
 * Failed attempts count against the client's address: past the throttle's limit the address is
 * answered 429 without a key lookup until its window ends.
 */
export function bearerKeyHook(users: UserStore, throttle: AuthFailureThrottle, mcpTokens?: McpAccessTokens) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Admitted by its console session cookie in the hook before this one (server/console/session-auth.ts).
    if (request.agx.userId) return;
    const waitSeconds = throttle.retryAfterSeconds(request.ip);
    if (waitSeconds !== undefined) {
      request.agx.outcome = "RATE_LIMITED";
      void reply
        .code(429)
        .header("retry-after", String(waitSeconds))
        .send({
          ok: false,
          error: { code: "RATE_LIMITED", message: `Too many failed API key attempts from this address; retry in ${waitSeconds} s.` },
        });
      return reply;
    }
    const header = request.headers.authorization ?? "";
    const key = header.length <= MAX_KEY_LENGTH ? BEARER.exec(header)?.[1] : undefined;
    const mcp = mcpTokens && request.routeOptions.url === "/mcp" ? mcpTokens : undefined;
    const cacheMark = users.cacheMark?.();
    const userId = key ? ((await users.authenticate(key)) ?? (await mcp?.userOfAccessToken(key))) : undefined;
    if (!userId) {
      throttle.recordFailure(request.ip);
      request.agx.outcome = "UNAUTHORIZED";
      if (mcp) {
        const error = key ? ', error="invalid_token"' : "";
        void reply.code(401).header("www-authenticate", `Bearer resource_metadata="${mcp.resourceMetadataUrl()}"${error}`).send(MCP_UNAUTHORIZED_BODY);
        return reply;
      }
      void reply.code(401).header("www-authenticate", 'Bearer realm="agx"').send(UNAUTHORIZED_BODY);
      return reply;
    }
    request.agx.userId = userId;
    if (cacheMark !== undefined) request.agx.cacheMark = cacheMark;
  };
}

/** The caller of an authenticated route; the hook guarantees it is set. */
export function callerOf(request: { agx: { userId?: string } }): string {
  const userId = request.agx.userId;
  if (!userId) throw new Error("route reached without an authenticated user");
  return userId;
}
