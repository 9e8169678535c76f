import type { HttpClient } from "./google-client.js";
import { isRateLimitBody, type GoogleErrorBody } from "./google-error.js";

/**
 * Google answers some rate limits with 403 and reason `rateLimitExceeded` / `userRateLimitExceeded`
 * instead of 429, and documents exponential backoff for both. The auth client retries 429 only, so
 * this adapter adds 403 to its retryable statuses and lets a 403 through only when the body says
 * "rate limit"; the delay itself is still the auth client's (backoff, jitter, Retry-After).
 */
export function withGoogleRateLimitRetry(http: HttpClient): HttpClient {
  const retry = http.defaults?.options?.retry;
  if (!retry?.calculateDelay) return http;
  const base = retry.calculateDelay;
  return http.extend({
    retry: {
      statusCodes: [...new Set([...(retry.statusCodes ?? []), 403])],
      calculateDelay: (info) => {
        const response = info.error?.response;
        if (response?.statusCode === 403 && !isRateLimitBody(parseBody(response.body))) return 0;
        return base(info);
      },
    },
  });
}

function parseBody(body: unknown): GoogleErrorBody | undefined {
  if (body && typeof body === "object" && !Buffer.isBuffer(body)) return body as GoogleErrorBody;
  try {
    return JSON.parse(String(body)) as GoogleErrorBody;
  } catch {
    return undefined;
  }
}
