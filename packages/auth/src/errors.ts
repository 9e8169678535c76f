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

/** Why a vault row that does not open with the current key is listed as broken. */
export function unreadableReason(provider: string): string {
  return `the stored credentials cannot be decrypted with the current AGX_SECRET_KEY; connect again with \`agx connect ${provider}\``;
}

/** A vault row sealed under another key (the key changed, or the row was altered): only connecting again replaces it. */
export function unreadableCredentials(provider: string): CommandError {
  return notConnected(
    provider,
    `Your stored ${provider} credentials cannot be decrypted with the current AGX_SECRET_KEY (it is not the key they were saved with, or the stored value was altered), so you need to connect again.`,
    { reason: "unreadable" },
  );
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
