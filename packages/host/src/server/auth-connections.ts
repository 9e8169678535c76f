import type { AuthModule, ProviderInfo } from "@agx-ext/auth/host";
import { CommandError } from "@agx-ext/core";
import { type ExtensionHandle } from "@agx-ext/core/host";
import type { ConnectionsService, CredentialField, ProviderChoice, ScopeGroupChoice } from "./connections.js";

/**
 * The HTTP routes' view of @agx-ext/auth's connect flows. `extensions` (the host's) supply what a credentials form
 * needs to show: each field's description and whether the settings schema requires it.
 */
export function authConnections(auth: AuthModule, extensions: readonly ExtensionHandle[] = []): ConnectionsService {
  return {
    begin: (userId, provider, redirectUri, { scopes, browserSecret, account } = {}) =>
      auth.begin(userId, provider, {
        redirectUri,
        ...(scopes?.length ? { scopes } : {}),
        ...(browserSecret !== undefined ? { browserSecret } : {}),
        ...(account !== undefined ? { account } : {}),
      }),
    complete: (state, callback, { browserSecret } = {}) => auth.complete(state, callback, browserSecret !== undefined ? { browserSecret } : {}),
    list: (userId) => auth.connections(userId),
    providers: () => auth.providers().map((info) => providerChoice(info, extensions)),
    saveCredentials: async (userId, provider, fields, { account } = {}) => {
      oneCredentialSet(provider, account);
      for (const [name, value] of Object.entries(fields)) await auth.setSecret(userId, provider, name, value);
    },
    disconnect: (userId, provider, { account } = {}) => auth.disconnect(userId, provider, account),
    setDefaultAccount: (userId, provider, account) => auth.setDefaultAccount(userId, provider, account),
  };
}

/** API keys and credentials are one set per user and provider (stored as the "default" account): another account is refused, not ignored. */
function oneCredentialSet(provider: string, account: string | undefined): void {
  if (account !== undefined && account !== "default")
    throw new CommandError("INVALID_INPUT", `${provider} keeps one set of credentials per user: leave out account.`, { details: { fields: ["account"] } });
}

function providerChoice(info: ProviderInfo, extensions: readonly ExtensionHandle[]): ProviderChoice {
  const choice: ProviderChoice = { provider: info.provider, kind: info.kind };
  if (info.scopeGroups) {
    const defaults = new Set(info.defaultScopeGroups ?? Object.keys(info.scopeGroups));
    choice.scopeGroups = Object.entries(info.scopeGroups).map(([name, scopes]): ScopeGroupChoice => ({
      name,
      description: describeScopes(scopes),
      scopes: [...scopes],
      default: defaults.has(name),
    }));
  }
  if (info.kind === "apiKey" || info.kind === "credentials") choice.fields = info.secrets.map((name) => credentialField(info, name, extensions));
  return choice;
}

function credentialField(info: ProviderInfo, name: string, extensions: readonly ExtensionHandle[]): CredentialField {
  const setting = extensions
    .filter((extension) => extension.manifest.auth?.provider === info.provider)
    .flatMap((extension) => extension.manifest.settings)
    .find((s) => s.key === name);
  return {
    name,
    label: setting?.description ?? name,
    // An API key is always a secret; a credentials field only when its schema does not say otherwise.
    secret: info.kind === "apiKey" || (setting?.secret ?? true),
    required: setting?.required ?? true,
  };
}

/**
 * A scope group's scopes, shortened to what a person can read: URL scopes by their last part
 * (https://www.googleapis.com/auth/gmail.modify -> gmail.modify), others as they are.
 */
function describeScopes(scopes: readonly string[]): string {
  const words = scopes.map((scope) => (/^https?:\/\//.test(scope) ? (scope.replace(/\/+$/, "").split("/").at(-1) ?? scope) : scope));
  return `Lets the host use: ${words.join(", ")}`;
}
