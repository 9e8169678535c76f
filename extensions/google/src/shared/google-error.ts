import { CommandError, isCommandError } from "@agx-ext/core";
import { connectHint, PRODUCTS, type Product } from "./products.js";

/** Google's error body: `{"error":{"code","message","status","errors":[{"reason"}],"details":[...]}}`. */
interface GoogleErrorBody {
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

function reasonsOf(body: GoogleErrorBody | undefined): string[] {
  const error = body?.error;
  return [
    ...(error?.errors ?? []).map((e) => e.reason),
    ...(error?.details ?? []).map((d) => d.reason),
  ].filter((r): r is string => typeof r === "string");
}

function isRateLimitBody(body: GoogleErrorBody | undefined): boolean {
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
 * product to connect, Google's message is kept, 404 names the item. Auth's HTTP client has already
 * made every HTTP failure a CommandError whose details carry the status and the body (parsed when JSON).
 */
export function translateGoogleError(error: unknown, product: Product, what?: string): CommandError {
  const label = PRODUCTS[product].label;
  if (!isCommandError(error))
    return new CommandError("PROVIDER_ERROR", `Could not reach ${label}: ${(error as Error)?.message ?? String(error)}.`, { cause: error });
  const details = error.details ?? {};
  const status = typeof details.status === "number" ? details.status : undefined;
  const body = details.body && typeof details.body === "object" ? (details.body as GoogleErrorBody) : undefined;
  const reasons = reasonsOf(body);
  const message = googleMessage(body);

  if (status === 403 && reasons.some((r) => SCOPE_REASONS.has(r))) return scopeMissing(product);
  if ((status === 403 || status === 429) && isRateLimitBody(body))
    return new CommandError("RATE_LIMITED", `${label} is rate limiting requests: ${message ?? "rate limit exceeded"}. Try again shortly.`, {
      details,
      retryAfterSeconds: error.retryAfterSeconds ?? 30,
    });
  if (status === 404 || status === 410)
    return new CommandError("NOT_FOUND", `${label} has no ${what ?? "such item"}${message ? `: ${message}` : "."}`, { details });
  if (status === 409) return new CommandError("CONFLICT", `${label} refused the change: ${message ?? "conflict"}.`, { details });
  if (status === 400)
    return new CommandError("INVALID_INPUT", `${label} rejected the request: ${message ?? "invalid argument"}.`, { details });
  if (!message || error.message.includes(message)) return error;
  return new CommandError(error.code, `${error.message} (${label}: ${message})`, {
    details,
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  });
}
