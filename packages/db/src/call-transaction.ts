import type { EntityManager } from "@mikro-orm/core";

/**
 * EntityManager methods that write (or may write: a raw `execute`, a pessimistic `lock`, a nested
 * `transactional`). The first call of any of them on a command's EntityManager opens the call's transaction.
 */
const WRITES = ["nativeInsert", "nativeUpdate", "nativeDelete", "insert", "insertMany", "upsert", "upsertMany", "execute", "lock", "transactional"] as const;

/** The transaction of each command call's EntityManager, for writes that do not go through it (upsertOwned). */
const byEntityManager = new WeakMap<EntityManager, CallTransaction>();

/**
 * One command call's unit of work with a transaction opened only when the call writes: reads before the
 * first write run without BEGIN (a read-only command sends no BEGIN or COMMIT at all), and from the first
 * write on everything runs in one transaction, committed when the call succeeds and rolled back when it
 * fails. So a command that writes twice and then fails leaves nothing behind, as with a transaction
 * opened up front, while the commands that only read (most of them) skip two statements per call.
 */
export class CallTransaction {
  private begun: Promise<void> | undefined;

  constructor(readonly em: EntityManager) {
    byEntityManager.set(em, this);
    const target = em as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of WRITES) {
      const original = target[name];
      if (typeof original !== "function") continue;
      target[name] = (...args: unknown[]) => this.begin().then(() => original.apply(em, args));
    }
    const flush = target.flush!;
    // MikroORM also flushes by itself before a query when changes are pending; only a flush with work opens the transaction.
    target.flush = async () => {
      if (!this.begun && !hasPendingChanges(em)) return flush.apply(em, []);
      await this.begin();
      return flush.apply(em, []);
    };
  }

  /** Whether the call has written (or started to). */
  get open(): boolean {
    return this.begun !== undefined;
  }

  /** Opens the call's transaction, once; concurrent writes wait for the same BEGIN. */
  begin(): Promise<void> {
    this.begun ??= this.em.begin();
    return this.begun;
  }

  /**
   * Runs the call: on success what it left pending is flushed and the transaction (if any) committed; on
   * failure the transaction (if any) is rolled back and the call's error is what rejects.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
      await this.em.flush();
    } catch (error) {
      if (this.begun) await this.begun.then(() => this.em.rollback()).catch(() => undefined);
      throw error;
    }
    if (this.begun) {
      await this.begun;
      try {
        await this.em.commit();
      } catch (error) {
        // A COMMIT that failed (SQLite busy, a deferred constraint) must not leave the transaction open on the connection.
        await this.em.rollback().catch(() => undefined);
        throw error;
      }
    }
    return result;
  }
}

/** Opens the call's transaction before a write that bypasses the EntityManager's own methods (bound statements). */
export async function beforeWrite(em: EntityManager): Promise<void> {
  await byEntityManager.get(em)?.begin();
}

function hasPendingChanges(em: EntityManager): boolean {
  const uow = em.getUnitOfWork(false);
  uow.computeChangeSets();
  return uow.getChangeSets().length > 0 || uow.getCollectionUpdates().length > 0 || uow.getExtraUpdates().size > 0;
}
