import { CommandError } from "@agx-ext/core";
import { clip } from "@agx-ext/core/host";

/**
 * AGX_ALLOWED_REDIRECT_ORIGINS: the only origins a connect link may send the browser back to (comma separated,
 * e.g. `https://app.example.com,https://admin.example.com`). Unset: connect links never redirect.
 * A malformed entry stops the host at start-up instead of silently allowing less (or more).
 */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value.split(",").map((entry) => {
    const text = entry.trim();
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.origin !== text.replace(/\/$/, ""))
      throw new Error(`AGX_ALLOWED_REDIRECT_ORIGINS: "${clip(text, 100)}" is not an origin such as https://app.example.com (scheme, host and port only).`);
    return url.origin;
  });
}

/** The URL when it is an absolute http(s) URL on an allowed origin; undefined otherwise. */
export function allowedRedirect(url: string, origins: readonly string[]): URL | undefined {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && origins.includes(parsed.origin) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A link's redirect_url, checked when the link is made: INVALID_INPUT naming the problem. */
export function checkRedirectUrl(url: string, origins: readonly string[]): string {
  if (allowedRedirect(url, origins)) return url;
  throw new CommandError(
    "INVALID_INPUT",
    origins.length
      ? `redirect_url must be an absolute URL on one of the allowed origins (${origins.join(", ")}); got "${clip(url, 100)}".`
      : `redirect_url is not accepted: this host allows no redirect origins (set AGX_ALLOWED_REDIRECT_ORIGINS).`,
    { details: { fields: ["redirect_url"], allowedOrigins: [...origins] } },
  );
}
