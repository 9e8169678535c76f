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

/**
 * A connection's state: `active`; `refreshing` (this host is refreshing it right now); `degraded` (refreshes fail
 * for a transient reason: calls get the last error during a cooldown, then it is tried again); `needs_reauth` (the
 * grant is gone: connect again); `unreadable` (the vault cannot decrypt it with the keys it has); `not_connected`.
 */
export type ConnectionStatus = "active" | "refreshing" | "degraded" | "needs_reauth" | "unreadable" | "not_connected";

/** A connection as callers see it: no tokens. (A type alias, so it fits index-signature shapes such as the host's.) */
export type ConnectionInfo = {
  userId: string;
  provider: string;
  /** Which of the user's accounts at the provider: its label (the provider's account name, one the user chose, or "default"). */
  label: string;
  /** True for the account calls use when they name none (one per user and provider). */
  default: boolean;
  kind: string;
  status: ConnectionStatus;
  /** True when calls can use it: active, refreshing or degraded. */
  connected: boolean;
  /** Why the status last changed, and when. */
  statusReason?: string;
  statusChangedAt?: string;
  scopes: string[];
  /** When the current access token expires (ISO), if the provider said. */
  expiresAt?: string;
  /** The account name the provider gave (e-mail, user id), when it names accounts. */
  account?: string;
  /** When the current tokens were obtained (ISO). */
  lastRefreshAt?: string;
  /** The last failed refresh (cleared by a successful one). */
  lastError?: { code: string; message: string; at: string };
  /** Failed refreshes since the last success (degraded). */
  failures?: number;
  /** No refresh is attempted before this (ISO): the cooldown after a failure. */
  retryAt?: string;
  /** Names of stored secrets (API keys, credentials fields), for secret-based kinds. */
  secrets?: string[];
  updatedAt?: string;
};

/**
 * What an extension's `auth.connection()` gets: `status` keeps the values extensions were written against
 * ("connected" when usable, "broken" when the user must connect again); `state` is the connection state.
 */
export type CallConnectionInfo = Omit<ConnectionInfo, "status"> & { status: "connected" | "broken" | "not_connected"; state: ConnectionStatus };

/** The extension-facing view of a connection. */
export function forExtension(info: ConnectionInfo): CallConnectionInfo {
  const status = info.connected ? "connected" : info.status === "not_connected" ? "not_connected" : "broken";
  return { ...info, status, state: info.status };
}

/** What an extension gets under core's AUTH token: the calling user's credentials for this extension's provider. */
export interface AuthService {
  readonly provider: string;
  readonly kind: AuthKind["kind"] | undefined;
  /** A valid OAuth 2.0 access token, refreshed when due; NOT_CONNECTED when there is none. */
  accessToken(): Promise<string>;
  connection(): Promise<CallConnectionInfo>;
  /** A per-user secret from the vault (credentials fields, API keys). */
  secret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string): Promise<void>;
  deleteSecret(name: string): Promise<void>;
  /** Stores OAuth 2.0 tokens obtained outside the browser flow (a token exchange) as the user's connection. */
  adoptTokens(tokens: AdoptedTokens, account?: string): Promise<CallConnectionInfo>;
  /**
   * For providers declaring `legacyOAuth1`: keeps the user's OAuth 1.0a token as their connection until the
   * retirement day. `verify` receives a client signed with it and returns the account; if it throws, nothing is stored.
   */
  adoptLegacyOAuth1Token(
    tokens: { token: string; tokenSecret: string },
    verify?: (http: HttpClient) => Promise<string | undefined>,
  ): Promise<CallConnectionInfo>;
}
