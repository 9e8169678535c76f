import type { CommandError } from "@agx-ext/core";
import type { CancelableRequest, GotReturn, HandlerFunction, Options, Progress } from "got";
import { forwardCancel } from "./handler-promise.js";
import { bodyTooLarge, unwrappedConnectFailure } from "./transport-errors.js";

/**
 * A got handler that stops reading a response once it passes `maxBytes` (or announces more in Content-Length):
 * a hostile or broken provider cannot make the host buffer an endless body. got has no such limit of its own.
 * Streams (`http.stream()`) are left alone: their reader decides how much to keep. Being the handler closest to the
 * request, it also names the connect failure got leaves unwrapped on newer Node lines.
 */
export function bodyLimit(provider: string, maxBytes: number): HandlerFunction {
  return <T extends GotReturn>(options: Options, next: (options: Options) => T): T | Promise<T> => {
    const tooLarge = (progress: Progress): CommandError | undefined =>
      progress.transferred > maxBytes || (progress.total ?? 0) > maxBytes ? bodyTooLarge(provider, hostOf(options.url), maxBytes, options.method) : undefined;
    // A stream's reader keeps only what it wants and stops when it likes; only buffered bodies need the cap.
    if (options.isStream) return next(options);
    const request = next(options) as unknown as CancelableRequest;
    let exceeded: CommandError | undefined;
    request.on("downloadProgress", (progress) => {
      if (exceeded) return;
      exceeded = tooLarge(progress);
      if (exceeded) request.cancel(); // destroys the socket: the rest of the body is never read
    });
    // got copies the request's methods (json(), text(), on()...) onto the promise a handler returns.
    const limited = (async () => {
      try {
        return await request;
      } catch (error) {
        throw exceeded ?? unwrappedConnectFailure(error, provider, hostOf(options.url), options.method);
      }
    })();
    forwardCancel(limited, request);
    return limited as unknown as T;
  };
}

function hostOf(url: unknown): string {
  if (url instanceof URL) return url.host;
  try {
    return new URL(String(url)).host;
  } catch {
    return "the provider";
  }
}
