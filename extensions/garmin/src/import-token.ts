import type { AuthService } from "@agx-ext/auth";
import { CommandError, isCommandError, type CommandContext, type CommandResult } from "@agx-ext/core";
import { consumerSecret } from "./connection.js";
import { HealthApi } from "./health-api.js";
import { isOAuth1Retired, LEGACY_TOKEN, LEGACY_TOKEN_SECRET, legacyClient } from "./legacy-oauth1.js";
import type { GarminSettings } from "./settings.js";

export interface ImportDeps {
  auth: AuthService;
  settings: GarminSettings;
  context: CommandContext;
}

/**
 * Garmin - Import OAuth 1.0a Token: asks Garmin who the token belongs to (proving it still works),
 * then stores token and secret in auth's vault so the commands sign with them until the retirement.
 */
export async function importLegacyToken(deps: ImportDeps, legacy: { token: string; tokenSecret: string }): Promise<CommandResult> {
  deps.context.addSecret(legacy.token);
  deps.context.addSecret(legacy.tokenSecret);
  if (isOAuth1Retired(deps.context.now()))
    throw new CommandError("INVALID_INPUT", "Garmin retired OAuth 1.0a on 2026-12-31; connect with `agx connect garmin` (OAuth 2.0) instead.", {
      details: { fields: ["oauth_token"] },
    });
  const client = legacyClient({ consumerKey: deps.settings.GARMIN_CLIENT_ID, consumerSecret: consumerSecret(deps.settings), ...legacy }, deps.context);
  let garminUserId: string;
  try {
    garminUserId = await new HealthApi(client, deps.settings.GARMIN_API_BASE_URL).userId(deps.context.signal);
  } catch (error) {
    if (isCommandError(error) && error.code === "UNAUTHORIZED")
      throw new CommandError("UNAUTHORIZED", "Garmin refused this OAuth 1.0a token and secret (wrong, revoked, or made for another app); nothing was stored.", {
        ...(error.details ? { details: error.details } : {}),
      });
    throw error;
  }
  await deps.auth.setSecret(LEGACY_TOKEN, legacy.token);
  await deps.auth.setSecret(LEGACY_TOKEN_SECRET, legacy.tokenSecret);
  return {
    data: { provider: "garmin", authorization: "oauth1", garminUserId, usableUntil: "2026-12-31" },
    markdown: `Stored the OAuth 1.0a token of Garmin user ${garminUserId}. It works until Garmin retires OAuth 1.0a on 2026-12-31; connect with \`agx connect garmin\` before then to move to OAuth 2.0.`,
  };
}
