import { AUTH, CommandError, HTTP } from "@agx-ext/core";
import { type CallScope, type ExtensionManifest, type LoadedExtension, type ServiceModule, type SettingValues } from "@agx-ext/core/host";
import { adoptLegacyOAuth1Token, adoptTokens, type AdoptLegacyOptions } from "./adopt.js";
import { accountLabel, DEFAULT_ACCOUNT, singleCredentialSet } from "./accounts.js";
import { AuthContext } from "./auth-context.js";
import { createCallService } from "./call-service.js";
import { ConnectionMemo } from "./connection-memo.js";
import { buildClient, hostHttpClient } from "./client-factory.js";
import { beginConnect, completeConnect, type BeginOptions, type BeginResult, type CallbackParams, type CompleteOptions } from "./connect-flow.js";
import { asAuthKind, hostSecretSettingNames, secretSettingNames, vaultSettingNames } from "./declarations.js";
import { DeferredTokenWrites } from "./deferred-token-writes.js";
import { disconnect } from "./disconnect.js";
import type { HttpClient } from "./http/client.js";
import { loadedGot, loadGot } from "./http/got-library.js";
import { keepAlive, type KeepAliveReport } from "./keep-alive.js";
import { connectionOf, listConnections, listProviders, type ProviderInfo } from "./listings.js";
import type { AuthModuleOptions } from "./module-options.js";
import { providerOf } from "./provider-registry.js";
import { missingSettingsHint } from "./settings-hint.js";
import type { AdoptedTokens, ConnectionInfo } from "./service.js";
import { statusWebhook } from "./status-webhook.js";
import { connectionKey, TokenManager, type ConnectionStatusChange } from "./tokens.js";
import { readUserSecret, setUserSecret } from "./user-secrets.js";
import { VaultCipher } from "./vault/cipher.js";
import { authEntities } from "./vault/entities.js";
import { AUTH_MIGRATIONS } from "./migrations-folder.js";
import { loadSecretKey, parsePreviousKeys } from "./vault/key.js";
import { VaultKeyring } from "./vault/keyring.js";
import type { RotationReport } from "./vault/rotation.js";
import { RefreshLeases } from "./vault/refresh-leases.js";
import { MikroOrmVaultStore, type VaultDatabase } from "./vault/store.js";

/** Most reads ahead of calls kept for the call that follows (each is taken within milliseconds). */
const READ_AHEAD_LIMIT = 1_000;

/**
 * The auth service module: keeps the vault, runs connect flows, and gives each command call its
 * AUTH service and an authorized HTTP client. The work lives in the files it imports; this class wires them.
 */
export class AuthModule implements ServiceModule {
  readonly name = "auth";
  private readonly ctx: AuthContext;
  private readonly tokenWrites: DeferredTokenWrites;
  /** The connection read ahead of a call (refreshAhead), handed to that call's memo so it is not read twice. */
  private readonly readAhead = new Map<string, ConnectionMemo>();
  private readonly listeners: Array<(change: ConnectionStatusChange) => void> = [];
  private vault: MikroOrmVaultStore | undefined;
  private webhook: ((change: ConnectionStatusChange) => void) | undefined;

  constructor(options: AuthModuleOptions) {
    this.ctx = new AuthContext(options);
    this.tokenWrites = new DeferredTokenWrites(this.ctx.logger);
    // Before the database starts, so its start applies auth's migrations (which create the vault tables).
    options.database.registerSystemEntities(authEntities, AUTH_MIGRATIONS);
  }

