import type { LoadedExtension } from "@agx-ext/core/host";
import { asAuthKind, vaultSettingNames } from "./declarations.js";
import { providerOf } from "./provider-registry.js";

/**
 * How a user supplies missing settings that the vault holds per user (credentials fields, API keys): with
 * `agx connect <provider>`. Setting a password host-wide would make it every user's, so credentials fields are
 * never sent to environment variables; an API key may also be host-wide. Undefined when none of `missing` is per user.
 */
export function missingSettingsHint(extension: LoadedExtension, missing: readonly string[]): string | undefined {
  const auth = asAuthKind(extension.definition.auth);
  if (!auth) return undefined;
  const perUser = vaultSettingNames(auth).filter((name) => missing.includes(name));
  if (!perUser.length) return undefined;
  const provider = providerOf(extension);
  const names = perUser.join(", ");
  if (auth.kind === "credentials")
    return `${names} ${perUser.length > 1 ? "are" : "is"} stored per user: run \`agx connect ${provider}\` to enter ${perUser.length > 1 ? "them" : "it"}.`;
  return `Store your own ${names} with \`agx connect ${provider}\`, or set it host-wide for every user.`;
}
