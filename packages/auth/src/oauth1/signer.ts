import { createHmac, randomBytes } from "node:crypto";

/** RFC 5849 3.6: RFC 3986 unreserved characters stay, everything else is %XX (upper-case hex). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5849 3.4.1.2: scheme and host lower-case, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const defaultPort = (scheme === "http" && url.port === "80") || (scheme === "https" && url.port === "443") || url.port === "";
  return `${scheme}://${url.hostname.toLowerCase()}${defaultPort ? "" : `:${url.port}`}${url.pathname}`;
}

/** RFC 5849 3.4.1.3.2: encode every name and value, sort by name then value, join. */
export function normalizeParameters(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** RFC 5849 3.4.1: METHOD & encoded base URI & encoded normalised parameters. */
export function signatureBaseString(method: string, url: URL, params: ReadonlyArray<readonly [string, string]>): string {
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizeParameters(params))].join("&");
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ""): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac("sha1", key).update(baseString).digest("base64");
}

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

export interface SignOptions {
  method: string;
  url: string | URL;
  credentials: OAuth1Credentials;
  /** Form-encoded body parameters (application/x-www-form-urlencoded); they are signed too. */
  form?: ReadonlyArray<readonly [string, string]> | Record<string, string>;
  /** Further protocol parameters: oauth_callback, oauth_verifier. */
  oauthParams?: Record<string, string>;
  realm?: string;
  /** Send oauth_version="1.0" (optional in RFC 5849, expected by some providers); default true. */
  version?: boolean;
  /** Fixed values for tests; random / current by default. */
  nonce?: string;
  timestamp?: string;
}

export interface SignedRequest {
  /** The value of the Authorization header. */
  authorization: string;
  signature: string;
  baseString: string;
}

/** Signs a request with HMAC-SHA1 (RFC 5849 3.4.2): query, form body and protocol parameters included. */
export function signRequest(options: SignOptions): SignedRequest {
  const url = typeof options.url === "string" ? new URL(options.url) : options.url;
  const { credentials } = options;
  const oauth: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: options.nonce ?? randomBytes(16).toString("hex"),
    oauth_signature_method: "HMAC-SHA1",
    oauth_timestamp: options.timestamp ?? String(Math.floor(Date.now() / 1000)),
    ...(options.version === false ? {} : { oauth_version: "1.0" }),
    ...(credentials.token ? { oauth_token: credentials.token } : {}),
    ...options.oauthParams,
  };
  const form = options.form === undefined ? [] : Array.isArray(options.form) ? options.form : Object.entries(options.form);
  const params: Array<readonly [string, string]> = [...url.searchParams.entries(), ...form, ...Object.entries(oauth)];
  const baseString = signatureBaseString(options.method, url, params);
  const signature = hmacSha1Signature(baseString, credentials.consumerSecret, credentials.tokenSecret);
  const header = Object.entries({ ...oauth, oauth_signature: signature })
    .map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`)
    .join(", ");
  return { authorization: `OAuth ${options.realm !== undefined ? `realm="${options.realm}", ` : ""}${header}`, signature, baseString };
}