  async start(_imported: readonly LoadedExtension[], installed: readonly ExtensionManifest[]): Promise<void> {
    const { ctx } = this;
    const { options } = ctx;
    ctx.providers.clear();
    for (const extension of installed) ctx.providers.add(extension);
    const { key, origin, file } = await loadSecretKey({ hostDir: options.hostDir, ...(options.secretKey ? { secretKey: options.secretKey } : {}) });
    if (origin === "generated") ctx.logger.warn("generated a new vault key; back it up or set AGX_SECRET_KEY", { file });
    // Read first: a webhook URL without a secret stops the start before anything else happens.
    const webhook = statusWebhook(options.settings, ctx.logger, ctx.now);
    this.webhook = webhook;
    const keyring = new VaultKeyring(key, parsePreviousKeys(options.previousSecretKeys));
    const database = options.database as VaultDatabase;
    // SQLite has no advisory locks: processes sharing a file take turns refreshing an account through a lease row.
    const leases =
      database.dialect === "sqlite"
        ? new RefreshLeases({ transaction: (fn) => database.transaction(fn), unavailable: () => this.tokenWrites.writer() !== undefined, logger: ctx.logger })
        : undefined;
    const store = new MikroOrmVaultStore(database, new VaultCipher(keyring), undefined, false, leases);
    await store.checkKey();
    const tokens = new TokenManager({
      store,
      settings: options.settings,
      oauth2: (provider) => {
        const auth = ctx.providers.find(provider);
        return auth?.kind === "oauth2" ? auth : undefined;
      },
      now: ctx.now,
      refreshSkewMs: (options.refreshSkewSeconds ?? 60) * 1000,
      ...(options.refreshCooldownSeconds !== undefined ? { cooldownMs: options.refreshCooldownSeconds * 1000 } : {}),
      ...(options.random ? { random: options.random } : {}),
      onStatusChange: (change) => this.statusChanged(change),
      timeoutMs: (provider) => ctx.timeoutMs(provider),
      maxBodyBytes: (provider) => ctx.maxBodyBytes(provider),
      deferredWriter: () => this.tokenWrites.writer(),
    });
    ctx.attach({ vault: store, tokens });
    this.vault = store;
  }

  /**
   * The keep-alive job: refreshes OAuth 2.0 connections not refreshed within their provider's `keepAliveDays`,
   * so an idle refresh token does not lapse. Run it on a schedule (the host's job engine does, daily).
   */
  keepAlive(): Promise<KeepAliveReport> {
    return keepAlive(this.ctx);
  }

  /**
   * Re-seals every vault value under the current key (AGX_SECRET_KEY), `batchSize` rows per transaction. Values
   * open with the current key or any in AGX_SECRET_KEY_PREVIOUS. Resumable (a second run continues where one stopped)
   * and safe while other hosts serve: a row another host changed meanwhile is left for the next run.
   */
  rotateVault(options: { batchSize?: number; onBatch?: (report: RotationReport) => void } = {}): Promise<RotationReport> {
    if (!this.vault) throw new Error("The auth module is not started yet: start the host first.");
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
      throw new CommandError("INVALID_INPUT", `The batch size must be a whole number from 1 to 10000, got ${batchSize}.`, { details: { batchSize } });
    return this.vault.rotate(batchSize, options.onBatch);
  }

  /** Every status change is logged (never a token: the reason and last error are scrubbed messages). */
  private statusChanged(change: ConnectionStatusChange): void {
    const level = change.to === "active" ? "info" : "warn";
    this.ctx.logger[level]("connection status changed", {
      userId: change.userId,
      provider: change.provider,
      account: change.account,
      from: change.from,
      to: change.to,
      reason: change.reason,
      at: change.at.toISOString(),
      ...(change.lastError ? { lastError: change.lastError.code } : {}),
    });
    this.webhook?.(change);
    for (const listener of this.listeners) listener(change);
  }

  /** Calls `listener` on every connection status change this host makes (webhooks, metrics). */
  onStatusChange(listener: (change: ConnectionStatusChange) => void): void {
    this.listeners.push(listener);
  }

  async stop(): Promise<void> {
    await this.tokenWrites.settle();
    this.ctx.attach(undefined);
    this.vault = undefined;
  }

  /** Providers declared by the loaded extensions. */
  providers(): ProviderInfo[] {
    return listProviders(this.ctx.providers);
  }

  /** Per-user API keys and credentials fields, fed to the settings check so the extension sees them. */
  async userSettings(userId: string, extension: LoadedExtension, account?: string): Promise<SettingValues> {
    const auth = asAuthKind(extension.definition.auth);
    if (!auth) return {};
    const provider = providerOf(extension);
    if (auth.kind === "oauth2") {
      await this.refreshAhead(userId, provider, account);
      return {};
    }
    if (auth.kind !== "oauth1") singleCredentialSet(provider, account);
    return this.ctx.store.getSecrets(userId, provider, vaultSettingNames(auth));
  }

