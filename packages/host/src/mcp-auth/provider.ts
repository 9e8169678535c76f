import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { resultPage } from "../server/html.js";
import { databaseAdapter } from "./adapter.js";
import { ACCESS_TOKEN_TTL_SECONDS, CONSENT_PATH, MCP_SCOPE, mcpResourceOf } from "./constants.js";
import type { OAuthRecordStore } from "./records.js";
import type { ServerKeys } from "./signing-keys.js";

const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const GRANT_TTL_SECONDS = 365 * 24 * 60 * 60;
/** How long a person has to sign in and answer the consent page. */
const INTERACTION_TTL_SECONDS = 30 * 60;

export interface AuthorizationServerOptions {
  /** The host's public URL without a trailing slash: the issuer; `<issuer>/mcp` is the one resource. */
  issuer: string;
  records: OAuthRecordStore;
  keys: ServerKeys;
  /** Whether an agx user may still hold grants and tokens (revoked users may not). */
  isActive(userId: string): Promise<boolean>;
  /** How client ID metadata documents are fetched (McpAuthorizationSetup.fetchClientMetadata). */
  fetch?: Configuration["fetch"];
}

/**
 * The oidc-provider instance: authorization code + PKCE S256 only, exact redirect URIs, single-use codes,
 * opaque access tokens bound to `<public url>/mcp` (RFC 8707), rotating refresh tokens, dynamic client
 * registration (RFC 7591) and client ID metadata documents. Every authorization goes through the host's
 * consent page; the agx user is the console session's.
 */
export function createAuthorizationServer(options: AuthorizationServerOptions): Provider {
  const resource = mcpResourceOf(options.issuer);

  // Every authorization request shows the consent page, even when the browser has an authorization-server
  // session: who is signed in to the console decides the user, and the person sees what the client gets.
  const policy = interactionPolicy.base();
  policy
    .get("login")!
    .checks.add(
      new interactionPolicy.Check("agx_consent_every_time", "every authorization is confirmed by a signed-in person", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Configuration = {
    adapter: databaseAdapter(options.records),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    jwks: options.keys.jwks as Configuration["jwks"],
    cookies: { keys: options.keys.cookieKeys, names: { session: "agx_oauth_session", interaction: "agx_oauth_interaction", resume: "agx_oauth_resume" } },
    async findAccount(_ctx, sub) {
      if (!(await options.isActive(sub))) return undefined;
      return { accountId: sub, claims: () => ({ sub }) };
    },
    scopes: ["openid", "offline_access", MCP_SCOPE],
    claims: { openid: ["sub"] },
    responseTypes: ["code"],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${CONSENT_PATH}/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      // Off: /mcp checks bearer tokens only, so it could not honour sender-constrained (DPoP) ones; no logout
      // endpoint (there is no single sign-on to end) and no pushed requests (MCP clients do not use them).
      dPoP: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      clientIdMetadataDocument: { enabled: true, ack: "draft-02" },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget(`this server issues tokens only for ${resource}`);
          return { scope: MCP_SCOPE, audience: resource, accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS, accessTokenFormat: "opaque" };
        },
      },
    },
    // Refresh tokens for every client allowed the grant (MCP clients do not ask for offline_access); each use rotates them.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      Grant: GRANT_TTL_SECONDS,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: INTERACTION_TTL_SECONDS,
      IdToken: ACCESS_TOKEN_TTL_SECONDS,
    },
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = "html";
      ctx.set("cache-control", "no-store");
      ctx.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
      const message = typeof out.error_description === "string" ? out.error_description : String(out.error ?? "the request was refused");
      ctx.body = resultPage(false, message, "Cannot authorize");
    },
  };

  const provider = new Provider(options.issuer, configuration);
  // Requests reach it through the host, which sets the forwarded headers from AGX_PUBLIC_URL (routes.ts).
  provider.proxy = true;
  // Redirect URIs match exactly, loopback ones too: oidc-provider follows RFC 8252 and lets a native client's
  // loopback port vary, but MCP clients register the URI they listen on, and the MCP authorization spec asks for
  // exact matching.
  provider.Client.prototype.redirectUriAllowed = function exactRedirectUri(this: { redirectUris: string[] }, value: string) {
    return this.redirectUris.includes(value);
  };
  return provider;
}
