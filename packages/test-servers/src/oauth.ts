/**
 * A real OAuth 2.0 authorization server for tests: oauth2-mock-server 8 with the checks a real
 * provider makes added on top (client authentication by method, registered client id, single-use
 * codes bound to their redirect URI, PKCE when required, refresh tokens that can be rotated and
 * revoked), plus counters and fault switches.
 *
 * ```ts
 * const oauth = await startOAuthServer({ clientAuth: "basic", pkce: "required" });
 * const url = await auth.begin("alice", "acme");          // code under test builds the authorize URL
 * const { code, state } = await oauth.authorize(url);     // what the browser redirect would carry
 * await auth.complete(state!, code!);
 * oauth.expireAccessTokens();                             // next call must refresh
 * expect(oauth.tokenRequestCount("refresh_token")).toBe(1);
 * oauth.revokeGrants();                                   // refresh now answers invalid_grant
 * await oauth.stop();
 * ```
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { OAuth2Issuer, OAuth2Service, type MutableRedirectUri, type MutableResponse } from "oauth2-mock-server";
import { listenLocally, readBody } from "./local-server.js";

export type ClientAuthMethod = "basic" | "body";

export interface OAuthServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** How the client must authenticate at the token endpoint; "any" accepts both. Default "any". */
  clientAuth?: ClientAuthMethod | "any";
  /** "required" refuses an authorize request without an S256 code_challenge. Default "optional". */
  pkce?: "required" | "optional";
  /** Issue a new refresh token on every refresh and invalidate the old one. Default true. */
  rotateRefreshTokens?: boolean;
  /** `expires_in` of issued access tokens, seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Redirect URIs the client registered; when omitted any http://127.0.0.1 or localhost URI is accepted. */
  redirectUris?: string[];
  /** What the userinfo endpoint answers for a valid token. Default `{ sub: "user-1", email: "user@example.test" }`. */
  userInfo?: Record<string, unknown>;
}

export interface TokenRequestRecord {
  grantType: string;
  /** How the client authenticated: "basic", "body" or "none". */
  clientAuth: ClientAuthMethod | "none";
  /** The form fields, with client_secret, code_verifier and refresh_token removed. */
  params: Record<string, string>;
  /** Status the server answered. */
  status: number;
}

export interface AuthorizeRedirect {
  /** Where the provider sends the browser back to. */
  url: URL;
  code?: string;
  state?: string;
  error?: string;
}

export interface OAuthTestServer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly issuer: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly userInfoUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request that reached the token endpoint, in order (including refused ones). */
  readonly tokenRequests: readonly TokenRequestRecord[];
  /** Token endpoint requests, optionally only of one grant type ("authorization_code", "refresh_token"). */
  tokenRequestCount(grantType?: string): number;
  /** Plays the browser: GETs the authorize URL and returns what the redirect back carries. */
  authorize(authorizeUrl: string): Promise<AuthorizeRedirect>;
  /** True for an access token this server issued that is neither expired nor revoked. */
  isValidAccessToken(token: string): boolean;
  /** Makes every access token issued so far expired (as a provider would after its lifetime). */
  expireAccessTokens(): void;
  /** The user revoked the app: every refresh and access token stops working (refresh -> invalid_grant). */
  revokeGrants(): void;
  /** The refresh token currently valid for the most recent grant, if any. */
  currentRefreshToken(): string | undefined;
  /** Answer the next token request with this status and JSON body instead of handling it. */
  failNextTokenRequest(reply: { status: number; json?: unknown; headers?: Record<string, string> }): void;
  /** Delay every token response (makes concurrent callers overlap); 0 turns it off. */
  setTokenDelay(ms: number): void;
  stop(): Promise<void>;
}

interface IssuedCode {
  redirectUri: string;
  scope?: string;
  challenge?: string;
  used: boolean;
}

interface Grant {
  scope?: string;
  refreshTokens: Set<string>;
  current?: string;
  revoked: boolean;
}

interface IssuedAccessToken {
  grant: Grant;
  expiresAt: number;
}

const random = (prefix: string) => `${prefix}_${randomBytes(18).toString("base64url")}`;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = header?.match(/^Basic\s+(.+)$/i)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // RFC 6749 2.3.1: id and secret are form-urlencoded before base64.
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function isLoopback(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
  } catch {
    return false;
  }
}

