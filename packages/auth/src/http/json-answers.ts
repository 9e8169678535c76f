import { CommandError } from "@agx-ext/core";
import type { CancelableRequest, GotReturn, HandlerFunction, Options, ParseError, Response } from "got";
import { loadedGot } from "./got-library.js";
import { forwardCancel } from "./handler-promise.js";

/**
 * The CommandError for a successful answer whose body is not the JSON the caller asked for (an HTML error
 * page behind a 200, a truncated document): the provider's fault, so PROVIDER_ERROR naming it, never INTERNAL.
 */
export function notJson(provider: string, response: Pick<Response, "statusCode" | "headers" | "url"> | undefined, method?: string): CommandError {
  const host = hostOf(response?.url);
  const type = response?.headers["content-type"];
  return new CommandError(
    "PROVIDER_ERROR",
    `${provider} answered ${response?.statusCode ?? "a request"} with a body that is not JSON${type ? ` (${String(type).slice(0, 60)})` : ""}; try again later.`,
    { details: { provider, host, ...(method ? { method } : {}), ...(response ? { status: response.statusCode } : {}), reason: "not_json" } },
  );
}

/**
 * A got handler (the outermost) whose `.json()` turns got's ParseError into `notJson`: got's shortcut parses
 * after the request has settled, outside every hook, so `beforeError` never sees that failure.
 */
export function jsonAnswers(provider: string): HandlerFunction {
  return <T extends GotReturn>(options: Options, next: (options: Options) => T): T | Promise<T> => {
    if (options.isStream) return next(options);
    const request = next(options) as unknown as CancelableRequest;
    // A new promise, so got copies the request's other methods onto it but leaves this `.json()` alone.
    const wrapped = (async () => request)() as unknown as CancelableRequest;
    forwardCancel(wrapped, request);
    const parse = request.json as (this: unknown) => Promise<unknown>;
    Object.defineProperty(wrapped, "json", {
      enumerable: true,
      value: async function json(this: unknown) {
        try {
          return await parse.call(this);
        } catch (error) {
          if (isParseError(error)) throw notJson(provider, error.response, options.method);
          throw error;
        }
      },
    });
    return wrapped as unknown as T;
  };
}

function hostOf(url: unknown): string {
  try {
    return new URL(String(url)).host;
  } catch {
    return "the provider";
  }
}

/** Only a got request reaches this handler, so got is loaded by then. */
function isParseError(error: unknown): error is ParseError {
  const got = loadedGot();
  return got !== undefined && error instanceof got.ParseError;
}