  /**
   * For a NOT_CONFIGURED answer: how the user supplies missing settings the vault holds per user (`agx connect
   * <provider>`), or undefined when none of them is. Core's settings check can put this in place of "set it as an
   * environment variable", which would make a password host-wide.
   */
  missingSettingsHint(extension: LoadedExtension, missing: readonly string[]): string | undefined {
    return missingSettingsHint(extension, missing);
  }

  /**
   * The runtime asks for user settings before the call's database transaction opens, so a token due for
   * refresh is refreshed here: the rotated refresh token is then committed on its own, even if the call
   * fails and its transaction rolls back (on SQLite every write inside a call joins that transaction).
   */
  private async refreshAhead(userId: string, provider: string, account: string | undefined): Promise<void> {
    const memo = new ConnectionMemo();
    try {
      await this.ctx.tokens.accessToken(userId, provider, { memo, ...(account === undefined ? {} : { account }) });
      // Only a guard against growth: entries are taken by the call that follows within milliseconds.
      if (this.readAhead.size >= READ_AHEAD_LIMIT) this.readAhead.clear();
      this.readAhead.set(connectionKey(userId, provider, account ?? ""), memo);
    } catch (error) {
      // Not connected, revoked, provider down: the call reports it when it needs the token.
      this.ctx.logger.debug("token refresh ahead of the call did not succeed", { userId, provider, code: (error as { code?: string }).code });
    }
  }

  around<T>(scope: CallScope, next: () => Promise<T>): Promise<T> {
    // The call's HTTP client is built while core injects the extension, synchronously: got must be loaded first.
    if (!loadedGot()) return loadGot().then(() => this.around(scope, next));
    const auth = asAuthKind(scope.extension.definition.auth);
    const provider = providerOf(scope.extension);
    const userId = scope.context.userId;
    // The call's `account` input (core takes it out of the command's input): which of the user's accounts it uses.
    const account = scope.context.account;
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
    // Client and consumer secrets go to the provider on refreshes too, which any call may cause.
    for (const name of auth ? hostSecretSettingNames(auth) : []) remember(this.ctx.options.settings.get(name));
    // The call's provider requests read the connection (a database round trip and a decryption) once, not per request:
    // the read made ahead of the call when there was one (its memo forgets it after a few seconds).
    const aheadKey = connectionKey(userId, provider, account ?? "");
    const memo = this.readAhead.get(aheadKey) ?? new ConnectionMemo();
    this.readAhead.delete(aheadKey);
    const ref = { userId, provider, account, memo };
    scope.container.register(AUTH, { useValue: createCallService(this.ctx, ref, auth, remember, scope.context) });
    // Built on first injection only: many commands (database-only ones) never make an HTTP call.
    scope.provide(HTTP, () => buildClient(this.ctx, ref, auth, scope, remember, secrets));
    // On SQLite every write inside such a call joins its transaction; token writes must outlive a rollback.
    const joinsCallTransaction = this.ctx.options.database.dialect === "sqlite" && (scope.extension.definition.entities?.length ?? 0) > 0;
    return this.tokenWrites.run(joinsCallTransaction, next);
  }

  /**
   * An authorized HTTP client outside a command call (host routes, scripts); the user's stored keys win over host-wide
   * ones. `account` picks one of the user's accounts at the provider (default: their default account).
   */
  httpClient(userId: string, provider: string, signal?: AbortSignal, account?: string): Promise<HttpClient> {
    return hostHttpClient(this.ctx, { userId, provider, account: accountLabel(account) }, signal);
  }

  /** A valid access token for one of the user's accounts at a provider (default: their default account), refreshed when due. */
  accessToken(userId: string, provider: string, account?: string): Promise<string> {
    this.ctx.providers.declaration(provider);
    const label = accountLabel(account);
    return this.ctx.tokens.accessToken(userId, provider, label === undefined ? {} : { account: label });
  }

  /** Starts a connect flow: the URL to send the user to. */
  begin(userId: string, provider: string, options: BeginOptions = {}): Promise<BeginResult> {
    return beginConnect(this.ctx, userId, provider, options);
  }

