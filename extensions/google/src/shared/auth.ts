import { oauth2 } from "@agx-ext/auth";
import { PRODUCTS, type Product } from "./products.js";

const ALL_PRODUCTS = Object.keys(PRODUCTS) as Product[];

/** Every product's scopes, by product: what `agx connect google --scopes <product>` requests. */
const SCOPE_GROUPS = Object.fromEntries(ALL_PRODUCTS.map((product) => [product, PRODUCTS[product].scopes]));

/**
 * The scope groups a normal account can grant: every product but Keep, which needs a Workspace admin's
 * domain-wide delegation. A bare `agx connect google` connects them all; Keep is added on its own.
 */
export const DEFAULT_SCOPE_GROUPS: readonly Product[] = ALL_PRODUCTS.filter((product) => PRODUCTS[product].byDefault);

const ALL_PRODUCT_SCOPES = [...new Set(ALL_PRODUCTS.flatMap((product) => PRODUCTS[product].scopes))];

/**
 * Google OAuth 2.0 with offline access (refresh tokens) and incremental authorization
 * (`include_granted_scopes=true`), so a later grant for another product keeps the earlier ones.
 * `scopeGroups` names each product's scopes, so `agx connect google --scopes gmail,calendar` requests only
 * those, and a host can offer the groups as choices; a bare connect requests `DEFAULT_SCOPE_GROUPS`.
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
  // A bare `agx connect google` asks for these (and openid, email); Keep only when named.
  defaultScopeGroups: DEFAULT_SCOPE_GROUPS,
  extraAuthorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
});
