import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockedAddressError, blockedAddress, guardedLookup } from "./url-guard.js";

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** Refuse loopback, private and link-local addresses, after DNS resolution (false: AGX_WEBHOOK_ALLOW_PRIVATE). */
  guard: boolean;
}

/**
 * POSTs a body and resolves with the status (the answer's body is not read). Node's http client rather than fetch:
 * it takes the DNS lookup the connection uses, so the guard checks the very addresses it connects to. Redirects
 * are not followed. Rejects with BlockedAddressError for a refused address, a TimeoutError after `timeoutMs`.
 */
export function postJson(url: URL, body: string, options: PostOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    // An IP literal is connected to without a lookup, so it is checked here.
    const literal = options.guard ? blockedAddress(url.hostname) : undefined;
    if (literal) return reject(new BlockedAddressError(literal));
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(url, {
      method: "POST",
      headers: { ...options.headers, "content-length": String(Buffer.byteLength(body)) },
      ...(options.guard ? { lookup: guardedLookup } : {}),
    });
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${options.timeoutMs / 1000} s`);
      error.name = "TimeoutError";
      req.destroy(error);
    }, options.timeoutMs);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
