import { CommandError } from "@agx-ext/core";
import { settingPrefix } from "../provider-config.js";

/** Socket errors that mean the provider (or something on the way) closed the connection without an answer. */
const DROPPED_CONNECTION_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"]);

export function isDroppedConnection(code: string | undefined): boolean {
  return code !== undefined && DROPPED_CONNECTION_CODES.has(code);
}

/** The provider closed the connection before it answered, or (`midAnswer`) before its answer was complete. */
export function droppedConnection(provider: string, host: string, details: Record<string, unknown> = {}, midAnswer = false): CommandError {
  const what = midAnswer ? "before its answer was complete" : "without answering";
  return new CommandError("PROVIDER_ERROR", `${provider} (${host}) closed the connection ${what}; try again later.`, {
    details: { provider, host, ...details },
  });
}

/** The provider's answer was larger than the host reads from one response. */
export function bodyTooLarge(provider: string, host: string, maxBytes: number, method?: string): CommandError {
  return new CommandError(
    "PROVIDER_ERROR",
    `${provider} (${host}) sent an answer larger than ${maxBytes} bytes, the most the host reads from one response, so it was not read (an operator can raise ${settingPrefix(provider)}_HTTP_MAX_BODY_BYTES).`,
    { details: { provider, host, ...(method ? { method } : {}), maxBytes } },
  );
}

/** The provider did not answer within the per-attempt timeout. */
export function noAnswerInTime(provider: string, host: string, details: Record<string, unknown> = {}): CommandError {
  return new CommandError("PROVIDER_ERROR", `${provider} (${host}) did not answer in time; try again later.`, { details: { provider, host, ...details } });
}

/** The provider could not be reached at all (`code` is the socket error's, e.g. ECONNREFUSED). */
export function unreachable(provider: string, host: string, code: string | undefined, method?: string): CommandError {
  return new CommandError("PROVIDER_ERROR", `Could not reach ${provider} at ${host} (${code}); try again later.`, {
    details: { provider, host, ...(method ? { method } : {}), code },
  });
}

/**
 * On Node >= 24.20 a refused connection that got retries surfaces as a bare `ERR_SOCKET_CLOSED_BEFORE_CONNECTION`
 * Error that got neither wraps nor retries (got issue 2469, fixed only in got 16, which needs Node 22). It is the
 * same failure as ECONNREFUSED, so it gets the same CommandError; any other error is returned as it is.
 */
export function unwrappedConnectFailure(error: unknown, provider: string, host: string, method?: string): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && code === "ERR_SOCKET_CLOSED_BEFORE_CONNECTION" ? unreachable(provider, host, code, method) : error;
}
