import { CommandError } from "@agx-ext/core";
import type { AuthorizationCode } from "simple-oauth2";
import type { OAuth2Auth } from "../declarations.js";
import { notConnected, providerMessage } from "../errors.js";
import { scrubbedBody } from "../http/errors.js";
import { bodyTooLarge, droppedConnection, isDroppedConnection, noAnswerInTime } from "../http/transport-errors.js";
import type { OAuth2Endpoints } from "../provider-config.js";

/** What a token endpoint answered, normalised. */
export interface TokenResponse {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  expiresAt?: Date;
  scopes?: string[];
}

export interface TokenClientOptions {
  provider: string;
  auth: OAuth2Auth;
  endpoints: OAuth2Endpoints;
  client: { id: string; secret: string };
  /** Extra form fields of the code exchange and of refreshes, already resolved. */
  exchangeParams?: Record<string, string>;
  refreshParams?: Record<string, string>;
  timeoutMs: number;
  /** Most bytes read from one token endpoint answer. */
  maxBodyBytes: number;
  now: () => Date;
}

/** A wreck (simple-oauth2's HTTP client) failure without a parsed answer. */
interface TransportBoom {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: { code?: string; res?: { headers?: Record<string, unknown>; socket?: { bytesRead?: number } | null } };
  code?: string;
  message?: string;
}

/**
 * wreck stops reading at maxBytes by destroying the response, and then usually reports "Payload stream closed
 * prematurely" rather than its 413: what the socket had received (or the announced length) tells the two apart.
 */
function receivedMoreThan(boom: TransportBoom, maxBytes: number): boolean {
  const response = boom.data?.res;
  const announced = Number(response?.headers?.["content-length"]);
  return (Number.isFinite(announced) && announced > maxBytes) || (response?.socket?.bytesRead ?? 0) > maxBytes;
}

/** A token response's `scope`: space separated per RFC 6749, comma separated by some providers. */
export function splitScopes(scope: string): string[] {
  return scope.split(/[\s,]+/).filter(Boolean);
}

/** When a token with this `expires_in` (seconds) expires; undefined when it is missing or not a positive number. */
export function expiryAfter(expiresIn: unknown, now: Date): Date | undefined {
  const seconds = Number(expiresIn);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(now.getTime() + seconds * 1000) : undefined;
}

/** Token endpoint calls (code exchange, refresh) through simple-oauth2, with provider errors mapped. */
export class TokenClient {
  private client: AuthorizationCode | undefined;

  constructor(private readonly options: TokenClientOptions) {}

  /** simple-oauth2 (and joi under it) loads on first use: listing and most commands never need it. */
  private async oauth(): Promise<AuthorizationCode> {
    if (this.client) return this.client;
    const { AuthorizationCode } = await import("simple-oauth2");
    const { options } = this;
    const token = new URL(options.endpoints.tokenUrl);
    const authorize = new URL(options.endpoints.authorizeUrl);
    this.client = new AuthorizationCode({
      client: { id: options.client.id, secret: options.client.secret },
      auth: {
        tokenHost: token.origin,
        tokenPath: token.pathname + token.search,
        authorizeHost: authorize.origin,
        authorizePath: authorize.pathname + authorize.search,
      },
      options: {
        authorizationMethod: options.auth.clientAuth === "basic" ? "header" : "body",
        bodyFormat: "form",
        scopeSeparator: options.auth.scopeSeparator ?? " ",
      },
      // wreck (under simple-oauth2) stops reading past maxBytes, so a hostile token endpoint cannot flood memory.
      http: { timeout: options.timeoutMs, maxBytes: options.maxBodyBytes },
    });
    return this.client;
  }

  async authorizeUrl(params: {
    redirectUri: string;
    state: string;
    codeChallenge?: string;
    scopes?: readonly string[];
    extra?: Record<string, string>;
  }): Promise<string> {
    const extra = { ...this.options.auth.extraAuthorizeParams, ...params.extra };
    if (params.codeChallenge) Object.assign(extra, { code_challenge: params.codeChallenge, code_challenge_method: "S256" });
    return (await this.oauth()).authorizeURL({
      redirect_uri: params.redirectUri,
      scope: [...(params.scopes ?? this.options.auth.scopes)],
      state: params.state,
      ...extra,
    });
  }

