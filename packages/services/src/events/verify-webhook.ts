import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookVerification } from "@agx-ext/core";
import type { SettingsSource } from "@agx-ext/core/host";

export type Verdict =
  { ok: true } | { ok: false; status: 401; reason: string } | { ok: false; status: 200; reason: "stale" } | { ok: false; status: 503; reason: string };

const DEFAULT_TOLERANCE_SECONDS = 300;

/** Constant-time comparison of two strings (a length difference is answered at once: lengths are not secret). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a provider's POST as its trigger declares: the shared secret and/or the HMAC signature. A request whose
 * signature is right but whose timestamp is too old (or too far ahead) is a replay: answered 200 and ignored, so a
 * provider does not retry it. A missing setting is the host's fault (503), never a reason to accept.
 */
export function verifyWebhook(
  verify: WebhookVerification,
  request: { headers: Record<string, string | undefined>; query: Record<string, string | undefined>; rawBody: string },
  settings: SettingsSource,
  now: Date,
): Verdict {
  const { sharedSecret, signature } = verify;
  if (sharedSecret) {
    const expected = settings.get(sharedSecret.setting);
    if (!expected) return { ok: false, status: 503, reason: `${sharedSecret.setting} is not set on this host` };
    const given =
      (sharedSecret.header ? request.headers[sharedSecret.header.toLowerCase()] : undefined) ??
      (sharedSecret.query ? request.query[sharedSecret.query] : undefined);
    if (!given || !sameSecret(given, expected)) return { ok: false, status: 401, reason: "the shared secret is missing or wrong" };
  }
  if (signature) {
    const key = settings.get(signature.setting);
    if (!key) return { ok: false, status: 503, reason: `${signature.setting} is not set on this host` };
    const given = request.headers[signature.header.toLowerCase()];
    if (!given) return { ok: false, status: 401, reason: `the ${signature.header} header is missing` };
    let signed = request.rawBody;
    let sentAt: number | undefined;
    if (signature.timestampHeader) {
      const timestamp = request.headers[signature.timestampHeader.toLowerCase()];
      sentAt = timestamp === undefined ? undefined : parseTimestamp(timestamp);
      if (timestamp === undefined || sentAt === undefined)
        return { ok: false, status: 401, reason: `the ${signature.timestampHeader} header is missing or not a time` };
      signed = `${timestamp}${signature.timestampSeparator ?? ""}${request.rawBody}`;
    }
    const digest = createHmac(signature.algorithm ?? "sha256", key)
      .update(signed)
      .digest(signature.encoding ?? "hex");
    const expected = `${signature.prefix ?? ""}${digest}`;
    // Hex digests are compared without regard to case: providers differ.
    const normalise = (value: string) => (signature.encoding === "base64" ? value.trim() : value.trim().toLowerCase());
    if (!sameSecret(normalise(given), normalise(expected))) return { ok: false, status: 401, reason: "the signature does not match" };
    if (sentAt !== undefined && Math.abs(now.getTime() - sentAt) > (signature.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000)
      return { ok: false, status: 200, reason: "stale" };
  }
  return { ok: true };
}

/** Unix seconds, Unix milliseconds or an ISO 8601 time, as ms since the epoch. */
function parseTimestamp(value: string): number | undefined {
  if (/^\d{1,13}$/.test(value.trim())) {
    const number = Number(value);
    return number < 1e11 ? number * 1000 : number;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}
