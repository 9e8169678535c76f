/** Failed key attempts a client address may make per window before it is refused without a lookup. */
export const DEFAULT_AUTH_FAILURE_LIMIT = 20;
const WINDOW_MS = 60_000;
/** Addresses remembered at once; the oldest are forgotten first, so a flood of addresses costs bounded memory. */
const MAX_CLIENTS = 10_000;

interface Window {
  failures: number;
  endsAt: number;
}

/**
 * Counts failed API key attempts per client address in fixed one-minute windows. Once an address
 * reaches the limit, its requests are refused (429) until its window ends, before any key is looked up.
 */
export class AuthFailureThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit = DEFAULT_AUTH_FAILURE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait, or undefined when it may try a key. */
  retryAfterSeconds(address: string): number | undefined {
    const window = this.current(address);
    if (!window || window.failures < this.limit) return undefined;
    return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= MAX_CLIENTS) this.forgetOldest();
    this.windows.set(address, { failures: 1, endsAt: this.now() + WINDOW_MS });
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && window.endsAt <= this.now()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  /** Windows all last as long, and Map keeps insertion order: the first entries are the oldest. */
  private forgetOldest(): void {
    const now = this.now();
    for (const [address, window] of this.windows) {
      if (window.endsAt > now && this.windows.size < MAX_CLIENTS) break;
      this.windows.delete(address);
      if (window.endsAt > now) break; // one live window made room
    }
  }
}
