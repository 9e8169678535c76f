import type { AuthDeclaration } from "@agx-ext/core/host";

/**
 * Tells the HTTP client that a failed response is a transient refusal worth the same backoff as a 429
 * (e.g. a provider that answers rate limits with 403). `body` is the parsed JSON or the text.
 */
export type RetryableResponse = (status: number, body: unknown) => boolean;

/** Options every kind takes for its HTTP client. */
export interface HttpBehaviour {
  /**
   * Extra responses to retry (idempotent methods only) and report as RATE_LIMITED when retries run out. A hook is
   * code, not data: it acts in command calls, whose clients use the extension's own declaration. Clients the host
   * makes outside a call (an API key check) know the provider from its manifest and retry the standard set only.
   */
  readonly retryable?: RetryableResponse;
}

/** An API key the user (or the host) supplies; sent as a header or a query parameter. */
export interface ApiKeyOptions extends HttpBehaviour {
  /** Connection name; defaults to the extension id. */
  readonly provider?: string;
  /** Setting that holds the key; users store theirs in the vault, the host-wide value is the fallback. */
  readonly setting: string;
  /** Header to send the key in; default `Authorization`. */
  readonly header?: string;
  /** Query parameter to send the key in, instead of a header. */
  readonly query?: string;
  /** Prefix before the key in the header, e.g. "Bearer" or "Token"; default "Bearer" for Authorization, none otherwise. */
  readonly scheme?: string;
  /**
   * A cheap request that tells whether a stored key still works: the keep-alive job GETs it with each user's key and
   * marks the connection needs_reauth on 401 or 403 (2xx: active again). `urlSetting` names a host-wide setting that
   * overrides the URL (tests, regional endpoints).
   */
  readonly check?: KeyCheck;
}

/** A GET expected to answer 2xx while the credentials are good. */
export interface KeyCheck {
  readonly url: string;
  readonly urlSetting?: string;
}

export interface ApiKeyAuth extends ApiKeyOptions, AuthDeclaration {
  readonly kind: "apiKey";
}

export interface OAuth2Options extends HttpBehaviour {
  readonly provider?: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  /** Every scope any command may need: what a plain `agx connect` requests. */
  readonly scopes: readonly string[];
  /**
   * Named subsets of `scopes` (product -> scopes), so a user can grant only what they use:
   * `begin(user, provider, { scopes: ["gmail"] })` / `agx connect google --scopes gmail`. Declared scopes in
   * no group (e.g. `openid`) are always requested.
   */
  readonly scopeGroups?: Readonly<Record<string, readonly string[]>>;
  /**
   * Groups a connect that names no scopes requests (with the ungrouped scopes), when some groups need more than
   * a user's own consent (e.g. Google Keep's admin delegation): those are then connected by name only.
   */
  readonly defaultScopeGroups?: readonly string[];
  /** Send a PKCE S256 code challenge with the authorize request. */
  readonly pkce: boolean;
  /** How the client authenticates at the token endpoint: HTTP Basic or client_id/client_secret in the form. */
  readonly clientAuth: "basic" | "body";
  readonly clientIdSetting: string;
  readonly clientSecretSetting: string;
  /** Extra query parameters of the authorize URL (e.g. `access_type=offline`, `prompt=consent`). */
  readonly extraAuthorizeParams?: Readonly<Record<string, string>>;
  /**
   * Extra form fields of the authorization-code token request (e.g. Tesla's `audience`): a fixed value, or
   * `{ setting, default? }` read from a host-wide setting when the request is made.
   */
  readonly extraTokenParams?: Readonly<Record<string, TokenParamValue>>;
  /** The same for refresh requests. */
  readonly extraRefreshParams?: Readonly<Record<string, TokenParamValue>>;
  /** Host-wide settings that override the URLs (tests, regional endpoints). Default `<PROVIDER>_AUTHORIZE_URL` etc. */
  readonly authorizeUrlSetting?: string;
  readonly tokenUrlSetting?: string;
  /** RFC 7009 revocation endpoint, called on disconnect (best effort). */
  readonly revokeUrl?: string;
  readonly revokeUrlSetting?: string;
  /** Endpoint that names the connected account, read once after connecting. */
  readonly userInfo?: { readonly url: string; readonly urlSetting?: string; readonly accountField?: string };
  /**
   * The provider moved from OAuth 1.0a to OAuth 2.0: connections made with OAuth 1.0a (adopted with
   * `adoptLegacyOAuth1Token`) keep being signed with the consumer key and secret from these settings through
   * `usableUntil` (YYYY-MM-DD, the last day, UTC); after that they answer NOT_CONNECTED. OAuth 2.0 connections
   * replace them as users reconnect.
   */
  readonly legacyOAuth1?: LegacyOAuth1;
  /** Separator of the scope list in requests; default a space. */
  readonly scopeSeparator?: string;
  /**
   * The provider lets a refresh token lapse when it is not used for a while (Tesla after 3 months, Google apps in
   * testing after 7 days): the keep-alive job refreshes a connection not refreshed for this many days, inside
   * that window (e.g. Tesla 80).
   */
  readonly keepAliveDays?: number;
}

