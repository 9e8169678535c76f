import { CommandError } from "@agx-ext/core";
import type { ApiKeyAuth } from "../declarations.js";
import { signRequest, type OAuth1Credentials } from "../oauth1/signer.js";
import type { HttpAuthorizer, OutgoingRequest } from "./client.js";

/** Bearer tokens from the vault; a 401 asks for a fresh token once. */
export function bearerAuthorizer(token: (rejected?: string) => Promise<string>): HttpAuthorizer {
  return {
    async authorize(request) {
      const value = await token();
      request.headers.authorization = `Bearer ${value}`;
      return value;
    },
    async renew(rejected) {
      // Throws NOT_CONNECTED when the grant is gone; otherwise the retry gets the new token in authorize().
      const fresh = await token(rejected);
      return fresh !== rejected;
    },
  };
}

/** An API key in a header (default `Authorization: Bearer <key>`) or a query parameter. */
export function apiKeyAuthorizer(auth: ApiKeyAuth, key: () => string | undefined, provider: string): HttpAuthorizer {
  return {
    async authorize(request) {
      const value = key();
      if (!value)
        throw new CommandError(
          "NOT_CONFIGURED",
          `No ${auth.setting} is set for ${provider}: store yours with \`agx connect ${provider}\` or set it host-wide.`,
          {
            details: { provider, missing: [auth.setting] },
          },
        );
      if (auth.query) {
        (request.url as URL).searchParams.set(auth.query, value);
        return undefined;
      }
      const header = (auth.header ?? "Authorization").toLowerCase();
      const scheme = auth.scheme ?? (header === "authorization" ? "Bearer" : undefined);
      request.headers[header] = scheme ? `${scheme} ${value}` : value;
      return undefined;
    },
  };
}

function formParameters(request: OutgoingRequest): Array<[string, string]> {
  const form = request.form as Record<string, unknown> | undefined;
  if (form) return Object.entries(form).map(([k, v]) => [k, String(v)]);
  const type = String(request.headers["content-type"] ?? "");
  if (type.includes("application/x-www-form-urlencoded") && typeof request.body === "string") return [...new URLSearchParams(request.body).entries()];
  return [];
}

/** RFC 5849 HMAC-SHA1 signature over method, URL, query and form parameters. */
export function oauth1Authorizer(credentials: () => Promise<OAuth1Credentials>): HttpAuthorizer {
  return {
    async authorize(request) {
      const signed = signRequest({
        method: request.method,
        url: request.url as URL,
        credentials: await credentials(),
        form: formParameters(request),
      });
      request.headers.authorization = signed.authorization;
      return undefined;
    },
  };
}
