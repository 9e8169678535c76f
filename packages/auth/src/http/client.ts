import type { BeforeRequestHook, Got } from "got";
import type { RetryableResponse } from "../declarations.js";
import { bodyLimit } from "./body-limit.js";
import { scrubbedBody, toProviderError } from "./errors.js";
import { loadedGot, loadGot } from "./got-library.js";
import { jsonAnswers } from "./json-answers.js";
import "../injection-types.js";
import { isTransientRefusal } from "./recognisers.js";
import { isDroppedConnection } from "./transport-errors.js";

/** The HTTP client extensions receive under core's HTTP token: a got 14 instance. */
export type HttpClient = Got;

export interface HttpPolicy {
  /** Per attempt; default 30 s. */
  timeoutMs: number;
  /** Retries after the first attempt for idempotent requests; default 3. */
  retries: number;
  /** First backoff step; doubles each retry, with jitter. Default 500 ms. */
  backoffBaseMs: number;
  /** Longest backoff step; default 10 s. */
  backoffMaxMs: number;
  /** A Retry-After longer than this is not waited for: the call fails RATE_LIMITED with the wait. Default 60 s. */
  maxRetryAfterMs: number;
  /** Most bytes read from one response; a longer one is cut off and fails PROVIDER_ERROR. Default 10 MB. */
  maxBodyBytes: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 30_000,
  retries: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 10_000,
  maxRetryAfterMs: 60_000,
  maxBodyBytes: 10 * 1024 * 1024,
};

/** The outgoing request as got's beforeRequest hooks see it. */
export type OutgoingRequest = Parameters<BeforeRequestHook>[0];

export interface HttpAuthorizer {
  /** Adds credentials to an outgoing request (header, query, signature); returns the token used, if any. */
  authorize(request: OutgoingRequest): Promise<string | undefined>;
  /** Called once when a request was answered 401: true when a new credential is ready and a retry makes sense. */
  renew?(rejectedToken: string | undefined): Promise<boolean>;
}

export interface HttpClientOptions {
  provider: string;
  policy?: Partial<HttpPolicy>;
  authorizer?: HttpAuthorizer;
  /** Secret values to scrub from error bodies (read at error time, so late-added tokens count). */
  secrets: () => Iterable<string>;
  signal?: AbortSignal;
  /** The declaration's extra retryable responses (besides 408/429/5xx and Google-style 403 rate limits). */
  retryable?: RetryableResponse;
}

const IDEMPOTENT = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"] as const;
const RETRY_STATUS = [408, 429, 500, 502, 503, 504, 520, 521, 522, 524];
/** got only retries statuses it is told about; which of these really are retried is decided per response below. */
const ERROR_STATUSES = Array.from({ length: 200 }, (_, i) => 400 + i).filter((status) => status !== 401);

/** True when a failed response is worth retrying: the usual transient statuses, or a refusal the declaration calls transient. */
function isRetryableResponse(status: number, body: unknown, retryable?: RetryableResponse): boolean {
  return RETRY_STATUS.includes(status) || isTransientRefusal(status, body, retryable);
}

interface CallContext {
  agxToken?: string;
  agxRenewed?: boolean;
  [key: string]: unknown;
}

/** A got instance with timeouts, retries (backoff + jitter, Retry-After), auth, one renew-and-retry on 401, and CommandError failures. */
export async function createHttpClient(options: HttpClientOptions): Promise<HttpClient> {
  await loadGot();
  return httpClientOfLoadedGot(options);
}

/** `createHttpClient` where waiting is not possible: the caller has awaited `loadGot()` before. */
export function httpClientOfLoadedGot(options: HttpClientOptions): HttpClient {
  const got = loadedGot();
  if (!got) throw new Error("an HTTP client was built before got was loaded: await loadGot() first");
  const policy = { ...DEFAULT_HTTP_POLICY, ...options.policy };
  const { authorizer } = options;
  return got.default.extend({
    // jsonAnswers first: got keeps the outermost handler's own `.json()`.
    handlers: [jsonAnswers(options.provider), bodyLimit(options.provider, policy.maxBodyBytes)],
    timeout: { request: policy.timeoutMs },
    ...(options.signal ? { signal: options.signal } : {}),
    retry: {
      limit: policy.retries,
      methods: [...IDEMPOTENT],
      statusCodes: ERROR_STATUSES,
      maxRetryAfter: policy.maxRetryAfterMs,
      calculateDelay: ({ attemptCount, retryAfter, computedValue, error }) => {
        if (computedValue === 0) return 0; // not retryable: method, limit, or Retry-After beyond the cap
        if (error.name === "RetryError") return 1; // the 401 renew-and-retry asked for it: go at once
        // A provider that drops the connection once may have restarted; one that keeps dropping it is not hammered.
        if (!error.response && isDroppedConnection(error.code) && attemptCount > 1) return 0;
        const response = error.response;
        if (response && !isRetryableResponse(response.statusCode, scrubbedBody(response.rawBody, []), options.retryable)) return 0;
        if (retryAfter !== undefined && retryAfter > 0) return Math.min(retryAfter, policy.maxRetryAfterMs);
        const step = Math.min(policy.backoffBaseMs * 2 ** (attemptCount - 1), policy.backoffMaxMs);
        return step / 2 + Math.random() * (step / 2); // "equal jitter": never zero, never in lockstep
      },
    },
    hooks: {
      beforeRequest: authorizer
        ? [
            async (request) => {
              const token = await authorizer.authorize(request);
              (request.context as CallContext).agxToken = token;
            },
          ]
        : [],
      afterResponse: authorizer?.renew
        ? [
            async (response, retryWithMergedOptions) => {
              const context = response.request.options.context as CallContext;
              if (response.statusCode !== 401 || context.agxRenewed) return response;
              if (!(await authorizer.renew!(context.agxToken))) return response;
              return retryWithMergedOptions({ context: { agxRenewed: true } });
            },
          ]
        : [],
      beforeError: [(error) => toProviderError(error, options.provider, options.secrets(), options.retryable) as typeof error],
    },
  });
}
