import type { CommandError, ErrorCode } from "@agx-ext/core";

/**
 * HTTP status for each failure kind. UNAUTHORIZED here means the *provider* refused the stored
 * credentials: the caller's own key was fine, so it is 403, keeping 401 for a bad API key alone.
 */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  NOT_CONFIGURED: 412,
  NOT_CONNECTED: 412,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PROVIDER_ERROR: 502,
};

/** The body every failed call answers with. */
export interface FailureBody {
  ok: false;
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function failureBody(error: CommandError): FailureBody {
  return {
    ok: false,
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}
