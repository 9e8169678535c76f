import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import {
  AUTH,
  CommandError,
  closestNames,
  HTTP,
  silentLogger,
  type CallScope,
  type LoadedExtension,
  type Logger,
  type ServiceModule,
  type SettingsSource,
  type SettingValues,
} from "@agx-ext/core";
import type { EntityManager, MikroORM } from "@mikro-orm/core";
import { asAuthKind, isSecretSetting, secretSettingNames, vaultSettingNames, type AuthKind, type LegacyOAuth1, type OAuth1Auth, type OAuth2Auth } from "./declarations.js";
import { notConnected } from "./errors.js";
import { apiKeyAuthorizer, bearerAuthorizer, oauth1Authorizer } from "./http/authorizers.js";
import { createHttpClient, DEFAULT_HTTP_POLICY, type HttpAuthorizer, type HttpClient, type HttpPolicy } from "./http/client.js";
import { httpTimeoutMs } from "./http/timeout-setting.js";
import { oauth1TokenRequest } from "./oauth1/flow.js";
import { isLegacyRetired, legacyAwareAuthorizer } from "./oauth2/legacy-oauth1.js";
import { createPkcePair, createState } from "./oauth2/pkce.js";
import { mergeScopes, selectScopes } from "./oauth2/scope-selection.js";
import { expiryAfter, splitScopes, type TokenResponse } from "./oauth2/token-client.js";
import { clientCredentials, oauth1Endpoints, oauth2Endpoints } from "./provider-config.js";
import type { AdoptedTokens, AuthService, ConnectionInfo } from "./service.js";
import { connectionKey, TokenManager } from "./tokens.js";
import { VaultCipher } from "./vault/cipher.js";
import { authEntities } from "./vault/entities.js";
import { loadSecretKey } from "./vault/key.js";
import { MikroOrmVaultStore, type StoredConnection, type TokenSet, type VaultDatabase, type VaultStore } from "./vault/store.js";

/** The database handle the module needs: @agx-ext/db's Database satisfies it. */
export interface AuthDatabase {
  readonly dialect: "sqlite" | "postgresql";
  readonly orm: MikroORM;
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  registerSystemEntities(entities: readonly unknown[]): void;
}

export interface AuthModuleOptions {
  database: AuthDatabase;
  /** Host-wide settings: client ids and secrets, URL overrides, host-wide API keys. */
  settings: SettingsSource;
  /** The host directory: the generated key lives in `<hostDir>/.agx/secret.key`. */
  hostDir: string;
  /** AGX_SECRET_KEY; when empty the host's key file is used (and created on first run). */
  secretKey?: string;
  /** AGX_PUBLIC_URL: redirect URIs are `<publicUrl>/oauth/<provider>/callback`. */
  publicUrl?: string;
  logger?: Logger;
  http?: Partial<HttpPolicy>;
  /** Refresh this many seconds before expiry; default 60. */
  refreshSkewSeconds?: number;
  /** Lifetime of a connect flow's state; default 600 (10 minutes). */
  stateTtlSeconds?: number;
  now?: () => Date;
}

/** A provider users can connect to, as the host knows it. */
export interface ProviderInfo {
  provider: string;
  kind: AuthKind["kind"];
  extensions: string[];
  /** Setting names a user stores for secret-based kinds. */
  secrets: string[];
  scopes?: string[];
  /** Named subsets of `scopes` a user can connect one at a time. */
  scopeGroups?: Record<string, string[]>;
}

export interface BeginOptions {
  /** Override the redirect URI (the CLI's loopback listener); default from AGX_PUBLIC_URL. */
  redirectUri?: string;
  /**
   * Request only these scope groups (names from the declaration's `scopeGroups`) or scopes; earlier grants are
   * kept (`include_granted_scopes=true`) and the connection's scopes accumulate. Default: every declared scope.
   */
  scopes?: readonly string[];
}

export interface BeginResult {
  provider: string;
  /** Send the user here. */
  url: string;
  state: string;
  redirectUri: string;
  expiresAt: Date;
}

/** What came back to the callback. */
export interface CallbackParams {
  code?: string;
  /** The provider's `error` parameter (e.g. access_denied). */
  error?: string;
  errorDescription?: string;
  /** OAuth 1.0a callback values. */
  oauthToken?: string;
  oauthVerifier?: string;
}

export interface CompleteOptions {
  /** When the caller knows who is signed in, a state started by someone else is refused. */
  userId?: string;
}

const DEFAULT_STATE_TTL_S = 600;