  async exchange(code: string, redirectUri: string, codeVerifier?: string): Promise<TokenResponse> {
    try {
      const token = await (
        await this.oauth()
      ).getToken({ ...this.options.exchangeParams, code, redirect_uri: redirectUri, ...(codeVerifier ? { code_verifier: codeVerifier } : {}) } as never);
      return this.normalise(token.token);
    } catch (error) {
      throw this.failure(error, "exchange", [code, ...(codeVerifier ? [codeVerifier] : [])]);
    }
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    try {
      const token = await (await this.oauth()).createToken({ access_token: "", refresh_token: refreshToken }).refresh({ ...this.options.refreshParams });
      return this.normalise(token.token);
    } catch (error) {
      throw this.failure(error, "refresh", [refreshToken]);
    }
  }

  private normalise(raw: Record<string, unknown>): TokenResponse {
    const accessToken = raw.access_token;
    if (typeof accessToken !== "string" || accessToken === "")
      throw new CommandError("PROVIDER_ERROR", `${this.options.provider} answered the token request without an access_token.`, {
        details: { provider: this.options.provider },
      });
    const expiresAt = expiryAfter(raw.expires_in, this.options.now());
    return {
      accessToken,
      ...(typeof raw.refresh_token === "string" && raw.refresh_token ? { refreshToken: raw.refresh_token } : {}),
      ...(typeof raw.token_type === "string" ? { tokenType: raw.token_type } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(typeof raw.scope === "string" ? { scopes: splitScopes(raw.scope) } : {}),
    };
  }

  /** No answer to read: the endpoint dropped the connection, was too slow, sent too much, or could not be reached. */
  private transportFailure(boom: TransportBoom): CommandError {
    const { provider, maxBodyBytes } = this.options;
    const host = new URL(this.options.endpoints.tokenUrl).host;
    const code = boom.code ?? boom.data?.code;
    const status = boom.isBoom ? boom.output?.statusCode : undefined;
    const endpoint = `the ${provider} token endpoint`;
    const cutShort = /closed prematurely/i.test(boom.message ?? "");
    if (status === 413 || (cutShort && receivedMoreThan(boom, maxBodyBytes))) return bodyTooLarge(provider, host, maxBodyBytes);
    if (isDroppedConnection(code) || cutShort) return droppedConnection(provider, host, { endpoint: "token", ...(code ? { code } : {}) }, cutShort);
    if (status === 504 || status === 408) return noAnswerInTime(provider, host, { endpoint: "token" });
    return new CommandError("PROVIDER_ERROR", `Could not reach ${endpoint} at ${host} (${code ?? "no answer"}); try again later.`, {
      details: { provider, host },
    });
  }

  /** invalid_grant on refresh means the grant is gone (revoked, expired): the caller marks the connection broken. */
  private failure(error: unknown, step: "exchange" | "refresh", sent: string[]): CommandError {
    const { provider } = this.options;
    const boom = error as { isBoom?: boolean; output?: { statusCode?: number }; data?: { payload?: unknown; code?: string }; code?: string; message?: string };
    if (!boom.isBoom || !boom.data?.payload) return this.transportFailure(boom);
    const status = boom.output?.statusCode ?? 0;
    // An endpoint may quote what it was sent: the client secret, the refresh token, the code.
    const body = scrubbedBody(boom.data.payload, [this.options.client.secret, ...sent]);
    const code = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
    const message = providerMessage(body);
    const said = message ?? `HTTP ${status}`;
    const details = { provider, status, body: { error: code, error_description: message } };
    if (code === "invalid_grant") {
      if (step === "refresh") return notConnected(provider, `${provider} no longer accepts this connection (${said}).`);
      return new CommandError("UNAUTHORIZED", `${provider} refused the authorization code (${said}); start the connection again.`, { details });
    }
    if (code === "invalid_client" || code === "unauthorized_client")
      return new CommandError("NOT_CONFIGURED", `${provider} refused the client credentials (${said}); check the client id and secret settings.`, { details });
    if (status === 429) return new CommandError("RATE_LIMITED", `${provider} is rate limiting token requests (${said}).`, { details });
    return new CommandError("PROVIDER_ERROR", `The ${provider} token endpoint answered ${status}: ${said}.`, { details });
  }
}
