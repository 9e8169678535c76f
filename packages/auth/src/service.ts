import type { AuthKind } from "./declarations.js";
import type { HttpClient } from "./http/client.js";

/** An OAuth 2.0 token set as a token endpoint returns it (`expires_in` seconds, `scope` space separated or a list). */
export interface AdoptedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  scope?: string | readonly string[];
  tokenType?: string;
}

/** A connection as callers see it: no tokens. (A type alias, so it fits index-signature shapes such as the host's.) */
export type ConnectionInfo = {
  userId: string;
  provider: string;
  kind: string;
  /** "connected", "broken" (revoked or refused; reconnect), or "not_connected". */
  status: "connected" | "broken" | "not_connected";
  scopes: string[];
  /** When the current access token expires (ISO), if the provider said. */
  expiresAt?: string;
  account?: string;
  brokenReason?: string;
  /** Names of stored secrets (API keys, credentials fields), for secret-based kinds. */
  secrets?: string[];
  updatedAt?: string;
};

/** What an extension gets under core's AUTH token: the calling user's credentials for this extension's provider. */
export interface AuthService {
  readonly provider: string;
  readonly kind: AuthKind["kind"] | undefined;
  /** A valid OAuth 2.0 access token, refreshed when due; NOT_CONNECTED when there is none. */
  accessToken(): Promise<string>;
  connection(): Promise<ConnectionInfo>;
  /** A per-user secret from the vault (credentials fields, API keys). */
  secret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string): Promise<void>;
  deleteSecret(name: string): Promise<void>;
  /** Stores OAuth 2.0 tokens obtained outside the browser flow (a token exchange) as the user's connection. */
  adoptTokens(tokens: AdoptedTokens, account?: string): Promise<ConnectionInfo>;
  /**
   * For providers declaring `legacyOAuth1`: keeps the user's OAuth 1.0a token as their connection until the
   * retirement day. `verify` receives a client signed with it and returns the account; if it throws, nothing is stored.
   */
  adoptLegacyOAuth1Token(tokens: { token: string; tokenSecret: string }, verify?: (http: HttpClient) => Promise<string | undefined>): Promise<ConnectionInfo>;
}
