import type { AuthService } from "@agx-ext/auth";
import { CommandError, isCommandError, type CommandContext, type CommandResult } from "@agx-ext/core";
import { OAUTH1_USABLE_UNTIL } from "./auth.js";
import { HealthApi } from "./health-api.js";
import type { ImportTokenOutput } from "./outputs.js";
import type { GarminSettings } from "./settings.js";

/** What importing an OAuth 1.0a token needs from the extension: the user's credentials, the settings and the call. */
export interface ImportDeps {
  auth: AuthService;
  settings: GarminSettings;
  context: CommandContext;
}

/**
 * Garmin - Import OAuth 1.0a Token: auth asks Garmin who the token belongs to (with a client signed by it,
 * proving it still works), then keeps it as the user's connection; auth signs the commands with it until
 * Garmin retires OAuth 1.0a.
 */
export async function importLegacyToken(deps: ImportDeps, legacy: { token: string; tokenSecret: string }): Promise<CommandResult<ImportTokenOutput>> {
  deps.context.addSecret(legacy.token);
  deps.context.addSecret(legacy.tokenSecret);
  let garminUserId: string | null;
  try {
    const connection = await deps.auth.adoptLegacyOAuth1Token(legacy, (http) =>
      new HealthApi(http, deps.settings.GARMIN_API_BASE_URL).userId(deps.context.signal),
    );
    garminUserId = connection.account ?? null;
  } catch (error) {
    if (!isCommandError(error)) throw error;
    if (error.code === "CONFLICT") {
      const connection = await deps.auth.connection();
      return {
        data: { provider: "garmin", authorization: "oauth2", garminUserId: connection.account ?? null, stored: false },
        markdown: "You are already connected to Garmin with OAuth 2.0, which Garmin prefers; the OAuth 1.0a token was not stored.",
      };
    }
    if (error.code === "INVALID_INPUT") throw new CommandError("INVALID_INPUT", error.message, { details: { ...error.details, fields: ["oauth_token"] } });
    if (error.code === "UNAUTHORIZED")
      throw new CommandError("UNAUTHORIZED", "Garmin refused this OAuth 1.0a token and secret (wrong, revoked, or made for another app); nothing was stored.", {
        ...(error.details ? { details: error.details } : {}),
      });
    throw error;
  }
  return {
    data: { provider: "garmin", authorization: "oauth1", garminUserId, stored: true, usableUntil: OAUTH1_USABLE_UNTIL },
    markdown: `Stored the OAuth 1.0a token of Garmin user ${garminUserId}. It works until Garmin retires OAuth 1.0a on ${OAUTH1_USABLE_UNTIL}; connect with \`agx connect garmin\` before then to move to OAuth 2.0.`,
  };
}
