import { CommandError } from "@agx-ext/core";
import { type SettingsSource } from "@agx-ext/core/host";
import type { OAuth2Auth } from "./declarations.js";
import { notConnected, unreadableCredentials } from "./errors.js";
import { TokenClient, type TokenResponse } from "./oauth2/token-client.js";
import { clientCredentials, oauth2Endpoints, tokenParams } from "./provider-config.js";
import { SingleFlight } from "./single-flight.js";
import { cooldownMs, isDue } from "./refresh-policy.js";
import { VaultKeyError } from "./vault/cipher.js";
import type { ConnectionMemo } from "./connection-memo.js";
import type { RefreshFailure, StatusChange, StoredConnection, TokenSet, VaultStore } from "./vault/store.js";

export interface TokenManagerOptions {
  store: VaultStore;
  settings: SettingsSource;
  /** OAuth 2.0 declaration of a provider, or undefined when it is not an OAuth 2.0 provider. */
  oauth2: (provider: string) => OAuth2Auth | undefined;
  now: () => Date;
  /** The largest refresh margin: a token is refreshed min(this, 10 % of its lifetime) (plus jitter) before expiry. */
  refreshSkewMs: number;
  /** After a failed refresh, calls get the stored error for this long; default 30 s. */
  cooldownMs?: number;
  /** Per-attempt timeout of a provider's token requests. */
  timeoutMs: (provider: string) => number;
  /** Most bytes read from one token endpoint answer of a provider. */
  maxBodyBytes: (provider: string) => number;
  /**
   * When a token write now would join a command call's transaction (and be lost if the call fails), a
   * function that runs the write after that transaction instead; otherwise undefined (write at once).
   */
  deferredWriter?: () => ((write: () => Promise<void>) => Promise<void>) | undefined;
  /** Told of every status change this process makes (logged and notified by the caller). */
  onStatusChange?: (change: ConnectionStatusChange) => void;
  /** Jitter source (tests make it fixed). */
  random?: () => number;
}

/** One connection's status change, as logs and notifications report it. */
export interface ConnectionStatusChange {
  userId: string;
  provider: string;
  /** The account's label ("default" when it has no name). */
  account: string;
  from: StoredConnection["status"];
  to: StoredConnection["status"];
  reason: string;
  at: Date;
  lastError?: RefreshFailure;
}

export interface AccessTokenOptions {
  /** Which of the user's accounts (its label); the default account when absent. */
  account?: string;
  /** The token a provider just refused with 401: refresh unless the vault already holds a newer one. */
  rejected?: string;
  /** Gets every token this hands out or uses (access and refresh, before and after a refresh): the call's secret set. */
  remember?: (value: string | undefined) => void;
  /** Refresh even if the token is not due (keep-alive of an idle refresh token). */
  force?: boolean;
  /** The command call's earlier reads of the connection, reused instead of reading the vault again. */
  memo?: ConnectionMemo;
}

/** Hands out valid access tokens: refreshes before expiry or after a 401, one refresh per account at a time. */
export class TokenManager {
  private readonly flights = new SingleFlight();
  /** Refreshed connections whose write waits for a call's transaction to end: the newest truth in this process. */
  private readonly unwritten = new Map<string, StoredConnection>();

  constructor(private readonly options: TokenManagerOptions) {}

  tokenClient(provider: string): TokenClient {
    const auth = this.options.oauth2(provider);
    if (!auth) throw new CommandError("NOT_FOUND", `${provider} is not an OAuth 2.0 provider of this host.`, { details: { provider } });
    return new TokenClient({
      provider,
      auth,
      endpoints: oauth2Endpoints(provider, auth, this.options.settings),
      client: clientCredentials(provider, auth.clientIdSetting, auth.clientSecretSetting, this.options.settings),
      exchangeParams: tokenParams(provider, auth.extraTokenParams, this.options.settings),
      refreshParams: tokenParams(provider, auth.extraRefreshParams, this.options.settings),
      timeoutMs: this.options.timeoutMs(provider),
      maxBodyBytes: this.options.maxBodyBytes(provider),
      now: this.options.now,
    });
  }

  /** True while this process refreshes the connection (the transient `refreshing` state). */
  isRefreshing(userId: string, provider: string, label: string): boolean {
    return this.flights.has(connectionKey(userId, provider, label));
  }

