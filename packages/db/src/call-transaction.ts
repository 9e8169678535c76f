import type { EntityManager } from "@mikro-orm/core";

/**
 * EntityManager methods that write (or may write: a raw `execute`, a pessimistic `lock`, a nested
 * `transactional`). The first call of any of them on a command's EntityManager opens the call's transaction.
 */
const WRITES = ["nativeInsert", "nativeUpdate", "nativeDelete", "insert", "insertMany", "upsert", "upsertMany", "execute", "lock", "transactional"] as const;

const ONLY_WRITE_BROKEN =
  "This call's write was declared its only one (upsertOwned with onlyWrite) and commits by itself, so the call cannot write anything else: leave onlyWrite out when a command writes more than once.";

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
  private alone = false;
  /** Entities the only write returned untracked, with their values then: a change to one would be lost. */
  private readonly untracked: { entity: object; values: unknown[] }[] = [];

  constructor(readonly em: EntityManager) {
    byEntityManager.set(em, this);
    const target = em as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const name of WRITES) {
      const original = target[name];
      if (typeof original !== "function") continue;
      target[name] = (...args: unknown[]) => this.begin().then(() => original.apply(em, args));
    }
    const flush = target.flush!;
    // MikroORM also flushes by itself before a query when changes are pending; only a flush with work opens the
    // transaction. With nothing pending, MikroORM's flush would compute the same change sets again to find nothing
    // to do (no subscriber here adds changes before a flush), so it is skipped.
    target.flush = async () => {
      if (!this.begun && !hasPendingChanges(em)) return;
      await this.begin();
      return flush.apply(em, []);
    };
  }

  /** Whether the call has written (or started to). */
  get open(): boolean {
    return this.begun !== undefined;
  }

  /** Whether the call's only write was committed by itself (see `writeAlone`). */
  get committedAlone(): boolean {
    return this.alone;
  }

  /** Opens the call's transaction, once; concurrent writes wait for the same BEGIN. */
  begin(): Promise<void> {
    if (this.alone) return Promise.reject(new Error(ONLY_WRITE_BROKEN));
    this.begun ??= this.em.begin();
    return this.begun;
  }

  /**
   * Runs `write`, one statement atomic by itself, as the call's only write: sent without BEGIN or COMMIT
   * (on PostgreSQL those are two of its three round trips). So it stays even if the call fails afterwards, and
   * any later write of the call is refused (it could not be rolled back with it). A call that has written
   * before gets the same error: its transaction is open and the statement would not be alone.
   */
  async writeAlone<T>(write: () => Promise<T>): Promise<T> {
    if (this.begun || this.alone) throw new Error(ONLY_WRITE_BROKEN);
    // Set before the statement is sent, so that a write started alongside it is refused too.
    this.alone = true;
    return write();
  }

  /** Fails the call if `entity`, which the EntityManager does not track, has changed by the time the call returns. */
  watchUntracked(entity: object): void {
    this.untracked.push({ entity, values: valuesOf(entity) });
  }

  /**
   * Runs the call: on success what it left pending is flushed and the transaction (if any) committed; on
   * failure the transaction (if any) is rolled back and the call's error is what rejects.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
      // A change to the only write's entity could not be written (it would be a second write): an error, not a silent loss.
      if (this.untracked.some((u) => !sameValues(valuesOf(u.entity), u.values))) throw new Error(ONLY_WRITE_BROKEN);
      // A call that has written is flushed by em.commit() below; flushing here too would compute its change sets twice.
      if (!this.begun) await this.em.flush();
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

/** See CallTransaction.watchUntracked; outside a call, nothing to watch. */
export function watchUntracked(em: EntityManager, entity: object): void {
  byEntityManager.get(em)?.watchUntracked(entity);
}

/** An entity's own property names and values, flat (dates by their time; entity values are scalars here). */
function valuesOf(entity: object): unknown[] {
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(entity)) values.push(key, value instanceof Date ? value.getTime() : value);
  return values;
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Runs `write` as the only write of the call of `em` (see CallTransaction.writeAlone); outside a call, as it is. */
export function writeAlone<T>(em: EntityManager, write: () => Promise<T>): Promise<T> {
  const call = byEntityManager.get(em);
  return call ? call.writeAlone(write) : write();
}

function hasPendingChanges(em: EntityManager): boolean {
  const uow = em.getUnitOfWork(false);
  uow.computeChangeSets();
  return uow.getChangeSets().length > 0 || uow.getCollectionUpdates().length > 0 || uow.getExtraUpdates().size > 0;
}