export interface LegacyOAuth1 {
  readonly consumerKeySetting: string;
  readonly consumerSecretSetting: string;
  /** The last day (UTC, YYYY-MM-DD) the provider accepts OAuth 1.0a tokens. */
  readonly usableUntil: string;
}

/** A token request parameter: a fixed value, or the value of a host-wide setting (with a fallback). */
export type TokenParamValue = string | { readonly setting: string; readonly default?: string };

export interface OAuth2Auth extends OAuth2Options, AuthDeclaration {
  readonly kind: "oauth2";
}

export interface OAuth1Options extends HttpBehaviour {
  readonly provider?: string;
  readonly requestTokenUrl: string;
  readonly authorizeUrl: string;
  readonly accessTokenUrl: string;
  readonly consumerKeySetting: string;
  readonly consumerSecretSetting: string;
  readonly requestTokenUrlSetting?: string;
  readonly authorizeUrlSetting?: string;
  readonly accessTokenUrlSetting?: string;
}

export interface OAuth1Auth extends OAuth1Options, AuthDeclaration {
  readonly kind: "oauth1";
}

/** A credentials field: a setting name (secret), or `{ name, secret: false }` for a value that may be shown (a host, a region). */
export type CredentialsField = string | { readonly name: string; readonly secret?: boolean };

/** Direct secrets (username, password, device keys...) the extension uses itself. */
export interface CredentialsOptions extends HttpBehaviour {
  readonly provider?: string;
  /** Setting names whose per-user values live in the vault; secret (scrubbed from errors and logs) unless marked otherwise. */
  readonly fields: readonly CredentialsField[];
}

export interface CredentialsAuth extends HttpBehaviour, AuthDeclaration {
  readonly kind: "credentials";
  readonly provider?: string;
  /** Every field's setting name. */
  readonly fields: readonly string[];
  /** Fields marked `secret: false`: stored in the vault like the others, but not scrubbed from messages. */
  readonly publicFields?: readonly string[];
}

export type AuthKind = ApiKeyAuth | OAuth2Auth | OAuth1Auth | CredentialsAuth;

function requireText(value: unknown, what: string): void {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`${what} must be a non-empty string`);
}

function requireUrl(value: string, what: string): void {
  try {
    new URL(value);
  } catch {
    throw new Error(`${what} must be an absolute URL, got "${value}"`);
  }
}

export function apiKey(options: ApiKeyOptions): ApiKeyAuth {
  requireText(options.setting, "apiKey setting");
  if (options.check) requireUrl(options.check.url, "apiKey check.url");
  if (options.header && options.query) throw new Error("apiKey takes either header or query, not both");
  return { kind: "apiKey", ...options };
}