  /**
   * A usable connection (tokens included) of one account (by label; the user's default account when undefined),
   * or NOT_CONNECTED saying why; an account the user does not have is named, with the ones they do have.
   */
  async connection(
    userId: string,
    provider: string,
    account?: string,
    store: VaultStore = this.options.store,
    memo?: ConnectionMemo,
  ): Promise<StoredConnection> {
    const pending = account === undefined ? undefined : this.unwritten.get(connectionKey(userId, provider, account));
    const read = pending ?? (await this.readThrough(store, userId, provider, account, memo));
    const connection = (read && this.unwritten.get(connectionKey(userId, provider, read.label))) ?? read;
    if (!connection)
      throw account === undefined ? notConnected(provider, `You have not connected ${provider} yet.`) : await unknownAccount(store, userId, provider, account);
    if (connection.status === "needs_reauth")
      throw notConnected(
        provider,
        `Your ${provider} connection${connection.isDefault ? "" : ` (account "${connection.label}")`} stopped working${connection.statusReason ? ` (${connection.statusReason})` : ""}.`,
        { status: "needs_reauth", account: connection.label },
      );
    return connection;
  }

  async accessToken(userId: string, provider: string, options: AccessTokenOptions = {}): Promise<string> {
    const connection = await this.connection(userId, provider, options.account, this.options.store, options.memo);
    rememberTokens(options.remember, connection.tokens);
    if (!this.needsRefresh(connection, options)) return connection.tokens.accessToken;
    const cooling = this.cooling(connection, options);
    if (cooling) return cooling;
    // Callers sharing one refresh each register its tokens, not only the caller that started it.
    const { label } = connection;
    // The call's next request reads the refreshed connection (once) instead of the one it had.
    options.memo?.clear();
    const tokens = await this.flights.run(connectionKey(userId, provider, label), () => this.refresh(userId, provider, label, options));
    options.memo?.clear();
    rememberTokens(options.remember, tokens);
    return tokens.accessToken;
  }

  private needsRefresh(connection: StoredConnection, options: AccessTokenOptions): boolean {
    if (options.force) return true;
    if (options.rejected !== undefined) return connection.tokens.accessToken === options.rejected;
    if (!connection.expiresAt) return false;
    return isDue(connection.expiresAt, connection.refreshedAt, this.options.now(), this.options.refreshSkewMs, this.options.random);
  }

  /**
   * During the cooldown after a failed refresh: the still-valid access token when there is one, else throws the
   * stored error without asking the provider. Undefined when there is no cooldown.
   */
  private cooling(connection: StoredConnection, options: AccessTokenOptions): string | undefined {
    const now = this.options.now().getTime();
    if (!connection.retryAt || connection.retryAt.getTime() <= now) return undefined;
    // A token the provider just refused is no use, even before its expiry.
    const stillValid = options.rejected === undefined && (!connection.expiresAt || connection.expiresAt.getTime() > now);
    if (stillValid) return connection.tokens.accessToken;
    throw storedFailure(connection, now);
  }

  private async refresh(userId: string, provider: string, label: string, options: AccessTokenOptions): Promise<TokenSet> {
    const outcome = await this.options.store.withRefreshLock(userId, provider, label, async (store): Promise<RefreshOutcome> => {
      // Read again under the lock: another caller or host may have refreshed (or failed to) meanwhile.
      const current = await this.connection(userId, provider, label, store);
      if (!this.needsRefresh(current, options)) return { tokens: current.tokens };
      if (this.cooling(current, options)) return { tokens: current.tokens };
      const refreshToken = current.tokens.refreshToken;
      if (!refreshToken) {
        const refusal = notConnected(provider, `Your ${provider} access expired and ${provider} issued no refresh token.`, { status: "needs_reauth" });
        return this.fail(store, current, { status: "needs_reauth", reason: "the access token expired and the provider gave no refresh token" }, refusal);
      }
      let fresh: TokenResponse;
      try {
        fresh = await this.tokenClient(provider).refresh(refreshToken);
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        if (error.code === "NOT_CONNECTED")
          return this.fail(store, current, { status: "needs_reauth", reason: "the provider refused the refresh token (invalid_grant)" }, error);
        return this.degrade(store, current, error);
      }
      const now = this.options.now();
      const next: StoredConnection = {
        ...current,
        status: "active",
        statusReason: current.status === "active" ? current.statusReason : "refreshed",
        statusChangedAt: current.status === "active" ? current.statusChangedAt : now,
        refreshedAt: now,
        lastError: undefined,
        failures: 0,
        retryAt: undefined,
        expiresAt: fresh.expiresAt,
        tokens: {
          ...current.tokens,
          accessToken: fresh.accessToken,
          refreshToken: fresh.refreshToken ?? refreshToken,
          ...(fresh.tokenType ? { tokenType: fresh.tokenType } : {}),
        },
        scopes: fresh.scopes ?? current.scopes,
      };
      // A rotated refresh token is saved before anyone can use the old one again.
      await this.persist(store, next);
      this.changed(current, next.status, next.statusReason ?? "refreshed", next.lastError);
      return { tokens: next.tokens };
    });
    // Thrown only now, after the lock's transaction committed: throwing inside it would roll the status back.
    if ("refusal" in outcome) throw outcome.refusal;
    return outcome.tokens;
  }

