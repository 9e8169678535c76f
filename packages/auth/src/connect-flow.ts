import { CommandError } from "@agx-ext/core";
import type { AuthContext } from "./auth-context.js";
import { accountLabel, labelForNewConnection } from "./accounts.js";
import { vaultSettingNames } from "./declarations.js";
import { browserFingerprint, MIN_BROWSER_SECRET_LENGTH, sameBrowser } from "./flow-binding.js";
import { connectionOf } from "./listings.js";
import { oauth1TokenRequest } from "./oauth1/flow.js";
import { createPkcePair, createState } from "./oauth2/pkce.js";
import { mergeScopes, selectScopes } from "./oauth2/scope-selection.js";
import { readAccount, saveOAuth2Connection } from "./oauth2-connection.js";
import { oauth1Endpoints } from "./provider-config.js";
import type { ConnectionInfo } from "./service.js";
import type { PendingFlow } from "./vault/store.js";

export interface BeginOptions {
  /** Override the redirect URI (the CLI's loopback listener); default from AGX_PUBLIC_URL. */
  redirectUri?: string;
  /**
   * Request only these scope groups (names from the declaration's `scopeGroups`) or scopes; earlier grants are
   * kept (`include_granted_scopes=true`) and the connection's scopes accumulate. Default: the declaration's
   * `defaultScopeGroups` (plus ungrouped scopes) when it has some, else every declared scope.
   */
  scopes?: readonly string[];
  /**
   * Binds the flow to one browser: a random secret (at least 32 characters) the caller also gives that browser,
   * e.g. in an HttpOnly cookie. Only its SHA-256 is stored; completeConnect then needs the same secret.
   */
  browserSecret?: string;
  /**
   * The label to store the account under (`agx connect <provider> --account work`), replacing the account already
   * stored under it. Default: the provider's account name, or the user's default account (see labelForNewConnection).
   */
  account?: string;
}

export interface BeginResult {
  provider: string;
  /** Send the user here. */
  url: string;
  state: string;
  redirectUri: string;
  expiresAt: Date;
}

/** What came back to the callback. */
export interface CallbackParams {
  code?: string;
  /** The provider's `error` parameter (e.g. access_denied). */
  error?: string;
  errorDescription?: string;
  /** OAuth 1.0a callback values. */
  oauthToken?: string;
  oauthVerifier?: string;
}

export interface CompleteOptions {
  /** When the caller knows who is signed in, a state started by someone else is refused. */
  userId?: string;
  /**
   * The secret the finishing browser presented (its flow cookie; "" when it had none). Given, the flow finishes
   * only when it was begun with the same secret, so a flow not bound to a browser (e.g. the CLI's loopback
   * flow) cannot be finished this way either. A refusal uses the flow up: the browser that started it begins anew.
   */
  browserSecret?: string;
}

/**
 * A pending flow with the browser it is bound to. The fingerprint travels in the flow's sealed part, which the
 * vault stores as a whole, so the vault's tables need no new column.
 */
type BoundFlow = PendingFlow & { browser?: string; account?: string };

const DEFAULT_STATE_TTL_S = 600;

/** Starts a connect flow (OAuth 2.0 or OAuth 1.0a): the URL to send the user to. */
export async function beginConnect(ctx: AuthContext, userId: string, provider: string, options: BeginOptions = {}): Promise<BeginResult> {
  if (!userId?.trim()) throw new CommandError("INVALID_INPUT", "A user id is required to connect an account.");
  const auth = ctx.providers.declaration(provider);
  const redirectUri = options.redirectUri ?? defaultRedirectUri(ctx, provider);
  const state = createState();
  const expiresAt = new Date(ctx.now().getTime() + (ctx.options.stateTtlSeconds ?? DEFAULT_STATE_TTL_S) * 1000);
  if (options.browserSecret !== undefined && options.browserSecret.length < MIN_BROWSER_SECRET_LENGTH)
    throw new CommandError("INVALID_INPUT", `A browser secret must be at least ${MIN_BROWSER_SECRET_LENGTH} random characters.`);
  const browser = options.browserSecret !== undefined ? { browser: browserFingerprint(options.browserSecret) } : {};
  const label = accountLabel(options.account);
  // The requested label travels in the flow's sealed part, like the browser binding.
  const account = label === undefined ? {} : { account: label };
  if (label !== undefined && auth.kind !== "oauth2" && auth.kind !== "oauth1")
    throw new CommandError("INVALID_INPUT", `${provider} keeps one set of credentials per user, so --account does not apply.`, { details: { provider } });
  if (options.scopes?.length && auth.kind !== "oauth2")
    throw new CommandError("INVALID_INPUT", `${provider} does not use OAuth 2.0 scopes, so --scopes does not apply.`, { details: { provider } });
  if (auth.kind === "oauth2") {
    const pkce = auth.pkce ? createPkcePair() : undefined;
    const scopes = selectScopes(provider, auth, options.scopes);
    // A subset adds to what the user granted before instead of replacing it.
    const extra = options.scopes?.length ? { include_granted_scopes: "true" } : undefined;
    const url = await ctx.tokens
      .tokenClient(provider)
      .authorizeUrl({ redirectUri, state, scopes, ...(pkce ? { codeChallenge: pkce.challenge } : {}), ...(extra ? { extra } : {}) });
    const flow: BoundFlow = { userId, provider, redirectUri, expiresAt, scopes, ...browser, ...account, ...(pkce ? { codeVerifier: pkce.verifier } : {}) };
    await ctx.store.putFlow(state, flow);
    return { provider, url, state, redirectUri, expiresAt };
  }
  if (auth.kind === "oauth1") {
    const endpoints = oauth1Endpoints(provider, auth, ctx.options.settings);
    const callback = new URL(redirectUri);
    callback.searchParams.set("state", state);
    const answer = await oauth1TokenRequest(
      provider,
      endpoints.requestTokenUrl,
      ctx.consumer(provider, auth),
      { oauth_callback: callback.href },
      { timeoutMs: ctx.timeoutMs(provider), maxBodyBytes: ctx.maxBodyBytes(provider) },
    );
    const requestToken = answer.get("oauth_token")!;
    const flow: BoundFlow = {
      userId,
      provider,
      redirectUri,
      expiresAt,
      requestToken,
      requestTokenSecret: answer.get("oauth_token_secret") ?? "",
      ...browser,
      ...account,
    };
    await ctx.store.putFlow(state, flow);
    const url = new URL(endpoints.authorizeUrl);
    url.searchParams.set("oauth_token", requestToken);
    return { provider, url: url.href, state, redirectUri, expiresAt };
  }
  throw new CommandError(
    "INVALID_INPUT",
    `${provider} uses ${auth.kind === "apiKey" ? "an API key" : "direct credentials"}, not a browser sign-in: store ${vaultSettingNames(auth).join(", ")} with \`agx connect ${provider}\`.`,
    { details: { provider, secrets: [...vaultSettingNames(auth)] } },
  );
}

