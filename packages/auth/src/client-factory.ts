import { singleCredentialSet } from "./accounts.js";
import type { AuthContext } from "./auth-context.js";
import { vaultSettingNames, type AuthKind, type LegacyOAuth1 } from "./declarations.js";
import { notConnected } from "./errors.js";
import { apiKeyAuthorizer, bearerAuthorizer, oauth1Authorizer } from "./http/authorizers.js";
import { httpClientOfLoadedGot, type HttpAuthorizer, type HttpClient } from "./http/client.js";
import { loadGot } from "./http/got-library.js";
import { legacyAwareAuthorizer } from "./oauth2/legacy-oauth1.js";
import { clientCredentials } from "./provider-config.js";
import type { TokenSet } from "./vault/store.js";
import type { ConnectionMemo } from "./connection-memo.js";

/** Records a secret value so it is scrubbed from messages, errors and results. */
export type RememberSecret = (value: string | undefined) => void;

/** Where a client's settings, signal and clock come from: a command call's scope, or a host-side caller. */
export interface ClientScope {
  settings: Readonly<Record<string, unknown>>;
  context?: { signal: AbortSignal; now?: () => Date };
  signal?: AbortSignal;
}

/** Whose credentials a client uses: one of a user's accounts at a provider (`account` undefined: their default account). */
export interface AccountRef {
  userId: string;
  provider: string;
  account?: string | undefined;
  /** A command call's reads of the connection, shared by its HTTP client and AUTH service. */
  memo?: ConnectionMemo | undefined;
}

/**
 * An HTTP client authorized the way the provider's declaration says (bearer, API key, OAuth 1.0a signature, or none).
 * Synchronous, because core builds it while injecting the extension: got must be loaded by then (`loadGot()`).
 */
export function buildClient(
  ctx: AuthContext,
  { userId, provider, account, memo }: AccountRef,
  auth: AuthKind | undefined,
  scope: ClientScope,
  remember: RememberSecret,
  secrets: Set<string>,
): HttpClient {
  let authorizer: HttpAuthorizer | undefined;
  if (auth?.kind === "oauth2") {
    remember(ctx.options.settings.get(auth.clientSecretSetting));
    const bearer = bearerAuthorizer((rejected) =>
      ctx.tokens.accessToken(userId, provider, {
        remember,
        ...(account === undefined ? {} : { account }),
        ...(rejected === undefined ? {} : { rejected }),
        ...(memo ? { memo } : {}),
      }),
    );
    const legacy = auth.legacyOAuth1;
    authorizer = legacy
      ? legacyAwareAuthorizer({
          provider,
          legacy,
          bearer,
          connection: () => ctx.tokens.connection(userId, provider, account, undefined, memo),
          signer: (connection) => legacySigner(ctx, provider, legacy, connection.tokens, remember),
          now: () => scope.context?.now?.() ?? ctx.now(),
        })
      : bearer;
  } else if (auth?.kind === "apiKey") {
    authorizer = apiKeyAuthorizer(auth, () => stringOrUndefined(scope.settings[auth.setting]), provider);
  } else if (auth?.kind === "oauth1") {
    authorizer = oauth1Authorizer(async () => {
      const connection = await ctx.tokens.connection(userId, provider, account, undefined, memo);
      if (!connection.tokens.tokenSecret && connection.kind !== "oauth1") throw notConnected(provider, `Your ${provider} connection is not an OAuth 1.0a one.`);
      remember(connection.tokens.accessToken);
      remember(connection.tokens.tokenSecret);
      const consumer = ctx.consumer(provider, auth);
      remember(consumer.consumerSecret);
      return { ...consumer, token: connection.tokens.accessToken, tokenSecret: connection.tokens.tokenSecret ?? "" };
    });
  }
  const signal = scope.signal ?? scope.context?.signal;
  return httpClientOfLoadedGot({
    provider,
    policy: ctx.httpPolicy(provider),
    ...(authorizer ? { authorizer } : {}),
    ...(auth?.retryable ? { retryable: auth.retryable } : {}),
    secrets: () => secrets,
    ...(signal ? { signal } : {}),
  });
}

/** An authorized HTTP client outside a command call (host routes, scripts); the user's stored keys win over host-wide ones. */
export async function hostHttpClient(ctx: AuthContext, ref: AccountRef, signal?: AbortSignal): Promise<HttpClient> {
  const { userId, provider } = ref;
  const auth = ctx.providers.declaration(provider);
  if (auth.kind === "apiKey" || auth.kind === "credentials") singleCredentialSet(provider, ref.account);
  const secrets = new Set<string>();
  const names = vaultSettingNames(auth);
  const stored = await ctx.store.getSecrets(userId, provider, names);
  const settings = Object.fromEntries(names.map((name) => [name, stored[name] ?? ctx.options.settings.get(name)]));
  await loadGot();
  return buildClient(ctx, ref, auth, { settings, ...(signal ? { signal } : {}) }, (v) => v && secrets.add(v), secrets);
}

/** Signs with a legacy OAuth 1.0a token of an OAuth 2.0 provider, using the consumer from the legacy settings. */
export function legacySigner(ctx: AuthContext, provider: string, legacy: LegacyOAuth1, tokens: TokenSet, remember: RememberSecret): HttpAuthorizer {
  return oauth1Authorizer(async () => {
    const { id, secret } = clientCredentials(provider, legacy.consumerKeySetting, legacy.consumerSecretSetting, ctx.options.settings);
    remember(secret);
    remember(tokens.accessToken);
    remember(tokens.tokenSecret);
    return { consumerKey: id, consumerSecret: secret, token: tokens.accessToken, tokenSecret: tokens.tokenSecret ?? "" };
  });
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