export function oauth2(options: OAuth2Options): OAuth2Auth {
  requireUrl(options.authorizeUrl, "oauth2 authorizeUrl");
  requireUrl(options.tokenUrl, "oauth2 tokenUrl");
  requireText(options.clientIdSetting, "oauth2 clientIdSetting");
  requireText(options.clientSecretSetting, "oauth2 clientSecretSetting");
  if (options.clientAuth !== "basic" && options.clientAuth !== "body") throw new Error('oauth2 clientAuth must be "basic" or "body"');
  if (options.legacyOAuth1 && Number.isNaN(Date.parse(`${options.legacyOAuth1.usableUntil}T00:00:00Z`)))
    throw new Error(`oauth2 legacyOAuth1.usableUntil must be a date YYYY-MM-DD, got "${options.legacyOAuth1.usableUntil}"`);
  for (const [group, scopes] of Object.entries(options.scopeGroups ?? {}))
    for (const scope of scopes)
      if (!options.scopes.includes(scope)) throw new Error(`oauth2 scopeGroups.${group}: "${scope}" is not one of the declared scopes`);
  if (options.keepAliveDays !== undefined && !(Number.isFinite(options.keepAliveDays) && options.keepAliveDays > 0))
    throw new Error(`oauth2 keepAliveDays must be a positive number of days, got ${options.keepAliveDays}`);
  for (const group of options.defaultScopeGroups ?? [])
    if (!Object.hasOwn(options.scopeGroups ?? {}, group)) throw new Error(`oauth2 defaultScopeGroups: "${group}" is not one of the declared scopeGroups`);
  return { kind: "oauth2", ...options, scopes: [...options.scopes] };
}

export function oauth1(options: OAuth1Options): OAuth1Auth {
  requireUrl(options.requestTokenUrl, "oauth1 requestTokenUrl");
  requireUrl(options.authorizeUrl, "oauth1 authorizeUrl");
  requireUrl(options.accessTokenUrl, "oauth1 accessTokenUrl");
  requireText(options.consumerKeySetting, "oauth1 consumerKeySetting");
  requireText(options.consumerSecretSetting, "oauth1 consumerSecretSetting");
  return { kind: "oauth1", ...options };
}

export function credentials(options: CredentialsOptions): CredentialsAuth {
  if (!options.fields.length) throw new Error("credentials needs at least one field");
  const names = options.fields.map((field) => (typeof field === "string" ? field : field.name));
  names.forEach((name) => requireText(name, "credentials field"));
  const publicFields = options.fields.flatMap((field) => (typeof field !== "string" && field.secret === false ? [field.name] : []));
  return { kind: "credentials", ...options, fields: names, ...(publicFields.length ? { publicFields } : {}) };
}

const KINDS = new Set(["apiKey", "oauth2", "oauth1", "credentials"]);

/** The declaration as one of our kinds, or undefined for none / a kind this package does not know. */
export function asAuthKind(declaration: AuthDeclaration | undefined): AuthKind | undefined {
  return declaration && KINDS.has(declaration.kind) ? (declaration as AuthKind) : undefined;
}

/** Vault-held setting names whose values are secrets (scrubbed wherever they would show). */
export function secretSettingNames(auth: AuthKind): readonly string[] {
  return vaultSettingNames(auth).filter((name) => isSecretSetting(auth, name));
}

/** Only credentials fields marked `secret: false` may show; names the declaration does not list count as secret. */
export function isSecretSetting(auth: AuthKind, name: string): boolean {
  return !(auth.kind === "credentials" && auth.publicFields?.includes(name));
}

/** Host-wide settings a declaration's calls use as secrets towards the provider: OAuth client and consumer secrets. */
export function hostSecretSettingNames(auth: AuthKind): readonly string[] {
  if (auth.kind === "oauth2") return [auth.clientSecretSetting, ...(auth.legacyOAuth1 ? [auth.legacyOAuth1.consumerSecretSetting] : [])];
  if (auth.kind === "oauth1") return [auth.consumerSecretSetting];
  return [];
}

/** Setting names whose per-user values the vault holds for a declaration. */
export function vaultSettingNames(auth: AuthKind): readonly string[] {
  if (auth.kind === "apiKey") return [auth.setting];
  if (auth.kind === "credentials") return auth.fields;
  return [];
}
