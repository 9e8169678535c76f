import { CommandError } from "@agx-ext/core";
import { DEFAULT_ACCOUNT } from "./accounts.js";
import type { AuthContext } from "./auth-context.js";
import type { OAuth2Auth } from "./declarations.js";
import { clientCredentials, oauth2Endpoints } from "./provider-config.js";
import { VaultKeyError } from "./vault/cipher.js";
import type { StoredConnection } from "./vault/store.js";

/**
 * Forgets one of a user's accounts at a provider (the default account when `account` is undefined; the oldest other
 * account then becomes the default), revoking its grant at the provider when it has an endpoint for it. API keys and
 * credentials are one set per user: they are all forgotten, and an account other than "default" is refused.
 */
export async function disconnect(ctx: AuthContext, userId: string, provider: string, account?: string): Promise<boolean> {
  const auth = ctx.providers.find(provider);
  const secretBased = auth === undefined || auth.kind === "apiKey" || auth.kind === "credentials";
  if (auth && secretBased && account !== undefined && account !== DEFAULT_ACCOUNT)
    throw new CommandError("INVALID_INPUT", `${provider} keeps one set of credentials per user, so --account does not apply.`, {
      details: { provider, account },
    });
  const label = account ?? (await ctx.store.describeConnection(userId, provider))?.label;
  const stored = label === undefined ? undefined : await storedTokens(ctx, userId, provider, label);
  if (stored && auth?.kind === "oauth2")
    await revokeAtProvider(ctx, provider, auth, stored).catch((error: unknown) =>
      // Best effort: the local tokens go either way; the user can still remove the app at the provider.
      ctx.logger.warn("could not revoke the grant at the provider", { userId, provider, error: error instanceof Error ? error.message : String(error) }),
    );
  const removedConnection = label === undefined ? false : await ctx.store.deleteConnection(userId, provider, label);
  const removedSecrets = secretBased ? await ctx.store.deleteSecret(userId, provider) : 0;
  if (removedConnection || removedSecrets) ctx.logger.info("account disconnected", { userId, provider, account: label });
  return removedConnection || removedSecrets > 0;
}

/** The connection with its tokens for revocation; undefined (nothing to revoke with) when they do not open with the current key. */
async function storedTokens(ctx: AuthContext, userId: string, provider: string, label: string): Promise<StoredConnection | undefined> {
  try {
    return await ctx.store.getConnection(userId, provider, label);
  } catch (error) {
    if (!(error instanceof VaultKeyError)) throw error;
    ctx.logger.warn("cannot revoke the grant at the provider: the stored tokens do not open with the current AGX_SECRET_KEY", { userId, provider });
    return undefined;
  }
}

/** RFC 7009 token revocation: the refresh token when there is one (it ends the whole grant), else the access token. */
async function revokeAtProvider(ctx: AuthContext, provider: string, auth: OAuth2Auth, stored: StoredConnection): Promise<void> {
  const url = oauth2Endpoints(provider, auth, ctx.options.settings).revokeUrl;
  if (!url) return;
  const client = clientCredentials(provider, auth.clientIdSetting, auth.clientSecretSetting, ctx.options.settings);
  const token = stored.tokens.refreshToken ?? stored.tokens.accessToken;
  const form = new URLSearchParams({ token, token_type_hint: stored.tokens.refreshToken ? "refresh_token" : "access_token" });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (auth.clientAuth === "basic")
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`;
  else {
    form.set("client_id", client.id);
    form.set("client_secret", client.secret);
  }
  const response = await fetch(url, { method: "POST", headers, body: form, signal: AbortSignal.timeout(ctx.timeoutMs(provider)) });
  if (!response.ok) throw new Error(`the revocation endpoint answered ${response.status}`);
}
