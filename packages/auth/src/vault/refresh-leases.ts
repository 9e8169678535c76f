import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type Logger } from "@agx-ext/core";
import { silentLogger } from "@agx-ext/core/host";
import type { EntityManager } from "@mikro-orm/core";
import { mikroOrm } from "@agx-ext/db";

/** A refresh in progress somewhere: one row per account being refreshed, gone when the refresh is over. */
export interface RefreshLeaseRow {
  /** SHA-256 of the account's key (user, provider, label can be longer together than a key column should be). */
  id: string;
  holder: string;
  expiresAt: Date;
}

export const AuthRefreshLease = new mikroOrm.EntitySchema<RefreshLeaseRow>({
  name: "AgxAuthRefreshLease",
  tableName: "agx_auth_refresh_leases",
  properties: {
    id: { type: "string", length: 64, primary: true },
    holder: { type: "string", length: 64 },
    expiresAt: { type: "datetime", fieldName: "expires_at" },
  },
});

export interface RefreshLeasesOptions {
  /** Runs `fn` in a short transaction of its own. */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * True when a lease cannot be taken now: inside a command call whose writes join its transaction, the lease row
   * would stay invisible to other processes (and hold SQLite's write lock) until the call ends. The in-process
   * single flight still applies then; refreshes due by the clock happen before such a call's transaction opens.
   */
  unavailable?: () => boolean;
  /** How long a lease lives: longer than a token request (its timeout is 30 s by default), so only a holder that died loses it. */
  ttlMs?: number;
  logger?: Logger;
}

const DEFAULT_TTL_MS = 90_000;

/**
 * Single flight of refreshes across processes on one SQLite file, which has no advisory locks. Each process's
 * in-process single flight sends one caller per account here; that caller takes the account's lease (an insert that
 * only one process wins, in a write transaction a few statements long) before asking the token endpoint, and the
 * others wait for it to be released, then read the tokens the holder saved. SQLite's own write lock is never held
 * across the token request: it would block every other writer of the file for that long.
 */
export class RefreshLeases {
  private readonly ttlMs: number;
  private readonly logger: Logger;

  constructor(private readonly options: RefreshLeasesOptions) {
    this.ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.logger = options.logger ?? silentLogger;
  }

  async hold<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.options.unavailable?.()) return task();
    const id = createHash("sha256").update(key).digest("hex");
    const holder = randomUUID();
    // A lease expires after ttlMs, so a waiter takes it by then at the latest; past twice that, something else is
    // wrong (the table cannot be written) and the refresh goes ahead rather than failing the call.
    const giveUpAt = Date.now() + 2 * this.ttlMs;
    let taken = await this.take(id, holder);
    while (!taken && Date.now() < giveUpAt) {
      await sleep(20 + Math.random() * 40);
      taken = await this.take(id, holder);
    }
    if (!taken) this.logger.warn("refreshing without the cross-process lease: it could not be taken in time", { lease: id.slice(0, 12) });
    try {
      return await task();
    } finally {
      if (taken)
        await this.options
          .transaction((em) => em.nativeDelete(AuthRefreshLease, { id, holder }))
          .catch((error: unknown) => this.logger.warn("could not release a refresh lease; it expires on its own", { error: (error as Error).message }));
    }
  }

  /** True when this holder now has the lease: none existed, or the one there had expired (its holder died). */
  private async take(id: string, holder: string): Promise<boolean> {
    try {
      return await this.options.transaction(async (em) => {
        const now = new Date();
        await em.nativeDelete(AuthRefreshLease, { id, expiresAt: { $lt: now } });
        await em.insert(AuthRefreshLease, { id, holder, expiresAt: new Date(now.getTime() + this.ttlMs) });
        return true;
      });
    } catch (error) {
      if (!(error instanceof mikroOrm.UniqueConstraintViolationException))
        this.logger.debug("refresh lease not taken", { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
}
