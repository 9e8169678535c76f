import type { AuthService } from "@agx-ext/auth";
import { CommandError, isCommandError } from "@agx-ext/core";

/**
 * Google answers a credential it does not issue (such as an access token of the retired Fitbit OAuth)
 * with 401 UNAUTHENTICATED and an ErrorInfo whose reason says the token type is unsupported.
 */
const LEGACY_REASONS = new Set(["ACCESS_TOKEN_TYPE_UNSUPPORTED"]);

interface GoogleErrorBody {
  error?: { status?: string; message?: string; details?: Array<{ reason?: string }> };
}

/** True when the Google Health API refused a token because it is a legacy Fitbit Web API token. */
export function isLegacyTokenRefusal(error: unknown): boolean {
  if (!isCommandError(error)) return false;
  const body = error.details?.body as GoogleErrorBody | undefined;
  const reasons = body?.error?.details?.map((d) => d.reason) ?? [];
  return reasons.some((reason) => reason !== undefined && LEGACY_REASONS.has(reason));
}

/** The NOT_CONNECTED error that tells a user with a legacy Fitbit connection to connect again through Google. */
export function reconnectThroughGoogle(extensionId: string): CommandError {
  return new CommandError(
    "NOT_CONNECTED",
    "Your Fitbit connection uses a legacy Fitbit token, which stopped working when Fitbit moved to the Google Health API. " +
      `Reconnect through Google (agx connect ${extensionId}) and sign in with the Google account your Fitbit is linked to.`,
    { details: { provider: extensionId, reason: "legacy_fitbit_token" } },
  );
}

const GOOGLE_HEALTH_SCOPE_PREFIX = "https://www.googleapis.com/auth/googlehealth.";

/**
 * A connection recorded with the retired Fitbit OAuth carries Fitbit's scope names ("activity",
 * "heartrate"...) and none of Google's; its tokens can never work, so say so before calling Google.
 */
export async function assertNotLegacyConnection(auth: Pick<AuthService, "connection">, extensionId: string): Promise<void> {
  const connection = await auth.connection();
  if (connection.status !== "connected" || connection.scopes.length === 0) return;
  if (!connection.scopes.some((scope) => scope.startsWith(GOOGLE_HEALTH_SCOPE_PREFIX))) throw reconnectThroughGoogle(extensionId);
}
