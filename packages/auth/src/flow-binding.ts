import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Binding a connect flow to the browser that started it. Whoever starts a flow for a browser hands a fresh
 * random secret to that browser (the host puts it in an HttpOnly cookie) and to beginConnect, which stores
 * only its SHA-256 with the flow. The callback then finishes the flow only when the same secret comes back:
 * an authorize URL copied to another browser (which lacks the cookie) connects nobody.
 */

/** Shortest browser secret accepted: anything guessable would defeat the binding. */
export const MIN_BROWSER_SECRET_LENGTH = 32;

/** What a flow stores for its browser: never the secret itself. */
export function browserFingerprint(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** True when `secret` is the one whose fingerprint the flow stored (compared in constant time). */
export function sameBrowser(storedFingerprint: string | undefined, secret: string | undefined): boolean {
  if (!storedFingerprint || !secret) return false;
  const expected = Buffer.from(storedFingerprint, "hex");
  const actual = Buffer.from(browserFingerprint(secret), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
