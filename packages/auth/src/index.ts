/**
 * What extension authors use: the auth declarations (`oauth2`, `apiKey`...), the HTTP client and the
 * credentials service their commands receive (`@inject(HTTP)`, `@inject(AUTH)`), the recognisers of provider
 * refusals and the OAuth 1.0a signer. What only hosts use (the auth module, the vault, connect flows, key
 * files, host settings) lives in `@agx-ext/auth/host`. scripts/api-report.mjs pins both.
 */
export { apiKey, oauth2, oauth1, credentials } from "./declarations.js";
export type {
  ApiKeyAuth,
  ApiKeyOptions,
  OAuth2Auth,
  OAuth2Options,
  OAuth1Auth,
  OAuth1Options,
  CredentialsAuth,
  CredentialsOptions,
  CredentialsField,
  AuthKind,
  HttpBehaviour,
  RetryableResponse,
  TokenParamValue,
  LegacyOAuth1,
  KeyCheck,
} from "./declarations.js";
export type { AdoptedTokens, AuthService, CallConnectionInfo, ConnectionInfo, ConnectionStatus } from "./service.js";
export type { HttpClient, HttpPolicy, HttpAuthorizer, HttpClientOptions } from "./http/client.js";
export { isLegacyRetired } from "./oauth2/legacy-oauth1.js";
export { isInsufficientScope, isRateLimitRefusal } from "./http/recognisers.js";
export { retryAfterSeconds } from "./http/errors.js";
export { signRequest, signatureBaseString, normalizeParameters, baseStringUri, percentEncode, hmacSha1Signature } from "./oauth1/signer.js";
export type { OAuth1Credentials, SignOptions, SignedRequest } from "./oauth1/signer.js";
