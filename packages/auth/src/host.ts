/**
 * `@agx-ext/auth/host`: what hosts use to run auth and extension authors do not: the auth service module,
 * connect flows, the token vault and its key files, the HTTP client factory and its host settings, the
 * connection-status webhook.
 */
export { AuthModule, createAuthModule } from "./module.js";
export type { AuthDatabase, AuthModuleOptions } from "./module-options.js";
export { asAuthKind, vaultSettingNames, secretSettingNames } from "./declarations.js";
export { settingPrefix } from "./provider-config.js";
export type { ProviderInfo } from "./listings.js";
export type { BeginOptions, BeginResult, CallbackParams, CompleteOptions } from "./connect-flow.js";
export type { ConnectionStatusChange } from "./tokens.js";
export { createHttpClient, DEFAULT_HTTP_POLICY } from "./http/client.js";
export { HTTP_MAX_BODY_SETTING, HTTP_TIMEOUT_SETTING, httpMaxBodyBytes, httpTimeoutMs } from "./http/limit-settings.js";
export { authEntities } from "./vault/entities.js";
export { VaultCipher, VaultKeyError } from "./vault/cipher.js";
export { loadSecretKey, parsePreviousKeys, parseSecretKey, SECRET_KEY_FILE } from "./vault/key.js";
export { keyId, VaultKeyring } from "./vault/keyring.js";
export type { RotationReport } from "./vault/rotation.js";
export type { KeepAliveReport } from "./keep-alive.js";
export type { KeyCheckReport } from "./key-checks.js";
export { webhookSignature, WEBHOOK_SECRET_SETTING, WEBHOOK_URL_SETTING } from "./status-webhook.js";
