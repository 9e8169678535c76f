import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import type { UserStore } from "../../users/store.js";
import { browserProviders, connectableProvider, sharedItems, type ConnectableProvider } from "./providers.js";
import { checkRedirectUrl } from "./redirects.js";
import type { ConnectLinkStore } from "./store.js";

/** What the host gives the server for connect links. */
export interface ConnectLinkSetup {
  store: ConnectLinkStore;
  /** The providers the loaded extensions declare (@agx-ext/auth's `providers()`). */
  providers(): readonly ConnectableProvider[];
  /** AGX_ALLOWED_REDIRECT_ORIGINS, parsed; empty: links never redirect. */
  allowedRedirectOrigins?: readonly string[];
}

/** A link request, as POST /v1/connect-links takes it (already type-checked). */
export interface LinkRequest {
  provider?: string;
  redirectUrl?: string;
  /** Another user to connect for: only the admin may name one. */
  user?: string;
  scopes?: string[];
}

/** Makes connect links: who may make one for whom, which provider and scopes, and the URL it is opened at. */
export class ConnectLinks {
  constructor(
    private readonly setup: ConnectLinkSetup,
    private readonly users: UserStore,
    private readonly publicUrl: () => string,
  ) {}

  get store(): ConnectLinkStore {
    return this.setup.store;
  }

  get allowedOrigins(): readonly string[] {
    return this.setup.allowedRedirectOrigins ?? [];
  }

  providers(): ConnectableProvider[] {
    return browserProviders(this.setup.providers());
  }

  provider(name: string): ConnectableProvider {
    return connectableProvider(this.setup.providers(), name);
  }

  /** The console's connections page, where a person stores API keys and credentials or connects any provider. */
  connectionsPageUrl(): string {
    return `${this.publicUrl().replace(/\/+$/, "")}/connections`;
  }

  /** The address of the link with this token. */
  url(token: string): string {
    return `${this.publicUrl().replace(/\/+$/, "")}/connect/${token}`;
  }

  async create(callerId: string, request: LinkRequest): Promise<{ url: string; expiresAt: string }> {
    const userId = request.user ?? callerId;
    if (userId !== callerId) {
      if ((await this.users.get(callerId))?.role !== "admin")
        throw new CommandError("UNAUTHORIZED", "Only admins may make connect links for other users.", { details: { fields: ["user"] } });
      if (!(await this.users.isActive(userId)))
        throw new CommandError("NOT_FOUND", `There is no active user "${clip(userId, 60)}".`, { details: { fields: ["user"] } });
    }
    if (request.provider !== undefined) {
      const provider = this.provider(request.provider);
      // Unknown scope names are refused now, not when the person presses Connect.
      sharedItems(provider, request.scopes);
    } else if (request.scopes?.length)
      throw new CommandError("INVALID_INPUT", "scopes needs a provider: scope groups belong to one provider.", { details: { fields: ["scopes"] } });
    if (!this.providers().length) throw new CommandError("NOT_CONFIGURED", "No extension on this host connects to a provider through a browser sign-in.");
    const redirectUrl = request.redirectUrl === undefined ? undefined : checkRedirectUrl(request.redirectUrl, this.allowedOrigins);
    const { token, expiresAt } = await this.setup.store.create({
      userId,
      createdBy: callerId,
      provider: request.provider,
      scopes: request.scopes,
      redirectUrl,
    });
    return { url: this.url(token), expiresAt: expiresAt.toISOString() };
  }

  /**
   * A fresh link for a NOT_CONNECTED error's `details.connectUrl`; undefined when the provider has no browser
   * sign-in (API keys are stored with `agx connect`) or the link cannot be made.
   */
  async forReconnect(userId: string, provider: string): Promise<string | undefined> {
    if (!this.providers().some((p) => p.provider === provider)) return undefined;
    return (await this.create(userId, { provider })).url;
  }
}
