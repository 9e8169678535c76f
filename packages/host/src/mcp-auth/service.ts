import type { Configuration, default as Provider } from "oidc-provider";
import { mcpResourceOf } from "./constants.js";
import type { OAuthRecordStore } from "./records.js";
import type { ServerKeys } from "./signing-keys.js";

export interface McpAuthorizationSetup {
  records: OAuthRecordStore;
  /** The server keys from the database (made on first use); called once, when the first request needs them. */
  keys: () => Promise<ServerKeys>;
  /** Whether an agx user is active (a revoked user's grants stop working). */
  isActive(userId: string): Promise<boolean>;
  /**
   * How client ID metadata documents are fetched; oidc-provider's own fetch (public https addresses only) when
   * unset. Tests set it to reach a local HTTPS server whose certificate they made.
   */
  fetchClientMetadata?: Configuration["fetch"];
}

/** Access tokens look like this (oidc-provider's opaque tokens: 43 base64url characters); anything else is not looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The host as authorization server of its own /mcp: the oidc-provider instance (made on the first request,
 * when the public URL is known) and the access-token check of /mcp.
 */
export class McpAuthorization {
  private provider: Promise<Provider> | undefined;

  constructor(
    private readonly setup: McpAuthorizationSetup,
    /** The host's public URL (a function: with port 0 it is known only after listening). */
    private readonly publicUrl: () => string,
  ) {}

  /** The issuer: the public URL without a trailing slash. */
  issuer(): string {
    return this.publicUrl().replace(/\/+$/, "");
  }

  /** The protected resource, `<public url>/mcp`: every access token's audience. */
  resource(): string {
    return mcpResourceOf(this.issuer());
  }

  server(): Promise<Provider> {
    // oidc-provider is loaded here, on the first request that needs it, not by every agx subcommand.
    this.provider ??= Promise.all([this.setup.keys(), import("./provider.js")]).then(
      ([keys, { createAuthorizationServer }]) =>
        createAuthorizationServer({
          issuer: this.issuer(),
          records: this.setup.records,
          keys,
          isActive: (id) => this.setup.isActive(id),
          ...(this.setup.fetchClientMetadata ? { fetch: this.setup.fetchClientMetadata } : {}),
        }),
      (error: unknown) => {
        // A database hiccup on the first request must not disable authorization until restart.
        this.provider = undefined;
        throw error;
      },
    );
    return this.provider;
  }

  /**
   * The user an access token acts for, or undefined: unknown, expired, issued for another resource (its
   * audience is not this host's /mcp), its grant revoked, or its user revoked.
   */
  async userOfAccessToken(token: string): Promise<string | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const provider = await this.server();
    const accessToken = await provider.AccessToken.find(token);
    if (!accessToken || accessToken.isExpired || accessToken.aud !== this.resource()) return undefined;
    const userId = accessToken.accountId;
    if (!userId || !accessToken.grantId) return undefined;
    const grant = await provider.Grant.find(accessToken.grantId);
    if (!grant || grant.accountId !== userId) return undefined;
    return (await this.setup.isActive(userId)) ? userId : undefined;
  }
}
