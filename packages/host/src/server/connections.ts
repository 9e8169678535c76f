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
  /** Stores a user's API key or credentials fields for a provider (names already checked against `fields`). */
  saveCredentials?(userId: string, provider: string, fields: Record<string, string>, options?: AccountOption): Promise<void>;
  /** Forgets a user's connection to a provider (tokens or secrets); false when there was none. */
  disconnect?(userId: string, provider: string, options?: AccountOption): Promise<boolean>;
  /** Makes one of the user's accounts their default for the provider (the one calls use when they name none). */
  setDefaultAccount?(userId: string, provider: string, account: string): Promise<ConnectionInfo>;
}

/** Which of a user's accounts at a provider; unset: the default one. */
interface AccountOption {
  account?: string;
}

interface BeginFlowOptions extends AccountOption {
  scopes?: readonly string[];
  browserSecret?: string;
}

/** A connectable provider as the HTTP API shows it: enough for a console or agent to offer choices. */
export interface ProviderChoice {
  provider: string;
  /** oauth2, oauth1, apiKey or credentials. */
  kind: string;
  /** OAuth 2.0: named groups of scopes (`?scopes=` and begin's `scopes` take their names). */
  scopeGroups?: ScopeGroupChoice[];
  /** API keys and credentials: the fields a person fills in (values are write-only). */
  fields?: CredentialField[];
}

export interface ScopeGroupChoice {
  name: string;
  /** What it lets the host reach, in words. */
  description: string;
  /** The provider scopes it asks for (a console names a connection's granted scopes by the groups they make up). */
  scopes: string[];
  /** Asked for by a connect naming no groups. */
  default: boolean;
}

export interface CredentialField {
  /** The setting name, as PUT .../credentials takes it. */
  name: string;
  label: string;
  /** Never shown back once stored. */
  secret: boolean;
  required: boolean;
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
