import { oauth2 } from "@agx-ext/auth";
import { PRODUCTS } from "./products.js";

/** Every product's scopes, by product: what `agx connect google --scopes <product>` would request. */
const SCOPE_GROUPS = Object.fromEntries(Object.entries(PRODUCTS).map(([product, { scopes }]) => [product, scopes]));

const ALL_PRODUCT_SCOPES = [...new Set(Object.values(PRODUCTS).flatMap((p) => p.scopes))];

/**
 * Google OAuth 2.0 with offline access (refresh tokens) and incremental authorization
 * (`include_granted_scopes=true`), so a later grant for another product keeps the earlier ones.
 * `scopeGroups` names each product's scopes, so `agx connect google --scopes gmail,calendar` requests only those.
 */
export const googleAuth = oauth2({
  provider: "google",
  authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  revokeUrl: "https://oauth2.googleapis.com/revoke",
  userInfo: { url: "https://openidconnect.googleapis.com/v1/userinfo", accountField: "email" },
  scopes: ["openid", "email", ...ALL_PRODUCT_SCOPES],
  pkce: true,
  clientAuth: "body",
  clientIdSetting: "GOOGLE_CLIENT_ID",
  clientSecretSetting: "GOOGLE_CLIENT_SECRET",
  scopeGroups: SCOPE_GROUPS,
  extraAuthorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
});
