import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import type { Logger } from "@agx-ext/core";

/**
 * Keeps token writes out of a command call's database transaction. On SQLite every write inside a call of an
 * extension with tables joins that transaction, so a refreshed token written there would be lost on rollback.
 */
export class DeferredTokenWrites {
  /** Marks the async context of a call whose database writes join its transaction (SQLite, extension with tables). */
  private readonly inCallTransaction = new AsyncLocalStorage<true>();
  /** An async context outside every call (made at construction): writes started in it queue behind a call's transaction. */
  private readonly outsideCalls = new AsyncResource("agx-auth-token-write");
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Runs a call; with `joinsCallTransaction`, token writes made during it are deferred. */
  run<T>(joinsCallTransaction: boolean, next: () => Promise<T>): Promise<T> {
    return joinsCallTransaction ? this.inCallTransaction.run(true, next) : next();
  }

  /** The TokenManager's `deferredWriter`: a deferring writer inside such a call, undefined (write at once) elsewhere. */
  writer(): ((write: () => Promise<void>) => Promise<void>) | undefined {
    return this.inCallTransaction.getStore() ? (write) => this.afterCallTransaction(write) : undefined;
  }

  /** Waits for every deferred write (on stop). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pendingWrites]);
  }

  /**
   * Runs a token write from outside the call's async context: the database then opens its own transaction,
   * queued (SQLite has one connection) right after the call's, so the write stands whether the call commits or not.
   */
  private afterCallTransaction(write: () => Promise<void>): Promise<void> {
    const done = this.outsideCalls
      .runInAsyncScope(write)
      .catch((error: unknown) => this.logger.error("could not save refreshed tokens", { error: error instanceof Error ? error.message : String(error) }));
    this.pendingWrites.add(done);
    void done.finally(() => this.pendingWrites.delete(done));
    return done;
  }
}
