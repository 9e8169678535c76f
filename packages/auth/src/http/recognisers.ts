import type { IncomingHttpHeaders } from "node:http";
import type { RetryableResponse } from "../declarations.js";

/** Reasons Google-style APIs (`{"error":{"errors":[{"reason"}],"details":[{"reason"}]}}`) give for a refusal. */
function reasonsOf(body: unknown): string[] {
  if (typeof body !== "object" || body === null) return [];
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return [];
  const { errors, details, status } = error as { errors?: unknown; details?: unknown; status?: unknown };
  const reasons = [...(Array.isArray(errors) ? errors : []), ...(Array.isArray(details) ? details : [])]
    .map((entry) => (typeof entry === "object" && entry !== null ? (entry as { reason?: unknown }).reason : undefined))
    .filter((reason): reason is string => typeof reason === "string");
  return typeof status === "string" ? [...reasons, status] : reasons;
}

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficient_scope"]);

/** A 403 that is really a short-term rate limit (Google answers some limits this way and documents backoff). */
export function isRateLimitRefusal(status: number, body: unknown): boolean {
  return status === 403 && reasonsOf(body).some((reason) => RATE_LIMIT_REASONS.has(reason));
}

/** A refusal outside the usual transient statuses that still deserves a 429's backoff: a 403 rate limit, or one the declaration names. */
export function isTransientRefusal(status: number, body: unknown, retryable?: RetryableResponse): boolean {
  return isRateLimitRefusal(status, body) || (retryable?.(status, body) ?? false);
}

/**
 * The token is fine but the grant lacks a scope: RFC 6750 `WWW-Authenticate: Bearer error="insufficient_scope"`,
 * an OAuth-style `{"error":"insufficient_scope"}`, or Google's reasons. Reconnecting (granting it) is the fix.
 */
export function isInsufficientScope(status: number, body: unknown, headers: IncomingHttpHeaders = {}): boolean {
  if (status !== 403 && status !== 401) return false;
  if (/error\s*=\s*"?insufficient_scope/i.test(String(headers["www-authenticate"] ?? ""))) return true;
  if (typeof body === "object" && body !== null && (body as { error?: unknown }).error === "insufficient_scope") return true;
  return reasonsOf(body).some((reason) => SCOPE_REASONS.has(reason));
}