  /** A transient failure: `degraded`, the error stored, and no refresh until the cooldown is over. */
  private degrade(store: VaultStore, current: StoredConnection, error: CommandError): Promise<RefreshOutcome> {
    const now = this.options.now();
    const lastError = { code: error.code, message: error.message.slice(0, 500), at: now };
    const retryAt = new Date(now.getTime() + cooldownMs(error.retryAfterSeconds, this.options.cooldownMs));
    const failures = (current.failures ?? 0) + 1;
    const reason = `refresh failed (${error.code}); ${failures} failed attempt${failures > 1 ? "s" : ""}`;
    return this.fail(store, current, { status: "degraded", reason, lastError, failures, retryAt }, error);
  }

  /**
   * Records a failed refresh durably: on PostgreSQL in the refresh lock's own transaction (which then commits, so a
   * host waiting on the lock reads it), elsewhere at once or right after the call's transaction.
   */
  private async fail(store: VaultStore, current: StoredConnection, change: Omit<StatusChange, "at">, refusal: CommandError): Promise<RefreshOutcome> {
    const at = this.options.now();
    const next: StoredConnection = {
      ...current,
      ...change,
      statusReason: change.reason,
      statusChangedAt: current.status === change.status ? current.statusChangedAt : at,
    };
    await this.persist(store, next, { ...change, at });
    this.changed(current, next.status, change.reason, next.lastError);
    return { refusal };
  }

  /** Tells the listeners (log, webhook) of a status change; nothing when the status stays the same. */
  changed(
    before: Pick<StoredConnection, "userId" | "provider" | "label" | "status">,
    to: StoredConnection["status"],
    reason: string,
    lastError?: RefreshFailure,
  ): void {
    if (before.status === to) return;
    this.options.onStatusChange?.({
      userId: before.userId,
      provider: before.provider,
      account: before.label,
      from: before.status,
      to,
      reason,
      at: this.options.now(),
      ...(lastError ? { lastError } : {}),
    });
  }

  /** The connection as the call last read it (when it has a memo and read it moments ago), else from the vault. */
  private async readThrough(
    store: VaultStore,
    userId: string,
    provider: string,
    account: string | undefined,
    memo?: ConnectionMemo,
  ): Promise<StoredConnection | undefined> {
    const known = memo?.get(account);
    if (known) return known;
    const connection = await this.read(store, userId, provider, account);
    if (connection && memo) memo.set(account, connection);
    return connection;
  }

  /**
   * The stored connection with its tokens; NOT_CONNECTED (reconnect) when they do not open with the current key.
   * The first read that finds a row unreadable records it (and tells the listeners: webhooks), and so does the
   * first that opens a row recorded unreadable again (its key is back).
   */
  private async read(store: VaultStore, userId: string, provider: string, account: string | undefined): Promise<StoredConnection | undefined> {
    let connection: StoredConnection | undefined;
    try {
      connection = await store.getConnection(userId, provider, account);
    } catch (error) {
      if (!(error instanceof VaultKeyError)) throw error;
      const described = await store.describeConnection(userId, provider, account);
      if (described?.recordedStatus !== undefined) {
        const reason = described.statusReason ?? "the stored credentials cannot be decrypted";
        this.recordStatus(store, described, { status: "unreadable", reason, at: this.options.now() });
        this.changed({ ...described, status: storedStatusOf(described.recordedStatus) }, "unreadable", reason);
      }
      throw unreadableCredentials(provider, error.unknownKey ? error.keyId : undefined);
    }
    if (connection?.recordedStatus === "unreadable") {
      const reason = "the stored credentials open again";
      this.recordStatus(store, connection, { status: "active", reason, at: this.options.now() });
      this.changed({ ...connection, status: "unreadable" }, "active", reason);
    }
    return connection;
  }

