/**
 * Server-side check of an OAuth 1.0a (RFC 5849) HMAC-SHA1 signature, as Garmin makes it for
 * OAuth 1.0a user access tokens until their retirement: the signature is recomputed with auth's own
 * base-string and HMAC functions, so both sides must agree byte for byte.
 */
import { timingSafeEqual } from "node:crypto";
import { hmacSha1Signature, signatureBaseString } from "@agx-ext/auth";
import type { FakeRequest } from "@agx-ext/testing/provider";

export interface OAuth1Registry {
  consumerKey: string;
  consumerSecret: string;
  /** Valid user access tokens and their secrets. */
  tokens: Map<string, string>;
  /** Largest accepted clock difference, seconds (Garmin: a few minutes). */
  maxSkewSeconds?: number;
  now?: () => number;
}

function headerParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const match of header.replace(/^OAuth\s+/i, "").matchAll(/([A-Za-z_]+)="([^"]*)"/g))
    params.set(decodeURIComponent(match[1]!), decodeURIComponent(match[2]!));
  return params;
}

export function oauth1Verifier(registry: OAuth1Registry): (request: FakeRequest, absoluteUrl: string) => boolean {
  const seenNonces = new Set<string>();
  return (request, absoluteUrl) => {
    const params = headerParams(String(request.headers.authorization ?? ""));
    const signature = params.get("oauth_signature");
    const token = params.get("oauth_token");
    const timestamp = Number(params.get("oauth_timestamp"));
    const nonce = params.get("oauth_nonce");
    if (!signature || !token || !nonce || params.get("oauth_signature_method") !== "HMAC-SHA1") return false;
    if (params.get("oauth_consumer_key") !== registry.consumerKey) return false;
    const tokenSecret = registry.tokens.get(token);
    if (tokenSecret === undefined) return false;
    const now = registry.now?.() ?? Math.floor(Date.now() / 1000);
    if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > (registry.maxSkewSeconds ?? 300)) return false;
    if (seenNonces.has(`${timestamp}:${nonce}`)) return false; // a replayed request
    const url = new URL(absoluteUrl);
    const signed = [...url.searchParams.entries(), ...[...params.entries()].filter(([k]) => k !== "oauth_signature" && k !== "realm")];
    const expected = hmacSha1Signature(signatureBaseString(request.method, url, signed), registry.consumerSecret, tokenSecret);
    const ok = expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
    if (ok) seenNonces.add(`${timestamp}:${nonce}`);
    return ok;
  };
}
