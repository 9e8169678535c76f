import { CommandError } from "@agx-ext/core";
import type { AuthContext } from "./auth-context.js";
import { vaultSettingNames } from "./declarations.js";
import { unreadableCredentials } from "./errors.js";
import { forgetKeyVerdict } from "./key-checks.js";
import { VaultKeyError } from "./vault/cipher.js";

/** Stores a per-user secret (an API key or a credentials field) of a provider, refusing names it does not declare. */
export async function setUserSecret(ctx: AuthContext, userId: string, provider: string, name: string, value: string): Promise<void> {
  const auth = ctx.providers.declaration(provider);
  const names = vaultSettingNames(auth);
  if (!names.includes(name))
    throw new CommandError("INVALID_INPUT", `${provider} keeps no secret named ${name}; it takes ${names.length ? names.join(", ") : "none"}.`, {
      details: { provider, allowed: [...names] },
    });
  if (!value) throw new CommandError("INVALID_INPUT", `The value of ${name} is empty.`);
  await ctx.store.setSecret(userId, provider, name, value);
  await forgetKeyVerdict(ctx, userId, provider);
}

/** A per-user secret's value; NOT_CONNECTED (reconnect) when it does not open with the current key. */
export async function readUserSecret(ctx: AuthContext, userId: string, provider: string, name: string): Promise<string | undefined> {
  try {
    return await ctx.store.getSecret(userId, provider, name);
  } catch (error) {
    if (error instanceof VaultKeyError) throw unreadableCredentials(provider, error.unknownKey ? error.keyId : undefined);
    throw error;
  }
}
