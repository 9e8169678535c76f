import type { KeyCache } from "./key-cache.js";

/** How many users' tool sets one process remembers; the least recently used is forgotten first. */
const DEFAULT_TOOL_SET_CACHE_SIZE = 10_000;
/** As for keys: revocations.ts makes changes reach every process at once, this only bounds a lost notice. */
const DEFAULT_TOOL_SET_CACHE_MAX_AGE_MS = 60_000;

interface Entry {
  disabled: ReadonlySet<string>;
  epoch: number;
  expiresAt: number;
}

/**
 * Each user's turned-off extensions, read on every command call, remembered per process. A tool-set change
 * is announced like a key revoke (revocations.ts), which clears the KeyCache and so moves its epoch: an entry
 * read under an older epoch is never answered, so one watch keeps both caches honest.
 */
export class ToolSetCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly keys: KeyCache,
    private readonly maxSize = DEFAULT_TOOL_SET_CACHE_SIZE,
    private readonly maxAgeMs = DEFAULT_TOOL_SET_CACHE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxSize >= 1)) throw new Error(`The tool-set cache needs room for at least one user, not ${maxSize}.`);
  }

  /** The epoch a lookup starts under; what it reads is kept only if no change was announced meanwhile. */
  get epoch(): number {
    return this.keys.epoch;
  }

  get(userId: string): ReadonlySet<string> | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    this.entries.delete(userId);
    if (entry.epoch !== this.keys.epoch || entry.expiresAt <= this.now()) return undefined;
    this.entries.set(userId, entry); // most recently used goes last
    return entry.disabled;
  }

  remember(userId: string, disabled: ReadonlySet<string>, epoch: number): void {
    if (epoch !== this.keys.epoch) return;
    this.entries.delete(userId);
    this.entries.set(userId, { disabled, epoch, expiresAt: this.now() + this.maxAgeMs });
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value as string);
  }
}