/**
 * The auth service module: keeps the vault, runs connect flows, and gives each command call its
 * AUTH service and an authorized HTTP client.
 */
export class AuthModule implements ServiceModule {
  readonly name = "auth";
  private readonly providerMap = new Map<string, { auth: AuthKind; extensions: string[] }>();
  private vault: VaultStore | undefined;
  private tokenManager: TokenManager | undefined;
  private readonly logger: Logger;
  private readonly now: () => Date;
  /** Marks the async context of a call whose database writes join its transaction (SQLite, extension with tables). */
  private readonly inCallTransaction = new AsyncLocalStorage<true>();
  /** An async context outside every call (made at construction): writes started in it queue behind a call's transaction. */
  private readonly outsideCalls = new AsyncResource("agx-auth-token-write");
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(private readonly options: AuthModuleOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    // Before the database starts, so its schema sync creates the vault tables.
    options.database.registerSystemEntities(authEntities);
  }

  async start(extensions: readonly LoadedExtension[]): Promise<void> {
    this.providerMap.clear();
    for (const extension of extensions) this.addProvider(extension);
    const { key, origin, file } = await loadSecretKey({ hostDir: this.options.hostDir, ...(this.options.secretKey ? { secretKey: this.options.secretKey } : {}) });
    if (origin === "generated") this.logger.warn("generated a new vault key; back it up or set AGX_SECRET_KEY", { file });
    const store = new MikroOrmVaultStore(this.options.database as VaultDatabase, new VaultCipher(key));
    await store.checkKey();
    this.vault = store;
    this.tokenManager = new TokenManager({
      store,
      settings: this.options.settings,
      oauth2: (provider) => {
        const auth = this.providerMap.get(provider)?.auth;
        return auth?.kind === "oauth2" ? auth : undefined;
      },
      now: this.now,
      refreshSkewMs: (this.options.refreshSkewSeconds ?? 60) * 1000,
      timeoutMs: (provider) => this.timeoutMs(provider),
      deferredWriter: () => (this.inCallTransaction.getStore() ? (write) => this.afterCallTransaction(write) : undefined),
    });
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.pendingWrites]);
    this.vault = undefined;
    this.tokenManager = undefined;
  }

  /** Providers declared by the loaded extensions. */
  providers(): ProviderInfo[] {
    return [...this.providerMap].map(([provider, { auth, extensions }]) => ({
      provider,
      kind: auth.kind,
      extensions: [...extensions],
      secrets: [...vaultSettingNames(auth)],
      ...(auth.kind === "oauth2" ? { scopes: [...auth.scopes] } : {}),
      ...(auth.kind === "oauth2" && auth.scopeGroups ? { scopeGroups: Object.fromEntries(Object.entries(auth.scopeGroups).map(([g, s]) => [g, [...s]])) } : {}),
    }));
  }

  /** Per-user API keys and credentials fields, fed to the settings check so the extension sees them. */
  async userSettings(userId: string, extension: LoadedExtension): Promise<SettingValues> {
    const auth = asAuthKind(extension.definition.auth);
    if (!auth) return {};
    const provider = providerOf(extension);
    if (auth.kind === "oauth2") {
      await this.refreshAhead(userId, provider);
      return {};
    }
    return this.store.getSecrets(userId, provider, vaultSettingNames(auth));
  }

  /**
   * The runtime asks for user settings before the call's database transaction opens, so a token due for
   * refresh is refreshed here: the rotated refresh token is then committed on its own, even if the call
   * fails and its transaction rolls back (on SQLite every write inside a call joins that transaction).
   */
  private async refreshAhead(userId: string, provider: string): Promise<void> {
    try {
      await this.tokens.accessToken(userId, provider);
    } catch (error) {
      // Not connected, revoked, provider down: the call reports it when it needs the token.
      this.logger.debug("token refresh ahead of the call did not succeed", { userId, provider, code: (error as { code?: string }).code });
    }
  }

  async around<T>(scope: CallScope, next: () => Promise<T>): Promise<T> {
    const auth = asAuthKind(scope.extension.definition.auth);
    const provider = providerOf(scope.extension);
    const userId = scope.context.userId;
    const secrets = new Set<string>();
    const remember = (value: string | undefined) => {
      if (!value) return;
      secrets.add(value);
      scope.context.addSecret(value);
    };
    for (const name of auth ? secretSettingNames(auth) : []) {
      const value = scope.settings[name];
      if (typeof value === "string") remember(value);
    }
    scope.container.register(AUTH, { useValue: this.callService(userId, provider, auth, remember, scope.context) });
    // Built on first injection only: many commands (database-only ones) never make an HTTP call.
    scope.provide(HTTP, () => this.buildClient(userId, provider, auth, scope, remember, secrets));
    // On SQLite every write inside such a call joins its transaction; token writes must outlive a rollback.
    const joinsCallTransaction = this.options.database.dialect === "sqlite" && (scope.extension.definition.entities?.length ?? 0) > 0;
    return joinsCallTransaction ? this.inCallTransaction.run(true, next) : next();
  }

  /**
   * Runs a token write from outside the call's async context: the database then opens its own transaction,
   * queued (SQLite has one connection) right after the call's, so the write stands whether the call commits or not.
   */
  private afterCallTransaction(write: () => Promise<void>): Promise<void> {
    const done = this.outsideCalls
      .runInAsyncScope(write)
      .catch((error: unknown) => this.logger.error("could not save refreshed tokens", { error: error instanceof Error ? error.message : String(error) }));
    this.pendingWrites.add(done);
    void done.finally(() => this.pendingWrites.delete(done));
    return done;
  }

  /** An authorized HTTP client outside a command call (host routes, scripts); the user's stored keys win over host-wide ones. */
  async httpClient(userId: string, provider: string, signal?: AbortSignal): Promise<HttpClient> {
    const auth = this.declaration(provider);
    const secrets = new Set<string>();
    const names = vaultSettingNames(auth);
    const stored = await this.store.getSecrets(userId, provider, names);
    const settings = Object.fromEntries(names.map((name) => [name, stored[name] ?? this.options.settings.get(name)]));
    return this.buildClient(userId, provider, auth, { settings, ...(signal ? { signal } : {}) }, (v) => v && secrets.add(v), secrets);
  }

  /** A valid access token for (user, provider), refreshed when due. */
  accessToken(userId: string, provider: string): Promise<string> {
    this.declaration(provider);
    return this.tokens.accessToken(userId, provider);
  }

  /** Starts a connect flow: the URL to send the user to. */
  async begin(userId: string, provider: string, options: BeginOptions = {}): Promise<BeginResult> {
    if (!userId?.trim()) throw new CommandError("INVALID_INPUT", "A user id is required to connect an account.");
    const auth = this.declaration(provider);
    const redirectUri = options.redirectUri ?? this.defaultRedirectUri(provider);
    const state = createState();
    const expiresAt = new Date(this.now().getTime() + (this.options.stateTtlSeconds ?? DEFAULT_STATE_TTL_S) * 1000);
    if (options.scopes?.length && auth.kind !== "oauth2")
      throw new CommandError("INVALID_INPUT", `${provider} does not use OAuth 2.0 scopes, so --scopes does not apply.`, { details: { provider } });
    if (auth.kind === "oauth2") {
      const pkce = auth.pkce ? createPkcePair() : undefined;
      const scopes = selectScopes(provider, auth, options.scopes);
      // A subset adds to what the user granted before instead of replacing it.
      const extra = options.scopes?.length ? { include_granted_scopes: "true" } : undefined;
      const url = await this.tokens
        .tokenClient(provider)
        .authorizeUrl({ redirectUri, state, scopes, ...(pkce ? { codeChallenge: pkce.challenge } : {}), ...(extra ? { extra } : {}) });
      await this.store.putFlow(state, { userId, provider, redirectUri, expiresAt, scopes, ...(pkce ? { codeVerifier: pkce.verifier } : {}) });
      return { provider, url, state, redirectUri, expiresAt };
    }
    if (auth.kind === "oauth1") {
      const endpoints = oauth1Endpoints(provider, auth, this.options.settings);
      const callback = new URL(redirectUri);
      callback.searchParams.set("state", state);
      const answer = await oauth1TokenRequest(provider, endpoints.requestTokenUrl, this.consumer(provider, auth), { oauth_callback: callback.href }, this.timeoutMs(provider));
      const requestToken = answer.get("oauth_token")!;
      await this.store.putFlow(state, { userId, provider, redirectUri, expiresAt, requestToken, requestTokenSecret: answer.get("oauth_token_secret") ?? "" });
      const url = new URL(endpoints.authorizeUrl);
      url.searchParams.set("oauth_token", requestToken);
      return { provider, url: url.href, state, redirectUri, expiresAt };
    }
    throw new CommandError(
      "INVALID_INPUT",
      `${provider} uses ${auth.kind === "apiKey" ? "an API key" : "direct credentials"}, not a browser sign-in: store ${vaultSettingNames(auth).join(", ")} with \`agx connect ${provider}\`.`,
      { details: { provider, secrets: [...vaultSettingNames(auth)] } },
    );
  }

  /** Finishes a connect flow from the callback: checks the state, exchanges the code, stores the tokens. */
  async complete(state: string, params: CallbackParams, options: CompleteOptions = {}): Promise<ConnectionInfo> {
    const refuse = (reason: string, message: string) =>
      new CommandError("INVALID_INPUT", `${message} Start the connection again (agx connect <provider>).`, { details: { reason } });
    const flow = state ? await this.store.getFlow(state) : undefined;
    if (!flow) throw refuse("unknown_state", "This sign-in link is not one this host started.");
    if (options.userId !== undefined && options.userId !== flow.userId) throw refuse("other_user", "This sign-in was started by another user.");
    if (flow.usedAt) throw refuse("state_used", "This sign-in link was already used.");
    if (flow.expiresAt.getTime() <= this.now().getTime()) throw refuse("state_expired", "This sign-in link expired.");
    if (!(await this.store.claimFlow(state, this.now()))) throw refuse("state_used", "This sign-in link was already used.");
    const { userId, provider } = flow;
    const auth = this.declaration(provider);
    if (params.error)
      throw new CommandError("UNAUTHORIZED", `${provider} did not grant access (${params.error}${params.errorDescription ? `: ${params.errorDescription}` : ""}).`, {
        details: { provider, error: params.error },
      });

    if (auth.kind === "oauth2") {
      if (!params.code) throw refuse("missing_code", `${provider} sent no authorization code.`);
      const tokens = await this.tokens.tokenClient(provider).exchange(params.code, flow.redirectUri, flow.codeVerifier);
      const account = await this.readAccount(provider, auth, tokens.accessToken);
      const before = await this.store.getConnection(userId, provider);
      const granted = tokens.scopes ?? flow.scopes ?? [...auth.scopes];
      const scopes = before?.status === "active" && before.kind === "oauth2" ? mergeScopes(before.scopes, granted) : granted;
      await this.saveOAuth2Connection(userId, provider, tokens, scopes, account);
    } else if (auth.kind === "oauth1") {
      if (!params.oauthVerifier || (params.oauthToken && params.oauthToken !== flow.requestToken))
        throw refuse("missing_verifier", `${provider} sent no matching oauth_token and oauth_verifier.`);
      const endpoints = oauth1Endpoints(provider, auth, this.options.settings);
      const consumer = this.consumer(provider, auth);
      const answer = await oauth1TokenRequest(
        provider,
        endpoints.accessTokenUrl,
        { ...consumer, token: flow.requestToken!, tokenSecret: flow.requestTokenSecret ?? "" },
        { oauth_verifier: params.oauthVerifier },
        this.timeoutMs(provider),
      );
      await this.store.saveConnection({
        userId,
        provider,
        kind: "oauth1",
        status: "active",
        scopes: [],
        tokens: { accessToken: answer.get("oauth_token")!, tokenSecret: answer.get("oauth_token_secret") ?? "" },
      });
    }
    this.logger.info("account connected", { userId, provider });
    return this.connection(userId, provider);
  }

  /** One user's connection to one provider, without tokens. */
  async connection(userId: string, provider: string): Promise<ConnectionInfo> {
    const auth = this.declaration(provider);
    if (auth.kind === "apiKey" || auth.kind === "credentials") {
      const stored = (await this.store.listSecrets(userId)).filter((s) => s.provider === provider);
      const required = vaultSettingNames(auth);
      const complete = required.every((name) => stored.some((s) => s.name === name) || this.options.settings.get(name));
      const latest = stored.map((s) => s.updatedAt.getTime()).sort().at(-1);
      return {
        userId,
        provider,
        kind: auth.kind,
        status: complete ? "connected" : "not_connected",
        scopes: [],
        secrets: stored.map((s) => s.name),
        ...(latest ? { updatedAt: new Date(latest).toISOString() } : {}),
      };
    }
    const stored = await this.store.getConnection(userId, provider);
    if (!stored) return { userId, provider, kind: auth.kind, status: "not_connected", scopes: [] };
    return describeConnection(stored);
  }

  /** Every stored connection and secret-based credential (no values), optionally for one user. */
  async connections(userId?: string): Promise<ConnectionInfo[]> {
    const out: ConnectionInfo[] = (await this.store.listConnections(userId)).map(describeConnection);
    const grouped = new Map<string, { userId: string; provider: string; names: string[]; updatedAt: Date }>();
    for (const secret of await this.store.listSecrets(userId)) {
      const key = connectionKey(secret.userId, secret.provider);
      const group = grouped.get(key) ?? { userId: secret.userId, provider: secret.provider, names: [], updatedAt: secret.updatedAt };
      group.names.push(secret.name);
      if (secret.updatedAt > group.updatedAt) group.updatedAt = secret.updatedAt;
      grouped.set(key, group);
    }
    for (const group of grouped.values()) {
      const auth = this.providerMap.get(group.provider)?.auth;
      out.push({
        userId: group.userId,
        provider: group.provider,
        kind: auth?.kind ?? "credentials",
        status: "connected",
        scopes: [],
        secrets: group.names,
        updatedAt: group.updatedAt.toISOString(),
      });
    }
    return out.sort((a, b) => a.userId.localeCompare(b.userId) || a.provider.localeCompare(b.provider));
  }

  /** Forgets a user's tokens and secrets for a provider; revokes the grant at the provider when it has an endpoint for it. */
  async disconnect(userId: string, provider: string): Promise<boolean> {
    const auth = this.providerMap.get(provider)?.auth;
    const stored = await this.store.getConnection(userId, provider);
    if (stored && auth?.kind === "oauth2")
      await this.revokeAtProvider(provider, auth, stored).catch((error: unknown) =>
        // Best effort: the local tokens go either way; the user can still remove the app at the provider.
        this.logger.warn("could not revoke the grant at the provider", { userId, provider, error: error instanceof Error ? error.message : String(error) }),
      );
    const removedConnection = await this.store.deleteConnection(userId, provider);
    const removedSecrets = await this.store.deleteSecret(userId, provider);
    if (removedConnection || removedSecrets) this.logger.info("account disconnected", { userId, provider });
    return removedConnection || removedSecrets > 0;
  }

  /**
   * Stores an OAuth 2.0 token set obtained outside the browser flow (e.g. a provider's OAuth 1.0a -> 2.0
   * token exchange) as the user's connection. The account is read from the userInfo endpoint when not given.
   */
  async adoptTokens(userId: string, provider: string, tokens: AdoptedTokens, account?: string): Promise<ConnectionInfo> {
    const auth = this.declaration(provider);
    if (auth.kind !== "oauth2") throw new CommandError("INVALID_INPUT", `${provider} does not use OAuth 2.0, so it cannot adopt OAuth 2.0 tokens.`, { details: { provider } });
    if (!tokens.accessToken) throw new CommandError("INVALID_INPUT", "The token set has no access token.", { details: { provider } });
    const scopes = tokens.scope === undefined ? [...auth.scopes] : typeof tokens.scope === "string" ? splitScopes(tokens.scope) : [...tokens.scope];
    const expiresAt = expiryAfter(tokens.expiresIn, this.now());
    const named = account ?? (await this.readAccount(provider, auth, tokens.accessToken));
    await this.saveOAuth2Connection(userId, provider, { ...tokens, ...(expiresAt ? { expiresAt } : {}) }, scopes, named);
    this.logger.info("account connected with adopted tokens", { userId, provider });
    return this.connection(userId, provider);
  }

  /**
   * Keeps a user's OAuth 1.0a token of a provider that moved to OAuth 2.0 (declared `legacyOAuth1`) as their
   * connection until the retirement day. `verify` gets a client signed with the token and returns the account;
   * when it throws, nothing is stored. An active OAuth 2.0 connection is never replaced by a legacy one.
   */
  async adoptLegacyOAuth1Token(
    userId: string,
    provider: string,
    tokens: { token: string; tokenSecret: string },
    options: { verify?: (http: HttpClient) => Promise<string | undefined>; now?: Date; signal?: AbortSignal; remember?: (v: string | undefined) => void } = {},
  ): Promise<ConnectionInfo> {
    const auth = this.declaration(provider);
    const legacy = auth.kind === "oauth2" ? auth.legacyOAuth1 : undefined;
    if (!legacy) throw new CommandError("INVALID_INPUT", `${provider} takes no OAuth 1.0a tokens.`, { details: { provider } });
    if (!tokens.token || !tokens.tokenSecret) throw new CommandError("INVALID_INPUT", "Both the OAuth 1.0a token and its secret are needed.", { details: { provider } });
    const remember = options.remember ?? (() => undefined);
    remember(tokens.token);
    remember(tokens.tokenSecret);
    if (isLegacyRetired(legacy, options.now ?? this.now()))
      throw new CommandError("INVALID_INPUT", `${provider} retired OAuth 1.0a on ${legacy.usableUntil}; connect with \`agx connect ${provider}\` (OAuth 2.0) instead.`, {
        details: { provider },
      });
    const existing = await this.store.getConnection(userId, provider);
    if (existing?.kind === "oauth2" && existing.status === "active")
      throw new CommandError("CONFLICT", `You are already connected to ${provider} with OAuth 2.0, which replaces OAuth 1.0a tokens.`, { details: { provider } });
    const sealed = { accessToken: tokens.token, tokenSecret: tokens.tokenSecret };
    let account: string | undefined;
    if (options.verify) {
      const secrets = new Set(Object.values(sealed));
      const trial = createHttpClient({
        provider,
        policy: this.httpPolicy(provider),
        authorizer: this.legacySigner(provider, legacy, sealed, (v) => {
          if (v) secrets.add(v);
          remember(v);
        }),
        secrets: () => secrets,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      account = await options.verify(trial);
    }
    await this.store.saveConnection({ userId, provider, kind: "oauth1", status: "active", scopes: [], tokens: sealed, ...(account ? { account } : {}) });
    this.logger.info("legacy OAuth 1.0a token adopted", { userId, provider });
    return this.connection(userId, provider);
  }

  /** Stores a per-user secret (an API key or a credentials field) of a provider. */
  async setSecret(userId: string, provider: string, name: string, value: string): Promise<void> {
    const auth = this.declaration(provider);
    const names = vaultSettingNames(auth);
    if (!names.includes(name))
      throw new CommandError("INVALID_INPUT", `${provider} keeps no secret named ${name}; it takes ${names.length ? names.join(", ") : "none"}.`, {
        details: { provider, allowed: [...names] },
      });
    if (!value) throw new CommandError("INVALID_INPUT", `The value of ${name} is empty.`);
    await this.store.setSecret(userId, provider, name, value);
  }

  async secret(userId: string, provider: string, name: string): Promise<string | undefined> {
    return this.store.getSecret(userId, provider, name);
  }

  /**
   * The begin / complete / list surface the host's HTTP routes take (`ConnectionsService` in the host):
   * `GET /v1/connections/:provider/authorize` and `GET /oauth/:provider/callback` build on it.
   */
  connectionsService(): {
    begin(userId: string, provider: string, redirectUri: string): Promise<string>;
    complete(state: string, callback: CallbackParams): Promise<ConnectionInfo>;
    list(userId: string): Promise<ConnectionInfo[]>;
  } {
    return {
      begin: async (userId, provider, redirectUri) => (await this.begin(userId, provider, { redirectUri })).url,
      // The redirect URI sent to the token endpoint is the one stored with the state at begin.
      complete: (state, callback) => this.complete(state, callback),
      list: (userId) => this.connections(userId),
    };
  }

  // ---- internals ----

  private get store(): VaultStore {
    if (!this.vault) throw new Error("The auth module is not started yet: start the host first.");
    return this.vault;
  }

  private get tokens(): TokenManager {
    if (!this.tokenManager) throw new Error("The auth module is not started yet: start the host first.");
    return this.tokenManager;
  }

  /** Per-attempt timeout of a provider's requests, host-wide settings first. */
  private timeoutMs(provider: string): number {
    return httpTimeoutMs(provider, this.options.settings, this.options.http?.timeoutMs ?? DEFAULT_HTTP_POLICY.timeoutMs);
  }

  private httpPolicy(provider: string): Partial<HttpPolicy> {
    return { ...this.options.http, timeoutMs: this.timeoutMs(provider) };
  }

  private addProvider(extension: LoadedExtension): void {
    const auth = asAuthKind(extension.definition.auth);
    if (!auth) return;
    const provider = providerOf(extension);
    const known = this.providerMap.get(provider);
    if (!known) {
      this.providerMap.set(provider, { auth, extensions: [extension.definition.id] });
      return;
    }
    known.extensions.push(extension.definition.id);
    if (known.auth.kind !== auth.kind) {
      this.logger.warn("extensions declare one provider with different auth kinds; the first wins", { provider, extension: extension.definition.id });
      return;
    }
    // Extensions sharing an OAuth 2.0 provider share one grant: ask for every scope any of them needs.
    if (known.auth.kind === "oauth2" && auth.kind === "oauth2")
      known.auth = { ...known.auth, scopes: [...new Set([...known.auth.scopes, ...auth.scopes])], scopeGroups: mergeGroups(known.auth.scopeGroups, auth.scopeGroups) };
  }

  private declaration(provider: string): AuthKind {
    const found = this.providerMap.get(provider)?.auth;
    if (found) return found;
    const names = [...this.providerMap.keys()];
    const close = closestNames(provider, names);
    throw new CommandError(
      "NOT_FOUND",
      `No installed extension connects to "${provider}".${close.length ? ` Did you mean ${close.join(", ")}?` : names.length ? ` Known: ${names.join(", ")}.` : ""}`,
      { details: { provider, suggestions: close } },
    );
  }

  private defaultRedirectUri(provider: string): string {
    const base = this.options.publicUrl?.trim();
    if (!base)
      throw new CommandError("NOT_CONFIGURED", "AGX_PUBLIC_URL is not set: it is the address providers send users back to (e.g. https://agx.example.com).", {
        details: { missing: ["AGX_PUBLIC_URL"] },
      });
    return `${base.replace(/\/+$/, "")}/oauth/${encodeURIComponent(provider)}/callback`;
  }

  /** Stores an OAuth 2.0 token set as the user's active connection (a connect flow or adopted tokens). */
  private async saveOAuth2Connection(userId: string, provider: string, tokens: TokenResponse, scopes: string[], account: string | undefined): Promise<void> {
    await this.store.saveConnection({
      userId,
      provider,
      kind: "oauth2",
      status: "active",
      scopes,
      tokens: { accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}), ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}) },
      ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
      ...(account ? { account } : {}),
    });
  }

  private consumer(provider: string, auth: OAuth1Auth) {
    const { id, secret } = clientCredentials(provider, auth.consumerKeySetting, auth.consumerSecretSetting, this.options.settings);
    return { consumerKey: id, consumerSecret: secret };
  }

  private async readAccount(provider: string, auth: OAuth2Auth, accessToken: string): Promise<string | undefined> {
    const url = oauth2Endpoints(provider, auth, this.options.settings).userInfoUrl;
    if (!url) return undefined;
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" }, signal: AbortSignal.timeout(this.timeoutMs(provider)) });
      if (!response.ok) return undefined;
      const body = (await response.json()) as Record<string, unknown>;
      const value = body[auth.userInfo?.accountField ?? "email"] ?? body.sub ?? body.id;
      return value === undefined || value === null ? undefined : String(value);
    } catch {
      return undefined; // naming the account is a courtesy; the connection works without it
    }
  }

  private async revokeAtProvider(provider: string, auth: OAuth2Auth, stored: StoredConnection): Promise<void> {
    const url = oauth2Endpoints(provider, auth, this.options.settings).revokeUrl;
    if (!url) return;
    const client = clientCredentials(provider, auth.clientIdSetting, auth.clientSecretSetting, this.options.settings);
    const token = stored.tokens.refreshToken ?? stored.tokens.accessToken;
    const form = new URLSearchParams({ token, token_type_hint: stored.tokens.refreshToken ? "refresh_token" : "access_token" });
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (auth.clientAuth === "basic")
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`;
    else {
      form.set("client_id", client.id);
      form.set("client_secret", client.secret);
    }
    const response = await fetch(url, { method: "POST", headers, body: form, signal: AbortSignal.timeout(this.timeoutMs(provider)) });
    if (!response.ok) throw new Error(`the revocation endpoint answered ${response.status}`);
  }

  /** Signs with a legacy OAuth 1.0a token of an OAuth 2.0 provider, using the consumer from the legacy settings. */
  private legacySigner(provider: string, legacy: LegacyOAuth1, tokens: TokenSet, remember: (v: string | undefined) => void): HttpAuthorizer {
    return oauth1Authorizer(async () => {
      const { id, secret } = clientCredentials(provider, legacy.consumerKeySetting, legacy.consumerSecretSetting, this.options.settings);
      remember(secret);
      remember(tokens.accessToken);
      remember(tokens.tokenSecret);
      return { consumerKey: id, consumerSecret: secret, token: tokens.accessToken, tokenSecret: tokens.tokenSecret ?? "" };
    });
  }

  private callService(
    userId: string,
    provider: string,
    auth: AuthKind | undefined,
    remember: (v: string | undefined) => void,
    context: { now(): Date; signal: AbortSignal },
  ): AuthService {
    const requireDeclared = () => {
      if (!auth) throw new CommandError("INTERNAL", `Extension for ${provider} declares no auth, so it has no credentials.`);
      return auth;
    };
    return {
      provider,
      kind: auth?.kind,
      accessToken: async () => {
        if (requireDeclared().kind !== "oauth2") throw new CommandError("INTERNAL", `${provider} does not use OAuth 2.0 access tokens.`);
        const token = await this.tokens.accessToken(userId, provider);
        remember(token);
        return token;
      },
      connection: async () => {
        requireDeclared();
        return this.connection(userId, provider);
      },
      secret: async (name) => {
        const declared = requireDeclared();
        const value = await this.store.getSecret(userId, provider, name);
        if (isSecretSetting(declared, name)) remember(value);
        return value;
      },
      setSecret: async (name, value) => {
        if (isSecretSetting(requireDeclared(), name)) remember(value);
        await this.store.setSecret(userId, provider, name, value);
      },
      deleteSecret: async (name) => {
        requireDeclared();
        await this.store.deleteSecret(userId, provider, name);
      },
      adoptTokens: async (tokens, account) => {
        requireDeclared();
        remember(tokens.accessToken);
        remember(tokens.refreshToken);
        return this.adoptTokens(userId, provider, tokens, account);
      },
      adoptLegacyOAuth1Token: async (tokens, verify) => {
        requireDeclared();
        return this.adoptLegacyOAuth1Token(userId, provider, tokens, { ...(verify ? { verify } : {}), now: context.now(), signal: context.signal, remember });
      },
    };
  }

  private buildClient(
    userId: string,
    provider: string,
    auth: AuthKind | undefined,
    scope: { settings: Readonly<Record<string, unknown>>; context?: { signal: AbortSignal; now?: () => Date }; signal?: AbortSignal },
    remember: (v: string | undefined) => void,
    secrets: Set<string>,
  ): HttpClient {
    let authorizer: HttpAuthorizer | undefined;
    if (auth?.kind === "oauth2") {
      remember(this.options.settings.get(auth.clientSecretSetting));
      const bearer = bearerAuthorizer(async (rejected) => {
        const token = await this.tokens.accessToken(userId, provider, rejected === undefined ? {} : { rejected });
        remember(token);
        return token;
      });
      const legacy = auth.legacyOAuth1;
      authorizer = legacy
        ? legacyAwareAuthorizer({
            provider,
            legacy,
            bearer,
            connection: () => this.tokens.connection(userId, provider),
            signer: (connection) => this.legacySigner(provider, legacy, connection.tokens, remember),
            now: () => scope.context?.now?.() ?? this.now(),
          })
        : bearer;
    } else if (auth?.kind === "apiKey") {
      authorizer = apiKeyAuthorizer(auth, () => stringOrUndefined(scope.settings[auth.setting]), provider);
    } else if (auth?.kind === "oauth1") {
      authorizer = oauth1Authorizer(async () => {
        const connection = await this.tokens.connection(userId, provider);
        if (!connection.tokens.tokenSecret && connection.kind !== "oauth1") throw notConnected(provider, `Your ${provider} connection is not an OAuth 1.0a one.`);
        remember(connection.tokens.accessToken);
        remember(connection.tokens.tokenSecret);
        const consumer = this.consumer(provider, auth);
        remember(consumer.consumerSecret);
        return { ...consumer, token: connection.tokens.accessToken, tokenSecret: connection.tokens.tokenSecret ?? "" };
      });
    }
    const signal = scope.signal ?? scope.context?.signal;
    return createHttpClient({
      provider,
      policy: this.httpPolicy(provider),
      ...(authorizer ? { authorizer } : {}),
      ...(auth?.retryable ? { retryable: auth.retryable } : {}),
      secrets: () => secrets,
      ...(signal ? { signal } : {}),
    });
  }
}

function providerOf(extension: LoadedExtension): string {
  return extension.definition.auth?.provider ?? extension.definition.id;
}

function mergeGroups(a: OAuth2Auth["scopeGroups"], b: OAuth2Auth["scopeGroups"]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const groups of [a ?? {}, b ?? {}]) for (const [name, scopes] of Object.entries(groups)) out[name] = [...new Set([...(out[name] ?? []), ...scopes])];
  return out;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function describeConnection(stored: Omit<StoredConnection, "tokens">): ConnectionInfo {
  return {
    userId: stored.userId,
    provider: stored.provider,
    kind: stored.kind,
    status: stored.status === "broken" ? "broken" : "connected",
    scopes: stored.scopes,
    ...(stored.expiresAt ? { expiresAt: stored.expiresAt.toISOString() } : {}),
    ...(stored.account ? { account: stored.account } : {}),
    ...(stored.brokenReason ? { brokenReason: stored.brokenReason } : {}),
    updatedAt: stored.updatedAt.toISOString(),
  };
}

/** Creates the auth module; register it after the database module. */
export function createAuthModule(options: AuthModuleOptions): AuthModule {
  return new AuthModule(options);
}
