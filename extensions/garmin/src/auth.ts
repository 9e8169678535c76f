import { oauth2 } from "@agx-ext/auth";
import { GARMIN_API_BASE_URL } from "./settings.js";

/** Garmin retires OAuth 1.0a after this day (UTC). */
export const OAUTH1_USABLE_UNTIL = "2026-12-31";

/**
 * New connections: OAuth 2.0 authorization code with PKCE (Garmin Connect Developer Program).
 * Garmin takes the client credentials in the token request body and has no scopes: the user picks
 * what to share on Garmin's consent page. The connected account is named by its Garmin user id.
 * Connections made with OAuth 1.0a are imported with `Garmin - Import OAuth 1.0a Token` and signed by auth.
 */
export const garminAuth = oauth2({
  provider: "garmin",
  authorizeUrl: "https://connect.garmin.com/oauth2Confirm",
  tokenUrl: "https://diauth.garmin.com/di-oauth2-service/oauth/token",
  scopes: [],
  pkce: true,
  clientAuth: "body",
  clientIdSetting: "GARMIN_CLIENT_ID",
  clientSecretSetting: "GARMIN_CLIENT_SECRET",
  userInfo: { url: `${GARMIN_API_BASE_URL}/wellness-api/rest/user/id`, urlSetting: "GARMIN_USERINFO_URL", accountField: "userId" },
  // Users connected with OAuth 1.0a keep working (signed with the OAuth 1.0a consumer secret) until the retirement.
  legacyOAuth1: { consumerKeySetting: "GARMIN_CLIENT_ID", consumerSecretSetting: "GARMIN_OAUTH1_CONSUMER_SECRET", usableUntil: OAUTH1_USABLE_UNTIL },
});
