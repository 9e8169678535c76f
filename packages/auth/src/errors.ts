import { CommandError } from "@agx-ext/core";

/** How a person reconnects; every NOT_CONNECTED answer carries it. */
export function reconnectHint(provider: string): string {
  return `Connect it with \`agx connect ${provider}\` (or open /v1/connections/${provider}/authorize on the host's HTTP API).`;
}

export function notConnected(provider: string, why: string, details: Record<string, unknown> = {}): CommandError {
  return new CommandError("NOT_CONNECTED", `${why} ${reconnectHint(provider)}`, {
    details: { provider, connect: `agx connect ${provider}`, ...details },
  });
}

/** Why a vault row that does not open is listed as unreadable; names the key it was sealed under when the host lacks it. */
export function unreadableReason(provider: string, keyId?: string): string {
  const why = keyId
    ? `the stored credentials were sealed under vault key ${keyId}, which is neither AGX_SECRET_KEY nor in AGX_SECRET_KEY_PREVIOUS`
    : "the stored credentials cannot be decrypted with AGX_SECRET_KEY or AGX_SECRET_KEY_PREVIOUS";
  return `${why}; add that key to AGX_SECRET_KEY_PREVIOUS or connect again with \`agx connect ${provider}\``;
}

/** A vault row no configured key opens (another key, or the row was altered): the key, or connecting again, repairs it. */
export function unreadableCredentials(provider: string, keyId?: string): CommandError {
  const why = keyId
    ? `Your stored ${provider} credentials were sealed under vault key ${keyId}, which this host does not have (set it in AGX_SECRET_KEY_PREVIOUS)`
    : `Your stored ${provider} credentials cannot be decrypted with AGX_SECRET_KEY or AGX_SECRET_KEY_PREVIOUS (they were saved with another key, or the stored value was altered)`;
  return notConnected(provider, `${why}, or connect again.`, { reason: "unreadable", status: "unreadable", ...(keyId ? { keyId } : {}) });
}

export function notConfigured(provider: string, missing: string[]): CommandError {
  return new CommandError(
    "NOT_CONFIGURED",
    `Connecting to ${provider} needs the host-wide setting${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: set ${missing.length > 1 ? "them" : "it"} as environment variables or under "settings" in agx.config.json.`,
    { details: { provider, missing } },
  );
}

/** The provider's own words from an error body (OAuth `error_description`, Garmin `errorMessage`, `message`, `error.message`, `detail`...), short. */
export function providerMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim().slice(0, 300) || undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const nested = typeof b.error === "object" && b.error !== null ? (b.error as Record<string, unknown>) : undefined;
  const candidates = [
    b.error_description,
    b.errorMessage, // Garmin
    b.message,
    nested?.message,
    b.detail,
    b.error,
    Array.isArray(b.errors) ? (b.errors[0] as Record<string, unknown> | undefined)?.message : undefined,
  ];
  const found = candidates.find((c) => typeof c === "string" && c.trim() !== "") as string | undefined;
  return found?.slice(0, 300);
}
