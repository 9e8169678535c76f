import { CommandError, isCommandError } from "@agx-ext/core";
import { connectHint, PRODUCTS, type Product } from "./products.js";

/** Google's error body: `{"error":{"code","message","status","errors":[{"reason"}],"details":[...]}}`. */
export interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: Array<{ reason?: string; message?: string }>;
    details?: Array<{ "@type"?: string; reason?: string; errors?: Array<{ message?: string }> }>;
  };
}

const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "RATE_LIMIT_EXCEEDED"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);

/** Status and parsed body of a failed call, whether auth's client mapped it already or got threw it raw. */
export function failureOf(error: unknown): { status?: number; body?: GoogleErrorBody } {
  let status: number | undefined;
  let body: unknown;
  if (isCommandError(error)) {
    status = error.details?.status as number | undefined;
    body = error.details?.body;
  } else if (typeof error === "object" && error !== null && "response" in error) {
    const response = (error as { response?: { statusCode?: number; body?: unknown } }).response;
    status = response?.statusCode;
    body = response?.body;
  }
  if (typeof body === "string" || Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(body.toString());
    } catch {
      body = undefined;
    }
  }
  return { ...(status !== undefined ? { status } : {}), ...(body && typeof body === "object" ? { body: body as GoogleErrorBody } : {}) };
}

export function reasonsOf(body: GoogleErrorBody | undefined): string[] {
  const error = body?.error;
  return [
    ...(error?.errors ?? []).map((e) => e.reason),
    ...(error?.details ?? []).map((d) => d.reason),
  ].filter((r): r is string => typeof r === "string");
}

export function isRateLimitBody(body: GoogleErrorBody | undefined): boolean {
  return reasonsOf(body).some((reason) => RATE_REASONS.has(reason));
}

/** Google's own words for the failure, including the first Ads failure detail when there is one. */
function googleMessage(body: GoogleErrorBody | undefined): string | undefined {
  const error = body?.error;
  const detail = error?.details?.flatMap((d) => d.errors ?? []).find((e) => e.message)?.message;
  if (detail && error?.message) return `${error.message} (${detail})`;
  return detail ?? error?.message;
}

export function scopeMissing(product: Product): CommandError {
  const { label } = PRODUCTS[product];
  return new CommandError(
    "NOT_CONNECTED",
    `${label} access has not been granted to agx. Add it with \`${connectHint(product)}\` and approve the ${label} permissions.`,
    { details: { product, scopes: PRODUCTS[product].scopes, connect: connectHint(product) } },
  );
}

/**
 * Turns a failed Google call into a CommandError a person can act on: missing scopes name the
 * product to connect, Google's message is kept, 404 names the item.
 */
export function translateGoogleError(error: unknown, product: Product, what?: string): CommandError {
  const { status, body } = failureOf(error);
  const reasons = reasonsOf(body);
  const message = googleMessage(body);
  const label = PRODUCTS[product].label;
  const base = isCommandError(error) ? error : undefined;
  const details = { ...(base?.details ?? {}), ...(status !== undefined ? { status } : {}), ...(body ? { body } : {}) };

  if (status === 403 && reasons.some((r) => SCOPE_REASONS.has(r))) return scopeMissing(product);
  if ((status === 403 || status === 429) && isRateLimitBody(body))
    return new CommandError("RATE_LIMITED", `${label} is rate limiting requests: ${message ?? "rate limit exceeded"}. Try again shortly.`, {
      details,
      retryAfterSeconds: base?.retryAfterSeconds ?? 30,
    });
  if (status === 404 || status === 410)
    return new CommandError("NOT_FOUND", `${label} has no ${what ?? "such item"}${message ? `: ${message}` : "."}`, { details });
  if (status === 409) return new CommandError("CONFLICT", `${label} refused the change: ${message ?? "conflict"}.`, { details });
  if (status === 400)
    return new CommandError("INVALID_INPUT", `${label} rejected the request: ${message ?? "invalid argument"}.`, { details });
  if (base) {
    if (!message || base.message.includes(message)) return base;
    return new CommandError(base.code, `${base.message} (${label}: ${message})`, {
      details,
      ...(base.retryAfterSeconds !== undefined ? { retryAfterSeconds: base.retryAfterSeconds } : {}),
    });
  }
  if (status !== undefined)
    return new CommandError("PROVIDER_ERROR", `${label} answered HTTP ${status}${message ? `: ${message}` : ""}.`, { details });
  return new CommandError("PROVIDER_ERROR", `Could not reach ${label}: ${(error as Error)?.message ?? String(error)}.`, { cause: error });
}
