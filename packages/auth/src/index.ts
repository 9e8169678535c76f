export { apiKey, oauth2, oauth1, credentials, asAuthKind, vaultSettingNames, secretSettingNames } from "./declarations.js";
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
export { isLegacyRetired } from "./oauth2/legacy-oauth1.js";
export { isInsufficientScope, isRateLimitRefusal } from "./http/recognisers.js";
export { AuthModule, createAuthModule } from "./module.js";
export type { AuthDatabase, AuthModuleOptions } from "./module-options.js";
export type { ProviderInfo } from "./listings.js";
export type { BeginOptions, BeginResult, CallbackParams, CompleteOptions } from "./connect-flow.js";
export type { AdoptedTokens, AuthService, CallConnectionInfo, ConnectionInfo, ConnectionStatus } from "./service.js";
export type { ConnectionStatusChange } from "./tokens.js";
export { createHttpClient, DEFAULT_HTTP_POLICY } from "./http/client.js";
export type { HttpClient, HttpPolicy, HttpAuthorizer, HttpClientOptions } from "./http/client.js";
export { retryAfterSeconds } from "./http/errors.js";
export { HTTP_MAX_BODY_SETTING, HTTP_TIMEOUT_SETTING, httpMaxBodyBytes, httpTimeoutMs } from "./http/limit-settings.js";
export { signRequest, signatureBaseString, normalizeParameters, baseStringUri, percentEncode, hmacSha1Signature } from "./oauth1/signer.js";
export type { OAuth1Credentials, SignOptions, SignedRequest } from "./oauth1/signer.js";
export { authEntities } from "./vault/entities.js";
export { VaultCipher, VaultKeyError } from "./vault/cipher.js";
export { loadSecretKey, parsePreviousKeys, parseSecretKey, SECRET_KEY_FILE } from "./vault/key.js";
export { keyId, VaultKeyring } from "./vault/keyring.js";
export type { RotationReport } from "./vault/rotation.js";
export type { KeepAliveReport } from "./keep-alive.js";
export type { KeyCheckReport } from "./key-checks.js";
export { webhookSignature, WEBHOOK_SECRET_SETTING, WEBHOOK_URL_SETTING } from "./status-webhook.js";
export { settingPrefix } from "./provider-config.js";
