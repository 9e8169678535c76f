import type { LegacyOAuth1 } from "../declarations.js";
import { notConnected } from "../errors.js";
import type { HttpAuthorizer } from "../http/client.js";
import type { StoredConnection } from "../vault/store.js";

/** True from the day after `usableUntil` (UTC). */
export function isLegacyRetired(legacy: LegacyOAuth1, now: Date): boolean {
  return now.getTime() >= Date.parse(`${legacy.usableUntil}T00:00:00Z`) + 86_400_000;
}

function legacyRetiredError(provider: string, legacy: LegacyOAuth1) {
  return notConnected(provider, `${provider} retired OAuth 1.0a on ${legacy.usableUntil}, so your old ${provider} connection no longer works.`);
}

export interface LegacyAwareOptions {
  provider: string;
  legacy: LegacyOAuth1;
  /** The user's stored connection (NOT_CONNECTED when there is none). */
  connection: () => Promise<StoredConnection>;
  /** The OAuth 2.0 bearer authorizer, used for every connection that is not a legacy one. */
  bearer: HttpAuthorizer;
  /** Signs a request with a legacy connection's token (HMAC-SHA1). */
  signer: (connection: StoredConnection) => HttpAuthorizer;
  now: () => Date;
}

/**
 * Bearer tokens for OAuth 2.0 connections; an OAuth 1.0a signature for a legacy connection until the
 * provider retires OAuth 1.0a. A legacy token cannot be refreshed, so a 401 on one means reconnecting.
 */
export function legacyAwareAuthorizer(options: LegacyAwareOptions): HttpAuthorizer {
  const { provider, legacy } = options;
  return {
    async authorize(request) {
      const connection = await options.connection();
      if (connection.kind !== "oauth1") return options.bearer.authorize(request);
      if (isLegacyRetired(legacy, options.now())) throw legacyRetiredError(provider, legacy);
      await options.signer(connection).authorize(request);
      return connection.tokens.accessToken;
    },
    async renew(rejected) {
      const connection = await options.connection();
      if (connection.kind === "oauth1")
        throw notConnected(provider, `${provider} refused your OAuth 1.0a token (revoked or expired); OAuth 1.0a tokens cannot be refreshed.`);
      return options.bearer.renew ? options.bearer.renew(rejected) : false;
    },
  };
}
