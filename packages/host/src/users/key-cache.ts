/** How many keys one process remembers; the least recently used is forgotten first. */
const DEFAULT_KEY_CACHE_SIZE = 10_000;

/**
 * How long a remembered key is trusted without asking the database again. Revocations reach every
 * process at once (see revocations.ts); this only bounds the damage of a notice that never arrived.
 */
const DEFAULT_KEY_CACHE_MAX_AGE_MS = 60_000;

interface Entry {
  userId: string;
  expiresAt: number;
}

/**
 * Good keys only, by the SHA-256 of the whole key (never the key itself), bounded in size and age.
 * Bad keys are never stored: an unknown key always costs a database lookup, behind the failed-key throttle.
 *
 * `epoch` changes whenever the cache is cleared: a lookup that started before a clear must not store what
 * it read, since the database may have changed after it read (see DatabaseUserStore.authenticate).
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private currentEpoch = 0;

  constructor(
    private readonly maxSize = DEFAULT_KEY_CACHE_SIZE,
    private readonly maxAgeMs = DEFAULT_KEY_CACHE_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxSize >= 1)) throw new Error(`The key cache needs room for at least one key, not ${maxSize}.`);
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The user of a remembered key hash, or undefined (never seen, expired or forgotten). */
  get(keyHash: string): string | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    this.entries.delete(keyHash);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(keyHash, entry); // most recently used goes last
    return entry.userId;
  }

  /** Remembers a key the database just confirmed, unless the cache was cleared since `epoch` was read. */
  remember(keyHash: string, userId: string, epoch: number): void {
    if (epoch !== this.currentEpoch) return;
    this.entries.delete(keyHash);
    this.entries.set(keyHash, { userId, expiresAt: this.now() + this.maxAgeMs });
    if (this.entries.size > this.maxSize) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets every key: some key changed somewhere, and which one does not matter at this rate of change. */
  clear(): void {
    this.currentEpoch++;
    this.entries.clear();
  }
}