/** Starts an OAuth 2.0 server on 127.0.0.1 with an ephemeral port. */
export async function startOAuthServer(options: OAuthServerOptions = {}): Promise<OAuthTestServer> {
  const clientId = options.clientId ?? "test-client";
  const clientSecret = options.clientSecret ?? "test-client-secret";
  const clientAuth = options.clientAuth ?? "any";
  const rotate = options.rotateRefreshTokens ?? true;
  const ttl = options.accessTokenTtlSeconds ?? 3600;
  const userInfo = options.userInfo ?? { sub: "user-1", email: "user@example.test" };

  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, IssuedAccessToken>();
  const grants: Grant[] = [];
  const tokenRequests: TokenRequestRecord[] = [];
  let nextFailure: { status: number; json?: unknown; headers?: Record<string, string> } | undefined;
  let tokenDelay = 0;
  /** Headers a refused token request answers with (the mock itself only sets status and body). */
  const pendingHeaders = new WeakMap<IncomingMessage, Record<string, string>>();
  const isValid = (token: string) => {
    const issued = accessTokens.get(token);
    return !!issued && !issued.grant.revoked && issued.expiresAt > Date.now();
  };

  const issuer = new OAuth2Issuer();
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer);

  // Authorize: refuse unknown clients, unregistered redirect URIs and (when required) missing PKCE.
  service.on("beforeAuthorizeRedirect", (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    const code = redirect.url.searchParams.get("code");
    const refuse = (error: string, description: string) => {
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", error);
      redirect.url.searchParams.set("error_description", description);
    };
    if (!code) return;
    const redirectUri = query.get("redirect_uri") ?? "";
    const allowed = options.redirectUris ? options.redirectUris.includes(redirectUri) : isLoopback(redirectUri);
    if (query.get("client_id") !== clientId) return refuse("unauthorized_client", "unknown client_id");
    if (!allowed) return refuse("invalid_request", "redirect_uri is not registered for this client");
    const challenge = query.get("code_challenge") ?? undefined;
    if (options.pkce === "required" && (!challenge || query.get("code_challenge_method") !== "S256"))
      return refuse("invalid_request", "code_challenge with code_challenge_method=S256 is required");
    codes.set(code, { redirectUri, used: false, ...(challenge ? { challenge } : {}), ...(query.get("scope") ? { scope: query.get("scope")! } : {}) });
  });

  // Token: the mock issues a token for anything; apply the checks and swap in tracked opaque tokens.
  service.on("beforeResponse", (response: MutableResponse, req: IncomingMessage & { body: Record<string, string> }) => {
    const body = req.body;
    const basic = basicCredentials(req.headers.authorization);
    const method: TokenRequestRecord["clientAuth"] = basic ? "basic" : body.client_secret !== undefined ? "body" : "none";
    const record: TokenRequestRecord = {
      grantType: body.grant_type ?? "",
      clientAuth: method,
      params: Object.fromEntries(Object.entries(body).filter(([k]) => !["client_secret", "code_verifier", "refresh_token"].includes(k))),
      status: 200,
    };
    tokenRequests.push(record);
    const fail = (status: number, error: string, description: string, headers?: Record<string, string>) => {
      response.statusCode = status;
      response.body = { error, error_description: description };
      record.status = status;
      if (headers) pendingHeaders.set(req, headers);
    };

    const id = basic?.id ?? body.client_id;
    const secret = basic?.secret ?? body.client_secret;
    if (method === "none" || id !== clientId || secret !== clientSecret)
      return fail(401, "invalid_client", "client authentication failed", basic ? { "www-authenticate": 'Basic realm="oauth"' } : undefined);
    if (clientAuth !== "any" && method !== clientAuth)
      return fail(401, "invalid_client", `this client must authenticate with client_secret_${clientAuth === "basic" ? "basic" : "post"}`);

    let grant: Grant;
    if (body.grant_type === "authorization_code") {
      const issued = body.code ? codes.get(body.code) : undefined;
      if (!issued || issued.used) return fail(400, "invalid_grant", "authorization code is invalid or was already used");
      issued.used = true;
      if (body.redirect_uri !== issued.redirectUri) return fail(400, "invalid_grant", "redirect_uri does not match the authorization request");
      if (issued.challenge) {
        const verifier = body.code_verifier;
        if (!verifier || createHash("sha256").update(verifier).digest("base64url") !== issued.challenge)
          return fail(400, "invalid_grant", "code_verifier does not match the code_challenge");
      }
      grant = { refreshTokens: new Set(), revoked: false, ...(issued.scope ? { scope: issued.scope } : {}) };
      grants.push(grant);
    } else if (body.grant_type === "refresh_token") {
      const known = body.refresh_token ? refreshTokens.get(body.refresh_token) : undefined;
      if (!known || known.revoked || (rotate && known.current !== body.refresh_token))
        return fail(400, "invalid_grant", "refresh token is invalid, expired or revoked");
      grant = known;
    } else {
      return fail(400, "unsupported_grant_type", `grant_type ${body.grant_type} is not supported`);
    }

    const accessToken = random("at");
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + ttl * 1000 });
    let refreshToken = grant.current;
    if (!refreshToken || rotate) {
      if (refreshToken) refreshTokens.delete(refreshToken);
      refreshToken = random("rt");
      refreshTokens.set(refreshToken, grant);
      grant.current = refreshToken;
    }
    response.body = {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: ttl,
      refresh_token: refreshToken,
      ...(grant.scope ? { scope: grant.scope } : {}),
    };
  });

  service.on("beforeUserinfo", (response: MutableResponse, req: IncomingMessage) => {
    const token = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token || !isValid(token)) {
      response.statusCode = 401;
      response.body = { error: "invalid_token" };
    } else response.body = { ...userInfo };
  });

  const handler = service.requestHandler;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/token" && req.method === "POST") {
      if (tokenDelay > 0) await new Promise((r) => setTimeout(r, tokenDelay));
      if (nextFailure) {
        const failure = nextFailure;
        nextFailure = undefined;
        tokenRequests.push({ grantType: "(failed by test)", clientAuth: "none", params: {}, status: failure.status });
        return json(res, failure.status, failure.json ?? { error: "server_error" }, failure.headers);
      }
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
      res.writeHead = ((...args: unknown[]) => {
        for (const [k, v] of Object.entries(pendingHeaders.get(req) ?? {})) res.setHeader(k, v);
        return writeHead(...args);
      }) as typeof res.writeHead;
    }
    if (path === "/revoke" && req.method === "POST") {
      // RFC 7009: revoking a refresh token ends the whole grant; unknown tokens still answer 200.
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      const token = form.token ?? "";
      const grant = refreshTokens.get(token) ?? accessTokens.get(token)?.grant;
      if (grant) grant.revoked = true;
      return json(res, 200, {});
    }
    handler(req, res);
  });
  const { url: base, close } = await listenLocally(server);
  issuer.url = base;

  return {
    issuer: base,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    userInfoUrl: `${base}/userinfo`,
    clientId,
    clientSecret,
    tokenRequests,
    tokenRequestCount: (grantType) => tokenRequests.filter((r) => grantType === undefined || r.grantType === grantType).length,
    async authorize(authorizeUrl) {
      const response = await fetch(authorizeUrl, { redirect: "manual" });
      const location = response.headers.get("location");
      if (!location) throw new Error(`authorize answered ${response.status} without a redirect: ${await response.text()}`);
      const url = new URL(location);
      const get = (name: string) => url.searchParams.get(name) ?? undefined;
      const code = get("code");
      const state = get("state");
      const error = get("error");
      return { url, ...(code ? { code } : {}), ...(state ? { state } : {}), ...(error ? { error } : {}) };
    },
    isValidAccessToken: isValid,
    expireAccessTokens() {
      for (const issued of accessTokens.values()) issued.expiresAt = 0;
    },
    revokeGrants() {
      for (const grant of grants) grant.revoked = true;
    },
    currentRefreshToken: () => grants.at(-1)?.current,
    failNextTokenRequest(reply) {
      nextFailure = reply;
    },
    setTokenDelay(ms) {
      tokenDelay = ms;
    },
    stop: close,
  };
}

/** The part of @agx-ext/auth's module a connect flow needs (kept structural: this package does not depend on auth). */
export interface ConnectFlow<C> {
  begin(userId: string, provider: string): Promise<{ url: string; state: string }>;
  complete(state: string, answer: { code: string }): Promise<C>;
}

export interface ConnectOptions {
  /** Scopes the user grants on the consent screen, replacing those requested (space-separated). */
  grantScope?: string;
}

/**
 * Connects a user the way a browser would: the host builds the authorize URL, the user consents at the
 * test server, and the redirect's code and state complete the flow. Returns the stored connection.
 */
export async function connectUser<C>(auth: ConnectFlow<C>, oauth: OAuthTestServer, userId: string, provider: string, options: ConnectOptions = {}): Promise<C> {
  const started = await auth.begin(userId, provider);
  const url = new URL(started.url);
  if (options.grantScope !== undefined) url.searchParams.set("scope", options.grantScope);
  const redirect = await oauth.authorize(url.href);
  if (!redirect.code) throw new Error(`${provider} authorize refused for ${userId}: ${redirect.error}`);
  return auth.complete(redirect.state ?? started.state, { code: redirect.code });
}
