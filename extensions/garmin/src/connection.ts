import type { AuthService, HttpClient } from "@agx-ext/auth";
import { CommandError, isCommandError, type CommandContext } from "@agx-ext/core";
import { isOAuth1Retired, legacyClient, retiredError, storedLegacyToken } from "./legacy-oauth1.js";
import type { GarminSettings } from "./settings.js";

export interface ConnectionDeps {
  /** auth's bearer client for the user's OAuth 2.0 connection. */
  http: HttpClient;
  auth: AuthService;
  settings: GarminSettings;
  context: CommandContext;
}

/** The app's OAuth 1.0a consumer secret, or NOT_CONFIGURED naming the setting. */
export function consumerSecret(settings: GarminSettings): string {
  const value = settings.GARMIN_OAUTH1_CONSUMER_SECRET;
  if (value) return value;
  throw new CommandError(
    "NOT_CONFIGURED",
    "Garmin OAuth 1.0a tokens need the host-wide setting GARMIN_OAUTH1_CONSUMER_SECRET (the app's OAuth 1.0a consumer secret): set it as an environment variable or under \"settings\" in agx.config.json.",
    { details: { extension: "garmin", missing: ["GARMIN_OAUTH1_CONSUMER_SECRET"], invalid: [] } },
  );
}

/**
 * The client for this user's Garmin calls: the OAuth 2.0 connection when there is one, else a stored
 * OAuth 1.0a token while Garmin still accepts those, else auth's client (which answers NOT_CONNECTED
 * with how to connect).
 */
export async function garminClient(deps: ConnectionDeps): Promise<HttpClient> {
  const connection = await deps.auth.connection();
  if (connection.status === "connected") return deps.http;
  const legacy = await storedLegacyToken(deps.auth);
  if (!legacy) return deps.http;
  if (isOAuth1Retired(deps.context.now())) throw retiredError();
  const client = legacyClient({ consumerKey: deps.settings.GARMIN_CLIENT_ID, consumerSecret: consumerSecret(deps.settings), ...legacy }, deps.context);
  // An OAuth 1.0a token cannot be refreshed: once Garmin refuses it, the user has to connect again.
  return client.extend({
    hooks: {
      beforeError: [
        (error) =>
          (isCommandError(error) && error.code === "UNAUTHORIZED"
            ? new CommandError("NOT_CONNECTED", "Garmin refused your OAuth 1.0a token (revoked or expired). Connect again with `agx connect garmin`.", {
                details: { ...error.details, connect: "agx connect garmin" },
              })
            : error) as typeof error,
      ],
    },
  });
}
