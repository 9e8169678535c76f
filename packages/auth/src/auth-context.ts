import { type Logger } from "@agx-ext/core";
import { silentLogger } from "@agx-ext/core/host";
import type { OAuth1Auth } from "./declarations.js";
import { DEFAULT_HTTP_POLICY, type HttpPolicy } from "./http/client.js";
import { httpMaxBodyBytes, httpTimeoutMs } from "./http/limit-settings.js";
import type { AuthModuleOptions } from "./module-options.js";
import { clientCredentials } from "./provider-config.js";
import { ProviderRegistry } from "./provider-registry.js";
import type { TokenManager } from "./tokens.js";
import type { VaultStore } from "./vault/store.js";

const NOT_STARTED = "The auth module is not started yet: start the host first.";

/** What every part of the auth module shares: its options, the providers, and (once started) the vault and tokens. */
export class AuthContext {
  readonly logger: Logger;
  readonly now: () => Date;
  readonly providers: ProviderRegistry;
  private vault: VaultStore | undefined;
  private tokenManager: TokenManager | undefined;

  constructor(readonly options: AuthModuleOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? (() => new Date());
    this.providers = new ProviderRegistry(this.logger);
  }

  /** Called by start (with both) and stop (with neither). */
  attach(started: { vault: VaultStore; tokens: TokenManager } | undefined): void {
    this.vault = started?.vault;
    this.tokenManager = started?.tokens;
  }

  get store(): VaultStore {
    if (!this.vault) throw new Error(NOT_STARTED);
    return this.vault;
  }

  get tokens(): TokenManager {
    if (!this.tokenManager) throw new Error(NOT_STARTED);
    return this.tokenManager;
  }

  /** Per-attempt timeout of a provider's requests, host-wide settings first. */
  timeoutMs(provider: string): number {
    return httpTimeoutMs(provider, this.options.settings, this.options.http?.timeoutMs ?? DEFAULT_HTTP_POLICY.timeoutMs);
  }

  /** Most bytes read from one response of a provider, host-wide settings first. */
  maxBodyBytes(provider: string): number {
    return httpMaxBodyBytes(provider, this.options.settings, this.options.http?.maxBodyBytes ?? DEFAULT_HTTP_POLICY.maxBodyBytes);
  }

  httpPolicy(provider: string): Partial<HttpPolicy> {
    return { ...this.options.http, timeoutMs: this.timeoutMs(provider), maxBodyBytes: this.maxBodyBytes(provider) };
  }

  /** The host's OAuth 1.0a consumer key and secret for a provider; NOT_CONFIGURED when unset. */
  consumer(provider: string, auth: OAuth1Auth): { consumerKey: string; consumerSecret: string } {
    const { id, secret } = clientCredentials(provider, auth.consumerKeySetting, auth.consumerSecretSetting, this.options.settings);
    return { consumerKey: id, consumerSecret: secret };
  }
}
