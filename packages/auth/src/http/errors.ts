import { CommandError, isCommandError } from "@agx-ext/core";
import { redact } from "@agx-ext/core/host";
import type { RetryableResponse } from "../declarations.js";
import { loadedGot } from "./got-library.js";
import { notConnected, providerMessage, reconnectHint } from "../errors.js";
import { notJson } from "./json-answers.js";
import { isInsufficientScope, isTransientRefusal } from "./recognisers.js";
import { droppedConnection, isDroppedConnection, noAnswerInTime, unreachable } from "./transport-errors.js";

/** Parsed JSON when the body is JSON, else the text; secrets replaced. */
export function scrubbedBody(raw: unknown, secrets: Iterable<string>): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : typeof raw === "string" ? raw : raw === undefined ? "" : JSON.stringify(raw);
  const clean = redact(text, secrets);
  if (clean === "") return undefined;
  try {
    return JSON.parse(clean);
  } catch {
    return clean.length > 2000 ? `${clean.slice(0, 2000)}...` : clean;
  }
}

/** Seconds from a Retry-After header (delta seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The CommandError a failed provider request becomes; names the host, never the URL's query or any secret. */
export function toProviderError(error: unknown, provider: string, secrets: Iterable<string>, retryable?: RetryableResponse): Error {
  if (isCommandError(error)) return error;
  const cause = (error as { cause?: unknown }).cause;
  if (isCommandError(cause)) return cause; // thrown inside a hook (e.g. a refresh that found the grant revoked)
  const got = loadedGot();
  if (!got || !(error instanceof got.RequestError)) return error as Error;
  const url = error.options?.url;
  const host = url instanceof URL ? url.host : typeof url === "string" ? safeHost(url) : "the provider";
  const method = error.options?.method ?? "GET";

  if (error instanceof got.HTTPError) {
    const status = error.response.statusCode;
    const body = scrubbedBody(error.response.rawBody ?? error.response.body, secrets);
    const said = providerMessage(body);
    const details = { provider, host, method, status, body };
    const tail = said ? `: ${said}` : "";
    if (isInsufficientScope(status, body, error.response.headers))
      return notConnected(provider, `Your ${provider} connection does not grant the access this needs (${status}${tail}); reconnect and approve it.`, {
        ...details,
        reason: "insufficient_scope",
      });
    // 5xx stay PROVIDER_ERROR even when the declaration retries them.
    const transientRefusal = status !== 429 && !(status >= 500) && isTransientRefusal(status, body, retryable);
    if (status === 429 || transientRefusal) {
      const wait = retryAfterSeconds(error.response.headers["retry-after"]);
      const headers = rateLimitHeaders(error.response.headers);
      const limited = { ...details, ...(Object.keys(headers).length ? { headers } : {}), ...(wait !== undefined ? { retryAfterSeconds: wait } : {}) };
      return new CommandError(
        "RATE_LIMITED",
        `${provider} is rate limiting requests${wait !== undefined ? `; try again in ${wait} s` : ""}${tail ? ` (${said})` : ""}.`,
        {
          details: limited,
          ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
        },
      );
    }
    if (status === 401 || status === 403)
      return new CommandError(
        "UNAUTHORIZED",
        `${provider} refused the request (${status}${tail}). Check that your connection has the needed access. ${reconnectHint(provider)}`,
        { details },
      );
    if (status === 404) return new CommandError("NOT_FOUND", `${provider} has no such resource (404${tail}).`, { details });
    if (status === 409) return new CommandError("CONFLICT", `${provider} reported a conflict (409${tail}).`, { details });
    if (status === 400 || status === 422) return new CommandError("INVALID_INPUT", `${provider} rejected the request (${status}${tail}).`, { details });
    return new CommandError("PROVIDER_ERROR", `${provider} answered ${status}${tail}${status >= 500 ? "; try again later" : ""}.`, { details });
  }
  // `responseType: "json"` parses inside the request, so its failure comes here.
  if (error instanceof got.ParseError) return notJson(provider, error.response, method);
  if (error instanceof got.TimeoutError) return noAnswerInTime(provider, host, { method, timeout: error.event });
  if (isDroppedConnection(error.code)) return droppedConnection(provider, host, { method, code: error.code }, error instanceof got.ReadError);
  return unreachable(provider, host, error.code, method);
}

/** `Retry-After` and the rate-limit headers providers send (`X-RateLimit-*`, `RateLimit-*`, `X-Rate-Limit-*`), lower-cased. */
function rateLimitHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !/^(retry-after|(x-)?ratelimit-.+|x-rate-limit-.+)$/i.test(name)) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the provider";
  }
}
