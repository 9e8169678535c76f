import type { FakeReply } from "@agx-ext/testing/provider";

const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  410: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** Google's JSON error body, as every googleapis.com API answers. */
export function googleError(code: number, message: string, reason = "badRequest", extra: Record<string, unknown> = {}): FakeReply {
  return {
    status: code,
    json: { error: { code, message, status: STATUS[code] ?? "UNKNOWN", errors: [{ message, domain: "global", reason }], ...extra } },
  };
}

export const invalidCredentials = {
  error: {
    code: 401,
    message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    status: "UNAUTHENTICATED",
    errors: [{ message: "Invalid Credentials", domain: "global", reason: "authError", location: "Authorization", locationType: "header" }],
  },
};

export const rateLimitBody = (code: 403 | 429) => ({
  error: {
    code,
    message: "Rate Limit Exceeded",
    status: code === 429 ? "RESOURCE_EXHAUSTED" : "PERMISSION_DENIED",
    errors: [{ message: "Rate Limit Exceeded", domain: "usageLimits", reason: "rateLimitExceeded" }],
  },
});

export const insufficientScopeBody = {
  error: {
    code: 403,
    message: "Request had insufficient authentication scopes.",
    status: "PERMISSION_DENIED",
    errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
    details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT", domain: "googleapis.com" }],
  },
};

export const notFound = (what = "Requested entity was not found.") => googleError(404, what, "notFound");

/** Query integers Google validates: a bad value is a 400, as the real APIs answer. */
export function intParam(query: URLSearchParams, name: string, min: number, max: number): number | FakeReply | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) return googleError(400, `Invalid value '${raw}' for ${name}`, "invalid");
  return value;
}

export function isReply(value: unknown): value is FakeReply {
  return typeof value === "object" && value !== null && "status" in value;
}
