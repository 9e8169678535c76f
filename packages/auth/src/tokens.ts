import { CommandError, type SettingsSource } from "@agx-ext/core";
import type { OAuth2Auth } from "./declarations.js";
import { notConnected, unreadableCredentials } from "./errors.js";
import { TokenClient, type TokenResponse } from "./oauth2/token-client.js";
import { clientCredentials, oauth2Endpoints, tokenParams } from "./provider-config.js";
import { SingleFlight } from "./single-flight.js";
import { VaultKeyError } from "./vault/cipher.js";
import type { StoredConnection, TokenSet, VaultStore } from "./vault/store.js";

export interface TokenManagerOptions {
  store: VaultStore;
  settings: SettingsSource;
  /** OAuth 2.0 declaration of a provider, or undefined when it is not an OAuth 2.0 provider. */
  oauth2: (provider: string) => OAuth2Auth | undefined;
  now: () => Date;
  /** Refresh this long before the recorded expiry. */
  refreshSkewMs: number;
  /** Per-attempt timeout of a provider's token requests. */
  timeoutMs: (provider: string) => number;
  /** Most bytes read from one token endpoint answer of a provider. */
  maxBodyBytes: (provider: string) => number;
  /**
   * When a token write now would join a command call's transaction (and be lost if the call fails), a
   * function that runs the write after that transaction instead; otherwise undefined (write at once).
   */
  deferredWriter?: () => ((write: () => Promise<void>) => Promise<void>) | undefined;
}

export interface AccessTokenOptions {
  /** The token a provider just refused with 401: refresh unless the vault already holds a newer one. */
  rejected?: string;
  /** Gets every token this hands out or uses (access and refresh, before and after a refresh): the call's secret set. */
  remember?: (value: string | undefined) => void;
}

/** Hands out valid access tokens: refreshes before expiry or after a 401, one refresh per (user, provider) at a time. */
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

  /** A usable connection (tokens included) or NOT_CONNECTED saying why. */
  async connection(userId: string, provider: string, store: VaultStore = this.options.store): Promise<StoredConnection> {
    const connection = this.unwritten.get(connectionKey(userId, provider)) ?? (await readConnection(store, userId, provider));
    if (!connection) throw notConnected(provider, `You have not connected ${provider} yet.`);
    if (connection.status === "broken")
      throw notConnected(provider, `Your ${provider} connection stopped working${connection.brokenReason ? ` (${connection.brokenReason})` : ""}.`);
    return connection;
  }

  async accessToken(userId: string, provider: string, options: AccessTokenOptions = {}): Promise<string> {
    const connection = await this.connection(userId, provider);
    rememberTokens(options.remember, connection.tokens);
    if (!this.needsRefresh(connection, options)) return connection.tokens.accessToken;
    // Callers sharing one refresh each register its tokens, not only the caller that started it.
    const tokens = await this.flights.run(connectionKey(userId, provider), () => this.refresh(userId, provider, options));
    rememberTokens(options.remember, tokens);
    return tokens.accessToken;
  }

  private needsRefresh(connection: StoredConnection, options: AccessTokenOptions): boolean {
    if (options.rejected !== undefined) return connection.tokens.accessToken === options.rejected;
    if (!connection.expiresAt) return false;
    return connection.expiresAt.getTime() - this.options.refreshSkewMs <= this.options.now().getTime();
  }

  private async refresh(userId: string, provider: string, options: AccessTokenOptions): Promise<TokenSet> {
    const outcome = await this.options.store.withRefreshLock(userId, provider, async (store): Promise<RefreshOutcome> => {
      // Read again under the lock: another caller or host may have refreshed meanwhile.
      const current = await this.connection(userId, provider, store);
      if (!this.needsRefresh(current, options)) return { tokens: current.tokens };
      const refreshToken = current.tokens.refreshToken;
      if (!refreshToken) {
        const refusal = notConnected(provider, `Your ${provider} access expired and ${provider} issued no refresh token.`);
        return this.markBroken(store, current, "the access token expired and the provider gave no refresh token", refusal);
      }
      let fresh: TokenResponse;
      try {
        fresh = await this.tokenClient(provider).refresh(refreshToken);
      } catch (error) {
        if (error instanceof CommandError && error.code === "NOT_CONNECTED")
          return this.markBroken(store, current, "the provider refused the refresh token (invalid_grant)", error);
        throw error;
      }
      const next: StoredConnection = {
        ...current,
        status: "active",
        brokenReason: undefined,
        expiresAt: fresh.expiresAt,
        tokens: { ...current.tokens, accessToken: fresh.accessToken, refreshToken: fresh.refreshToken ?? refreshToken, ...(fresh.tokenType ? { tokenType: fresh.tokenType } : {}) },
        scopes: fresh.scopes ?? current.scopes,
      };
      // A rotated refresh token is saved before anyone can use the old one again.
      await this.persist(store, next);
      return { tokens: next.tokens };
    });
    // Thrown only now, after the lock's transaction committed: throwing inside it would roll the "broken" mark back.
    if ("refusal" in outcome) throw outcome.refusal;
    return outcome.tokens;
  }

  /**
   * Records that the grant is gone, durably: on PostgreSQL in the refresh lock's own transaction (which then commits,
   * so a host waiting on the lock reads it), elsewhere at once or right after the call's transaction.
   */
  private async markBroken(store: VaultStore, current: StoredConnection, reason: string, refusal: CommandError): Promise<RefreshOutcome> {
    await this.persist(store, { ...current, status: "broken", brokenReason: reason });
    return { refusal };
  }

  /**
   * Writes a refresh's result with `store` at once, or (inside a call's transaction, which may roll back) right
   * after that transaction, serving `next` from memory until then.
   */
  private async persist(store: VaultStore, next: StoredConnection): Promise<void> {
    // A broken mark only touches the status, so it cannot undo a reconnect that raced it.
    const write = (target: VaultStore) =>
      next.status === "broken" ? target.markBroken(next.userId, next.provider, next.brokenReason ?? "") : target.saveConnection(next);
    const defer = this.options.deferredWriter?.();
    if (!defer) return write(store);
    const key = connectionKey(next.userId, next.provider);
    this.unwritten.set(key, next);
    void defer(() => write(this.options.store)).finally(() => {
      if (this.unwritten.get(key) === next) this.unwritten.delete(key);
    });
  }
}

/** What a refresh under the lock ends with: the tokens, or the NOT_CONNECTED to throw once the lock's transaction committed. */
type RefreshOutcome = { tokens: TokenSet } | { refusal: CommandError };

function rememberTokens(remember: AccessTokenOptions["remember"], tokens: TokenSet): void {
  remember?.(tokens.accessToken);
  remember?.(tokens.refreshToken);
  remember?.(tokens.tokenSecret);
}

/** The stored connection with its tokens; NOT_CONNECTED (reconnect) when they do not open with the current key. */
async function readConnection(store: VaultStore, userId: string, provider: string): Promise<StoredConnection | undefined> {
  try {
    return await store.getConnection(userId, provider);
  } catch (error) {
    if (error instanceof VaultKeyError) throw unreadableCredentials(provider);
    throw error;
  }
}

/** One key per (user, provider) connection. */
export function connectionKey(userId: string, provider: string): string {
  return `${userId}\u0000${provider}`;
}