/** Finishes a connect flow from the callback: checks the state, exchanges the code, stores the tokens. */
export async function completeConnect(ctx: AuthContext, state: string, params: CallbackParams, options: CompleteOptions = {}): Promise<ConnectionInfo> {
  const refuse = (reason: string, message: string) =>
    new CommandError("INVALID_INPUT", `${message} Start the connection again (agx connect <provider>).`, { details: { reason } });
  const flow: BoundFlow | undefined = state ? await ctx.store.getFlow(state) : undefined;
  if (!flow) throw refuse("unknown_state", "This sign-in link is not one this host started.");
  if (options.userId !== undefined && options.userId !== flow.userId) throw refuse("other_user", "This sign-in was started by another user.");
  if ((flow.browser !== undefined || options.browserSecret !== undefined) && !sameBrowser(flow.browser, options.browserSecret)) {
    // The state is used up too: the code a stranger's browser received (the stranger consented with their own
    // account) must not be finishable later by the browser that started the flow, should its URL travel back.
    await ctx.store.claimFlow(state, ctx.now());
    throw refuse("other_browser", "This sign-in was started in another browser (or this browser's sign-in cookie is gone), so it cannot finish here.");
  }
  if (flow.usedAt) throw refuse("state_used", "This sign-in link was already used.");
  if (flow.expiresAt.getTime() <= ctx.now().getTime()) throw refuse("state_expired", "This sign-in link expired.");
  if (!(await ctx.store.claimFlow(state, ctx.now()))) throw refuse("state_used", "This sign-in link was already used.");
  const { userId, provider } = flow;
  let label: string;
  const auth = ctx.providers.declaration(provider);
  if (params.error)
    throw new CommandError(
      "UNAUTHORIZED",
      `${provider} did not grant access (${params.error}${params.errorDescription ? `: ${params.errorDescription}` : ""}).`,
      {
        details: { provider, error: params.error },
      },
    );

  if (auth.kind === "oauth2") {
    if (!params.code) throw refuse("missing_code", `${provider} sent no authorization code.`);
    const tokens = await ctx.tokens.tokenClient(provider).exchange(params.code, flow.redirectUri, flow.codeVerifier);
    const account = await readAccount(ctx, provider, auth, tokens.accessToken);
    label = await labelForNewConnection(ctx.store, userId, provider, flow.account, account);
    const before = await ctx.store.describeConnection(userId, provider, label);
    const granted = tokens.scopes ?? flow.scopes ?? [...auth.scopes];
    const scopes = before?.status === "active" && before.kind === "oauth2" ? mergeScopes(before.scopes, granted) : granted;
    await saveOAuth2Connection(ctx, userId, provider, label, tokens, scopes, account);
  } else if (auth.kind === "oauth1") {
    if (!params.oauthVerifier || (params.oauthToken && params.oauthToken !== flow.requestToken))
      throw refuse("missing_verifier", `${provider} sent no matching oauth_token and oauth_verifier.`);
    const endpoints = oauth1Endpoints(provider, auth, ctx.options.settings);
    const consumer = ctx.consumer(provider, auth);
    const answer = await oauth1TokenRequest(
      provider,
      endpoints.accessTokenUrl,
      { ...consumer, token: flow.requestToken!, tokenSecret: flow.requestTokenSecret ?? "" },
      { oauth_verifier: params.oauthVerifier },
      { timeoutMs: ctx.timeoutMs(provider), maxBodyBytes: ctx.maxBodyBytes(provider) },
    );
    label = await labelForNewConnection(ctx.store, userId, provider, flow.account, undefined);
    await ctx.store.saveConnection({
      userId,
      provider,
      label,
      kind: "oauth1",
      status: "active",
      scopes: [],
      tokens: { accessToken: answer.get("oauth_token")!, tokenSecret: answer.get("oauth_token_secret") ?? "" },
    });
  } else throw refuse("unknown_state", `${provider} does not connect through a browser sign-in.`);
  ctx.logger.info("account connected", { userId, provider, account: label });
  return connectionOf(ctx, userId, provider, label);
}

function defaultRedirectUri(ctx: AuthContext, provider: string): string {
  const base = ctx.options.publicUrl?.trim();
  if (!base)
    throw new CommandError("NOT_CONFIGURED", "AGX_PUBLIC_URL is not set: it is the address providers send users back to (e.g. https://agx.example.com).", {
      details: { missing: ["AGX_PUBLIC_URL"] },
    });
  return `${base.replace(/\/+$/, "")}/oauth/${encodeURIComponent(provider)}/callback`;
}
