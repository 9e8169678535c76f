import { CommandError } from "@agx-ext/core";
import { adoptLegacyOAuth1Token, adoptTokens } from "./adopt.js";
import type { AuthContext } from "./auth-context.js";
import type { AccountRef, RememberSecret } from "./client-factory.js";
import { isSecretSetting, type AuthKind } from "./declarations.js";
import { connectionOf } from "./listings.js";
import { forExtension, type AuthService } from "./service.js";
import { readUserSecret } from "./user-secrets.js";

/** The AUTH service one command call gets: the calling user's credentials for the extension's provider (the call's account). */
export function createCallService(
  ctx: AuthContext,
  { userId, provider, account, memo }: AccountRef,
  auth: AuthKind | undefined,
  remember: RememberSecret,
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
      return ctx.tokens.accessToken(userId, provider, { remember, ...(account === undefined ? {} : { account }), ...(memo ? { memo } : {}) });
    },
    connection: async () => {
      requireDeclared();
      return forExtension(await connectionOf(ctx, userId, provider, account));
    },
    secret: async (name) => {
      const declared = requireDeclared();
      const value = await readUserSecret(ctx, userId, provider, name);
      if (isSecretSetting(declared, name)) remember(value);
      return value;
    },
    setSecret: async (name, value) => {
      memo?.clear();
      if (isSecretSetting(requireDeclared(), name)) remember(value);
      await ctx.store.setSecret(userId, provider, name, value);
    },
    deleteSecret: async (name) => {
      requireDeclared();
      memo?.clear();
      await ctx.store.deleteSecret(userId, provider, name);
    },
    adoptTokens: async (tokens, named) => {
      requireDeclared();
      remember(tokens.accessToken);
      remember(tokens.refreshToken);
      memo?.clear();
      // Stored under the call's account when it names one, like `agx connect --account`.
      return forExtension(await adoptTokens(ctx, userId, provider, tokens, named, account === undefined ? {} : { label: account }));
    },
    adoptLegacyOAuth1Token: async (tokens, verify) => {
      requireDeclared();
      memo?.clear();
      return forExtension(
        await adoptLegacyOAuth1Token(ctx, userId, provider, tokens, {
          ...(verify ? { verify } : {}),
          ...(account === undefined ? {} : { label: account }),
          now: context.now(),
          signal: context.signal,
          remember,
        }),
      );
    },
  };
}
