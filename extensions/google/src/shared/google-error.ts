import { CommandError, isCommandError } from "@agx-ext/core";
import { connectHint, PRODUCTS, type Product } from "./products.js";

/** Google's error body: `{"error":{"code","message","status","errors":[{"reason"}],"details":[...]}}`. */
interface GoogleErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: Array<{ reason?: string; message?: string }>;
    details?: Array<{ "@type"?: string; reason?: string; errors?: Array<{ message?: string; errorCode?: Record<string, unknown> }> }>;
  };
}

const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "RATE_LIMIT_EXCEEDED"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);
/** The Google Cloud project behind the OAuth client has not enabled the API. */
const API_DISABLED_REASONS = new Set(["accessNotConfigured", "SERVICE_DISABLED"]);

/** Google Ads' developer-token failures (DEVELOPER_TOKEN_NOT_APPROVED, _PROHIBITED, _INVALID, ...). */
function isDeveloperTokenReason(reason: string): boolean {
  return reason.startsWith("DEVELOPER_TOKEN_") && reason !== "DEVELOPER_TOKEN_PARAMETER_MISSING";
}

/**
 * A 403 that reconnecting cannot fix, named for what can: an unapproved Ads developer token (the host's
 * setting), an API the Cloud project has not enabled, or a resource the Google account has no access to.
 * An insufficient or revoked grant is handled before this and is the only refusal that asks for a reconnect.
 */
function permissionRefusal(
  product: Product,
  reasons: string[],
  message: string | undefined,
  what: string | undefined,
  details: Record<string, unknown>,
): CommandError | undefined {
  const label = PRODUCTS[product].label;
  const said = message ? ` Google said: ${message}` : "";
  const developerToken = reasons.find(isDeveloperTokenReason);
  if (product === "ads" && developerToken)
    return new CommandError(
      "NOT_CONFIGURED",
      `Google Ads refused the developer token in GOOGLE_ADS_DEVELOPER_TOKEN (${developerToken}). ${
        developerToken === "DEVELOPER_TOKEN_NOT_APPROVED"
          ? "It is approved for test accounts only: apply for Basic or Standard access in the API Center of your manager account, or use a test account."
          : "Check the token in the API Center of your manager account and set it again."
      } Reconnecting will not help.${said}`,
      { details: { ...details, reason: developerToken, setting: "GOOGLE_ADS_DEVELOPER_TOKEN" } },
    );
  const disabled = reasons.find((r) => API_DISABLED_REASONS.has(r));
  if (disabled)
    return new CommandError(
      "NOT_CONFIGURED",
      `The ${label} API is not enabled in the Google Cloud project of GOOGLE_CLIENT_ID: enable it in Google Cloud console (APIs & Services), wait a few minutes, and try again. Reconnecting will not help.${said}`,
      { details: { ...details, reason: disabled } },
    );
  const adsPermission = reasons.find((r) => r === "USER_PERMISSION_DENIED" || r === "CUSTOMER_NOT_ENABLED");
  const status = (details.body as GoogleErrorBody | undefined)?.error?.status;
  if (adsPermission || status === "PERMISSION_DENIED" || reasons.includes("forbidden"))
    return new CommandError(
      "UNAUTHORIZED",
      `The connected Google account has no access to ${what ?? `this ${label} resource`}. ${
        adsPermission === "USER_PERMISSION_DENIED"
          ? "Ask an administrator of that Google Ads account to add this Google account as a user, or set GOOGLE_ADS_LOGIN_CUSTOMER_ID to the manager account it is reached through."
          : adsPermission === "CUSTOMER_NOT_ENABLED"
            ? "The Google Ads account is not enabled (cancelled or not yet set up); finish its setup in Google Ads."
            : `Ask an administrator of it to give this Google account access in ${label}, or use another id.`
      } Reconnecting will not help.${said}`,
      { details: { ...details, reason: adsPermission ?? "PERMISSION_DENIED", ...(what ? { resource: what } : {}) } },
    );
  return undefined;
}

/** Reasons from `errors[]`, `details[]` (ErrorInfo) and Google Ads' error codes (`details[].errors[].errorCode`). */
function reasonsOf(body: GoogleErrorBody | undefined): string[] {
  const error = body?.error;
  const list = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);
  const details = list(error?.details).filter((d) => typeof d === "object" && d !== null);
  return [
    ...list(error?.errors).map((e) => e?.reason),
    ...details.map((d) => d.reason),
    ...details.flatMap((d) => list(d.errors)).flatMap((e) => (e?.errorCode && typeof e.errorCode === "object" ? Object.values(e.errorCode) : [])),
  ].filter((r): r is string => typeof r === "string");
}

function isRateLimitBody(body: GoogleErrorBody | undefined): boolean {
  return reasonsOf(body).some((reason) => RATE_REASONS.has(reason));
}

/** Google's own words for the failure, including the first Ads failure detail when there is one. */
function googleMessage(body: GoogleErrorBody | undefined): string | undefined {
  const error = body?.error;
  const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  const details = Array.isArray(error?.details) ? error.details : [];
  const detail = details
    .flatMap((d) => (Array.isArray(d?.errors) ? d.errors : []))
    .map((e) => text(e?.message))
    .find(Boolean);
  const message = text(error?.message);
  if (detail && message) return `${message} (${detail})`;
  return detail ?? message;
}

/** The NOT_CONNECTED error for a grant that lacks a product's scopes, naming the connect command that adds them. */
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
  if (status === 403 || (status === 401 && reasons.some(isDeveloperTokenReason))) {
    const refusal = permissionRefusal(product, reasons, message, what, details);
    if (refusal) return refusal;
  }
  if (status === 404 || status === 410)
    return new CommandError("NOT_FOUND", `${label} has no ${what ?? "such item"}${message ? `: ${message}` : "."}`, { details });
  if (status === 409) return new CommandError("CONFLICT", `${label} refused the change: ${message ?? "conflict"}.`, { details });
  if (status === 400) return new CommandError("INVALID_INPUT", `${label} rejected the request: ${message ?? "invalid argument"}.`, { details });
  if (!message || error.message.includes(message)) return error;
  return new CommandError(error.code, `${error.message} (${label}: ${message})`, {
    details,
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  });
}