  /** A status change on its own, written at once or (inside a call's transaction, which may roll back) right after it. */
  private recordStatus(store: VaultStore, connection: Pick<StoredConnection, "userId" | "provider" | "label">, change: StatusChange): void {
    const write = (target: VaultStore) => target.setStatus(connection.userId, connection.provider, connection.label, change);
    const defer = this.options.deferredWriter?.();
    const done = defer ? defer(() => write(this.options.store)) : write(store);
    // Best effort: the call's answer does not wait for it and is the same either way.
    void done.catch(() => undefined);
  }

  /**
   * Writes a refresh's result with `store` at once, or (inside a call's transaction, which may roll back) right
   * after that transaction, serving `next` from memory until then. A status change alone never rewrites the tokens.
   */
  private async persist(store: VaultStore, next: StoredConnection, status?: StatusChange): Promise<void> {
    const write = (target: VaultStore) => (status ? target.setStatus(next.userId, next.provider, next.label, status) : target.saveConnection(next));
    const defer = this.options.deferredWriter?.();
    if (!defer) return write(store);
    const key = connectionKey(next.userId, next.provider, next.label);
    this.unwritten.set(key, next);
    void defer(() => write(this.options.store)).finally(() => {
      if (this.unwritten.get(key) === next) this.unwritten.delete(key);
    });
  }
}

/** The error of the last failed refresh, for a call during the cooldown (the provider is not asked again). */
function storedFailure(connection: StoredConnection, now: number): CommandError {
  const wait = Math.max(1, Math.ceil(((connection.retryAt?.getTime() ?? now) - now) / 1000));
  const last = connection.lastError;
  const code = (last?.code ?? "PROVIDER_ERROR") as CommandError["code"];
  const said = last?.message ?? `Refreshing the ${connection.provider} access token failed.`;
  return new CommandError(code, `${said} (The last refresh failed; the next attempt is in ${wait} s.)`, {
    details: { provider: connection.provider, status: "degraded", retryAfterSeconds: wait },
    retryAfterSeconds: wait,
  });
}

/** What a refresh under the lock ends with: the tokens, or the NOT_CONNECTED to throw once the lock's transaction committed. */
type RefreshOutcome = { tokens: TokenSet } | { refusal: CommandError };

function rememberTokens(remember: AccessTokenOptions["remember"], tokens: TokenSet): void {
  remember?.(tokens.accessToken);
  remember?.(tokens.refreshToken);
  remember?.(tokens.tokenSecret);
}

/** NOT_CONNECTED for an account the user does not have, naming the ones they have. */
async function unknownAccount(store: VaultStore, userId: string, provider: string, account: string): Promise<CommandError> {
  const accounts = (await store.listConnections(userId)).filter((c) => c.provider === provider);
  const named = accounts.map((c) => `"${c.label}"${c.isDefault ? " (default)" : ""}`);
  const why = accounts.length
    ? `You have no ${provider} account "${account}"; your ${provider} account${accounts.length > 1 ? "s are" : " is"} ${named.join(", ")}. To add it, connect it with \`agx connect ${provider} --account ${account}\`.`
    : `You have not connected ${provider} yet.`;
  return notConnected(provider, why, { account, accounts: accounts.map((c) => c.label) });
}

/** A recorded status as the states know it ("broken", from before the states, is needs_reauth). */
function storedStatusOf(recorded: string): StoredConnection["status"] {
  if (recorded === "degraded" || recorded === "needs_reauth" || recorded === "unreadable") return recorded;
  return recorded === "broken" ? "needs_reauth" : "active";
}

/** One key per account: (user, provider, label). */
export function connectionKey(userId: string, provider: string, label: string): string {
  return `${userId}\u0000${provider}\u0000${label}`;
}
