/**
 * Adapter for Garmin OAuth 1.0a user access tokens, kept only until Garmin retires OAuth 1.0a.
 *
 * @agx-ext/auth declares one auth kind per provider, so an OAuth 2.0 provider cannot yet hold OAuth 1.0a
 * connections. Until it can, a user's OAuth 1.0a token and secret live in auth's encrypted vault as two
 * per-user secrets of the garmin provider, and requests are signed with auth's RFC 5849 signer inside
 * auth's HTTP client (same timeouts, retries and error mapping as the bearer client). Delete this file
 * once auth signs legacy connections itself.
 */
import { createHttpClient, signRequest, type AuthService, type HttpAuthorizer, type HttpClient } from "@agx-ext/auth";
import { CommandError, type CommandContext } from "@agx-ext/core";

export const LEGACY_TOKEN = "GARMIN_OAUTH1_TOKEN";
export const LEGACY_TOKEN_SECRET = "GARMIN_OAUTH1_TOKEN_SECRET";
/** Garmin retires OAuth 1.0a on 2026-12-31: tokens are usable through that day (UTC). */
export const OAUTH1_RETIRED_AT = Date.parse("2027-01-01T00:00:00Z");

export interface LegacyCredentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export function isOAuth1Retired(now: Date): boolean {
  return now.getTime() >= OAUTH1_RETIRED_AT;
}

export function retiredError(): CommandError {
  return new CommandError(
    "NOT_CONNECTED",
    "Garmin retired OAuth 1.0a on 2026-12-31, so your old Garmin connection no longer works. Connect again with `agx connect garmin` (OAuth 2.0).",
    { details: { provider: "garmin", connect: "agx connect garmin" } },
  );
}

/** The user's stored OAuth 1.0a token and secret, if both are in the vault. */
export async function storedLegacyToken(auth: AuthService): Promise<{ token: string; tokenSecret: string } | undefined> {
  const token = await auth.secret(LEGACY_TOKEN);
  const tokenSecret = token === undefined ? undefined : await auth.secret(LEGACY_TOKEN_SECRET);
  return token !== undefined && tokenSecret !== undefined ? { token, tokenSecret } : undefined;
}

/** An HTTP client that signs every request with the user's OAuth 1.0a credentials (HMAC-SHA1). */
export function legacyClient(credentials: LegacyCredentials, context: CommandContext): HttpClient {
  for (const value of [credentials.consumerSecret, credentials.token, credentials.tokenSecret]) context.addSecret(value);
  const authorizer: HttpAuthorizer = {
    async authorize(request) {
      request.headers.authorization = signRequest({ method: request.method, url: request.url as URL, credentials }).authorization;
      return undefined;
    },
  };
  return createHttpClient({
    provider: "garmin",
    authorizer,
    secrets: () => [credentials.consumerSecret, credentials.token, credentials.tokenSecret],
    signal: context.signal,
  });
}
