import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";
import type { VaultStore } from "./vault/store.js";

/** The label of an account connected without a name (the provider gave none, the user chose none). */
export const DEFAULT_ACCOUNT = "default";

/** As long as the database column; an account name (an e-mail address) fits easily. */
const MAX_ACCOUNT_LENGTH = 255;

/**
 * An account label given by a caller (CLI option, HTTP parameter, command input), trimmed; INVALID_INPUT when it is
 * empty, too long or not a string. Undefined stays undefined: the user's default account.
 */
export function accountLabel(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const label = typeof value === "string" ? value.trim() : "";
  if (!label || label.length > MAX_ACCOUNT_LENGTH || label.includes("\u0000"))
    throw new CommandError("INVALID_INPUT", `An account must be a name of 1 to ${MAX_ACCOUNT_LENGTH} characters, got "${clip(String(value))}".`, {
      details: { fields: ["account"] },
    });
  return label;
}

/**
 * The label a newly connected account is stored under, replacing the account already stored under it:
 * - the label the user asked for (`agx connect <provider> --account work`);
 * - else the label of the user's account with the same provider account name (connecting again replaces it);
 * - else, for the user's first account of the provider, the provider's account name, or "default";
 * - else a further account named by the provider is added under its name, and one the provider does not name
 *   replaces the user's default account (so a plain reconnect of such a provider repairs the default).
 */
export async function labelForNewConnection(
  store: Pick<VaultStore, "listConnections">,
  userId: string,
  provider: string,
  requested: string | undefined,
  providerAccount: string | undefined,
): Promise<string> {
  if (requested !== undefined) return requested;
  const existing = (await store.listConnections(userId)).filter((c) => c.provider === provider);
  const same = providerAccount === undefined ? undefined : existing.find((c) => c.account === providerAccount);
  if (same) return same.label;
  if (providerAccount !== undefined) return providerAccount.slice(0, MAX_ACCOUNT_LENGTH);
  return existing.find((c) => c.isDefault)?.label ?? existing[0]?.label ?? DEFAULT_ACCOUNT;
}

/**
 * API keys and credentials are one set per user and provider, stored under no account: a call or request naming
 * another account than "default" is told so (NOT_CONNECTED, listing the one account there is).
 */
export function singleCredentialSet(provider: string, account: string | undefined): void {
  if (account === undefined || account === DEFAULT_ACCOUNT) return;
  throw new CommandError(
    "NOT_CONNECTED",
    `${provider} keeps one set of credentials per user, so there is no ${provider} account "${clip(account)}"; leave account out.`,
    {
      details: { provider, account: clip(account), accounts: [DEFAULT_ACCOUNT] },
    },
  );
}