  /** Finishes a connect flow from the callback: checks the state, exchanges the code, stores the tokens. */
  complete(state: string, params: CallbackParams, options: CompleteOptions = {}): Promise<ConnectionInfo> {
    return completeConnect(this.ctx, state, params, options);
  }

  /** One of a user's accounts at a provider (default: their default account), without tokens. */
  connection(userId: string, provider: string, account?: string): Promise<ConnectionInfo> {
    return connectionOf(this.ctx, userId, provider, accountLabel(account));
  }

  /** Makes one of the user's accounts their default for the provider (the one calls use when they name none). */
  async setDefaultAccount(userId: string, provider: string, account: string): Promise<ConnectionInfo> {
    this.ctx.providers.declaration(provider);
    const label = accountLabel(account) ?? DEFAULT_ACCOUNT;
    if (!(await this.ctx.store.setDefault(userId, provider, label))) await this.ctx.tokens.connection(userId, provider, label); // NOT_CONNECTED naming the accounts
    this.ctx.logger.info("default account changed", { userId, provider, account: label });
    return connectionOf(this.ctx, userId, provider, label);
  }

  /** Every stored connection and secret-based credential (no values), optionally for one user. */
  connections(userId?: string): Promise<ConnectionInfo[]> {
    return listConnections(this.ctx, userId);
  }

  /**
   * Forgets one of a user's accounts at a provider (default: their default account; another account then becomes the
   * default), or their API key / credentials; revokes the grant at the provider when it has an endpoint for it.
   */
  disconnect(userId: string, provider: string, account?: string): Promise<boolean> {
    return disconnect(this.ctx, userId, provider, accountLabel(account));
  }

  /**
   * Stores an OAuth 2.0 token set obtained outside the browser flow (e.g. a provider's OAuth 1.0a -> 2.0
   * token exchange) as the user's connection. The account is read from the userInfo endpoint when not given.
   */
  adoptTokens(userId: string, provider: string, tokens: AdoptedTokens, account?: string, options: { label?: string } = {}): Promise<ConnectionInfo> {
    const label = accountLabel(options.label);
    return adoptTokens(this.ctx, userId, provider, tokens, account, label === undefined ? {} : { label });
  }

  /**
   * Keeps a user's OAuth 1.0a token of a provider that moved to OAuth 2.0 (declared `legacyOAuth1`) as their
   * connection until the retirement day. `verify` gets a client signed with the token and returns the account;
   * when it throws, nothing is stored. An active OAuth 2.0 connection is never replaced by a legacy one.
   */
  adoptLegacyOAuth1Token(
    userId: string,
    provider: string,
    tokens: { token: string; tokenSecret: string },
    options: AdoptLegacyOptions = {},
  ): Promise<ConnectionInfo> {
    return adoptLegacyOAuth1Token(this.ctx, userId, provider, tokens, options);
  }

  /** Stores a per-user secret (an API key or a credentials field) of a provider. */
  setSecret(userId: string, provider: string, name: string, value: string): Promise<void> {
    return setUserSecret(this.ctx, userId, provider, name, value);
  }

  async secret(userId: string, provider: string, name: string): Promise<string | undefined> {
    return readUserSecret(this.ctx, userId, provider, name);
  }

  /**
   * The begin / complete / list surface the host's HTTP routes take (`ConnectionsService` in the host):
   * `GET /v1/connections/:provider/authorize` and `GET /oauth/:provider/callback` build on it.
   */
  connectionsService(): {
    begin(userId: string, provider: string, redirectUri: string, account?: string): Promise<string>;
    complete(state: string, callback: CallbackParams): Promise<ConnectionInfo>;
    list(userId: string): Promise<ConnectionInfo[]>;
  } {
    return {
      begin: async (userId, provider, redirectUri, account) =>
        (await this.begin(userId, provider, { redirectUri, ...(account === undefined ? {} : { account }) })).url,
      // The redirect URI sent to the token endpoint is the one stored with the state at begin.
      complete: (state, callback) => this.complete(state, callback),
      list: (userId) => this.connections(userId),
    };
  }
}

/** Creates the auth module; register it after the database module. */
export function createAuthModule(options: AuthModuleOptions): AuthModule {
  return new AuthModule(options);
}
