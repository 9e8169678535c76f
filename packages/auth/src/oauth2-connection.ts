import type { AuthContext } from "./auth-context.js";
import type { OAuth2Auth } from "./declarations.js";
import type { TokenResponse } from "./oauth2/token-client.js";
import { readTextCapped } from "./http/capped-body.js";
import { oauth2Endpoints } from "./provider-config.js";

/** Stores an OAuth 2.0 token set as one of the user's active connections (a connect flow or adopted tokens). */
export async function saveOAuth2Connection(
  ctx: AuthContext,
  userId: string,
  provider: string,
  label: string,
  tokens: TokenResponse,
  scopes: string[],
  account: string | undefined,
): Promise<void> {
  await ctx.store.saveConnection({
    userId,
    provider,
    label,
    kind: "oauth2",
    status: "active",
    statusReason: "connected",
    // ctx.now (not the database's clock): the refresh margin is a share of the lifetime measured from here.
    statusChangedAt: ctx.now(),
    refreshedAt: ctx.now(),
    scopes,
    tokens: {
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      ...(tokens.tokenType ? { tokenType: tokens.tokenType } : {}),
    },
    ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
    ...(account ? { account } : {}),
  });
}

/** The account a token belongs to, from the provider's userInfo endpoint when it declares one. */
export async function readAccount(ctx: AuthContext, provider: string, auth: OAuth2Auth, accessToken: string): Promise<string | undefined> {
  const url = oauth2Endpoints(provider, auth, ctx.options.settings).userInfoUrl;
  if (!url) return undefined;
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(ctx.timeoutMs(provider)),
    });
    if (!response.ok) return undefined;
    const body = JSON.parse(await readTextCapped(response, ctx.maxBodyBytes(provider), provider)) as Record<string, unknown>;
    const value = body[auth.userInfo?.accountField ?? "email"] ?? body.sub ?? body.id;
    return value === undefined || value === null ? undefined : String(value);
  } catch {
    return undefined; // naming the account is a courtesy; the connection works without it
  }
}
