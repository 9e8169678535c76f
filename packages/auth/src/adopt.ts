import { CommandError } from "@agx-ext/core";
import { labelForNewConnection } from "./accounts.js";
import type { AuthContext } from "./auth-context.js";
import { legacySigner, type RememberSecret } from "./client-factory.js";
import { createHttpClient, type HttpClient } from "./http/client.js";
import { connectionOf } from "./listings.js";
import { isLegacyRetired } from "./oauth2/legacy-oauth1.js";
import { expiryAfter, splitScopes } from "./oauth2/token-client.js";
import { readAccount, saveOAuth2Connection } from "./oauth2-connection.js";
import type { AdoptedTokens, ConnectionInfo } from "./service.js";

export interface AdoptLegacyOptions {
  /** Gets a client signed with the token and returns the account; when it throws, nothing is stored. */
  verify?: (http: HttpClient) => Promise<string | undefined>;
  /** The caller's clock, for the retirement check; default the module's. */
  now?: Date;
  signal?: AbortSignal;
  remember?: RememberSecret;
  /** The label to store it under (a call's `account`); default as for a connect flow (labelForNewConnection). */
  label?: string;
}

/**
 * Stores an OAuth 2.0 token set obtained outside the browser flow (e.g. a provider's OAuth 1.0a -> 2.0
 * token exchange) as the user's connection. The account is read from the userInfo endpoint when not given.
 */
export async function adoptTokens(
  ctx: AuthContext,
  userId: string,
  provider: string,
  tokens: AdoptedTokens,
  account?: string,
  options: { label?: string } = {},
): Promise<ConnectionInfo> {
  const auth = ctx.providers.declaration(provider);
  if (auth.kind !== "oauth2")
    throw new CommandError("INVALID_INPUT", `${provider} does not use OAuth 2.0, so it cannot adopt OAuth 2.0 tokens.`, { details: { provider } });
  if (!tokens.accessToken) throw new CommandError("INVALID_INPUT", "The token set has no access token.", { details: { provider } });
  const scopes = tokens.scope === undefined ? [...auth.scopes] : typeof tokens.scope === "string" ? splitScopes(tokens.scope) : [...tokens.scope];
  const expiresAt = expiryAfter(tokens.expiresIn, ctx.now());
  const named = account ?? (await readAccount(ctx, provider, auth, tokens.accessToken));
  const label = await labelForNewConnection(ctx.store, userId, provider, options.label, named);
  await saveOAuth2Connection(ctx, userId, provider, label, { ...tokens, ...(expiresAt ? { expiresAt } : {}) }, scopes, named);
  ctx.logger.info("account connected with adopted tokens", { userId, provider, account: label });
  return connectionOf(ctx, userId, provider, label);
}

/**
 * Keeps a user's OAuth 1.0a token of a provider that moved to OAuth 2.0 (declared `legacyOAuth1`) as their
 * connection until the retirement day. An active OAuth 2.0 connection is never replaced by a legacy one.
 */
export async function adoptLegacyOAuth1Token(
  ctx: AuthContext,
  userId: string,
  provider: string,
  tokens: { token: string; tokenSecret: string },
  options: AdoptLegacyOptions = {},
): Promise<ConnectionInfo> {
  const auth = ctx.providers.declaration(provider);
  const legacy = auth.kind === "oauth2" ? auth.legacyOAuth1 : undefined;
  if (!legacy) throw new CommandError("INVALID_INPUT", `${provider} takes no OAuth 1.0a tokens.`, { details: { provider } });
  if (!tokens.token || !tokens.tokenSecret)
    throw new CommandError("INVALID_INPUT", "Both the OAuth 1.0a token and its secret are needed.", { details: { provider } });
  const remember = options.remember ?? (() => undefined);
  remember(tokens.token);
  remember(tokens.tokenSecret);
  if (isLegacyRetired(legacy, options.now ?? ctx.now()))
    throw new CommandError(
      "INVALID_INPUT",
      `${provider} retired OAuth 1.0a on ${legacy.usableUntil}; connect with \`agx connect ${provider}\` (OAuth 2.0) instead.`,
      {
        details: { provider },
      },
    );
  const existing = await ctx.store.describeConnection(userId, provider, options.label);
  if (existing?.kind === "oauth2" && existing.status === "active")
    throw new CommandError("CONFLICT", `You are already connected to ${provider} with OAuth 2.0, which replaces OAuth 1.0a tokens.`, { details: { provider } });
  const sealed = { accessToken: tokens.token, tokenSecret: tokens.tokenSecret };
  let account: string | undefined;
  if (options.verify) {
    const secrets = new Set(Object.values(sealed));
    const trial = await createHttpClient({
      provider,
      policy: ctx.httpPolicy(provider),
      authorizer: legacySigner(ctx, provider, legacy, sealed, (v) => {
        if (v) secrets.add(v);
        remember(v);
      }),
      secrets: () => secrets,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    account = await options.verify(trial);
  }
  const label = await labelForNewConnection(ctx.store, userId, provider, options.label, account);
  await ctx.store.saveConnection({ userId, provider, label, kind: "oauth1", status: "active", scopes: [], tokens: sealed, ...(account ? { account } : {}) });
  ctx.logger.info("legacy OAuth 1.0a token adopted", { userId, provider, account: label });
  return connectionOf(ctx, userId, provider, label);
}
