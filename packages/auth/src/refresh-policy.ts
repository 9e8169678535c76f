/**
 * When a token is due for refresh, and how long to wait after a failed refresh. A fixed margin refreshed
 * short-lived tokens (60 s or less) on every call; a share of the lifetime does not.
 */

/** Never refresh earlier than this before expiry. */
const MAX_REFRESH_MARGIN_MS = 60_000;
/** Share of the token's lifetime kept as margin when that is less than the maximum. */
const MARGIN_SHARE = 0.1;
/** The jitter adds up to this share of the margin, so connections issued together do not refresh in lockstep. */
const JITTER_SHARE = 0.25;
/** After a failed refresh, calls get the stored error for this long before the provider is asked again. */
const DEFAULT_COOLDOWN_MS = 30_000;

/**
 * The refresh margin of a token: min(60 s, 10 % of its lifetime), plus jitter. `issuedAt` is when the token
 * was obtained; without it the lifetime is unknown and the maximum margin applies.
 */
export function refreshMarginMs(expiresAt: Date, issuedAt: Date | undefined, maxMarginMs = MAX_REFRESH_MARGIN_MS, random = Math.random): number {
  const lifetime = issuedAt ? expiresAt.getTime() - issuedAt.getTime() : Number.POSITIVE_INFINITY;
  const margin = Math.min(maxMarginMs, lifetime > 0 ? lifetime * MARGIN_SHARE : 0);
  return margin + margin * JITTER_SHARE * random();
}

/** True when a token expiring at `expiresAt` should be refreshed at `now`. */
export function isDue(expiresAt: Date, issuedAt: Date | undefined, now: Date, maxMarginMs?: number, random?: () => number): boolean {
  return expiresAt.getTime() - refreshMarginMs(expiresAt, issuedAt, maxMarginMs, random) <= now.getTime();
}

/** How long to wait after a failed refresh: the cooldown, or longer when the provider asked for it (Retry-After). */
export function cooldownMs(retryAfterSeconds: number | undefined, base = DEFAULT_COOLDOWN_MS): number {
  return Math.max(base, (retryAfterSeconds ?? 0) * 1000);
}
