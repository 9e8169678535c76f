import { createHmac } from "node:crypto";
import type { Logger } from "@agx-ext/core";
import type { SettingsSource } from "@agx-ext/core/host";
import type { ConnectionStatusChange } from "./tokens.js";

export const WEBHOOK_URL_SETTING = "AGX_CONNECTION_WEBHOOK_URL";
export const WEBHOOK_SECRET_SETTING = "AGX_WEBHOOK_SECRET";

/** Changes to or from these states are notified: the ones a person (or an operator) may have to act on. */
const NOTIFIED = new Set(["needs_reauth", "unreadable", "degraded"]);
const TIMEOUT_MS = 10_000;

/** The signature header's value: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Posts connection status changes to AGX_CONNECTION_WEBHOOK_URL as JSON, signed with AGX_WEBHOOK_SECRET
 * (`X-Agx-Timestamp`: Unix seconds; `X-Agx-Signature`: see webhookSignature). Best effort: a failed delivery is
 * logged, never retried, and never delays a call. Undefined when no URL is set; throws when the URL is set without
 * a secret or is not an http(s) URL, so a host never sends unsigned notifications.
 */
export function statusWebhook(settings: SettingsSource, logger: Logger, now: () => Date): ((change: ConnectionStatusChange) => void) | undefined {
  const url = settings.get(WEBHOOK_URL_SETTING)?.trim();
  if (!url) return undefined;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error(`${WEBHOOK_URL_SETTING} must be an http(s) URL.`);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") throw new Error(`${WEBHOOK_URL_SETTING} must be an http(s) URL.`);
  const secret = settings.get(WEBHOOK_SECRET_SETTING);
  if (!secret)
    throw new Error(
      `${WEBHOOK_URL_SETTING} is set but ${WEBHOOK_SECRET_SETTING} is not: notifications are always signed, so set a secret the receiver checks.`,
    );
  return (change) => {
    if (!NOTIFIED.has(change.from) && !NOTIFIED.has(change.to)) return;
    const body = JSON.stringify({
      event: "connection.status_changed",
      userId: change.userId,
      provider: change.provider,
      account: change.account,
      from: change.from,
      to: change.to,
      reason: change.reason,
      at: change.at.toISOString(),
      ...(change.lastError ? { lastError: { code: change.lastError.code, message: change.lastError.message } } : {}),
    });
    const timestamp = String(Math.floor(now().getTime() / 1000));
    void fetch(target, {
      method: "POST",
      headers: { "content-type": "application/json", "x-agx-timestamp": timestamp, "x-agx-signature": webhookSignature(secret, timestamp, body) },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).then(
      (response) => {
        if (!response.ok) logger.warn("connection webhook refused the notification", { status: response.status, host: target.host });
        void response.body?.cancel();
      },
      (error: Error) => logger.warn("connection webhook could not be reached", { host: target.host, error: error.name }),
    );
  };
}
