/**
 * What the HTTP routes need from the credentials service (@agx-ext/auth): start and finish an OAuth flow,
 * and list a user's connections. Kept this small so the routes do not depend on the vault's internals.
 */
export interface ConnectionsService {
  /**
   * The provider's authorize URL for this user, with a fresh single-use state; `scopes` (group names or
   * scopes) narrows what is asked for, INVALID_INPUT naming any the provider does not declare.
   * `browserSecret` binds the flow to the browser holding it (see `complete`).
   */
  begin(userId: string, provider: string, redirectUri: string, options?: BeginFlowOptions): Promise<{ url: string; state: string; expiresAt: Date }>;
  /**
   * Finishes a flow by its state; rejects with a CommandError when the state is unknown, used or expired, or
   * when `browserSecret` is given and is not the one the flow was begun with.
   */
  complete(state: string, callback: CallbackValues, options?: { browserSecret?: string }): Promise<{ userId: string; provider: string }>;
  /** The user's connections, safe to show (no tokens). */
  list(userId: string): Promise<ConnectionInfo[]>;
  /** The providers a user can connect, with the scope groups they may choose from. */
  providers?(): ProviderChoice[];
}

export interface BeginFlowOptions {
  scopes?: readonly string[];
  browserSecret?: string;
}

/** A connectable provider as the HTTP API shows it: enough for a console or agent to offer choices. */
export interface ProviderChoice {
  provider: string;
  kind: string;
  /** OAuth 2.0: named groups of scopes (`?scopes=` takes their names). */
  scopeGroups?: Record<string, string[]>;
  /** The groups a connect naming no scopes asks for; absent means every declared scope. */
  defaultScopeGroups?: string[];
}

/** What a provider sends back to the callback URL. */
export interface CallbackValues {
  code?: string;
  error?: string;
  errorDescription?: string;
  /** OAuth 1.0a */
  oauthToken?: string;
  oauthVerifier?: string;
}

/** Each callback value's name in the callback URL's query; typed so a new value cannot be forgotten. */
const QUERY_NAMES: Record<keyof CallbackValues, string> = {
  code: "code",
  error: "error",
  errorDescription: "error_description",
  oauthToken: "oauth_token",
  oauthVerifier: "oauth_verifier",
};

/** The callback values in a callback URL's query (read through `param`); empty ones are left out. */
export function callbackValues(param: (name: string) => string | null | undefined): CallbackValues {
  const values: CallbackValues = {};
  for (const [key, name] of Object.entries(QUERY_NAMES) as [keyof CallbackValues, string][]) {
    const value = param(name);
    if (value) values[key] = value;
  }
  return values;
}

/** At least this; the service may add more (scopes, expiry, account), all of it safe to show. */
export interface ConnectionInfo {
  provider: string;
  /** active, refreshing, degraded, needs_reauth, unreadable or not_connected. */
  status: string;
  /** True when calls can use it. */
  connected: boolean;
}
