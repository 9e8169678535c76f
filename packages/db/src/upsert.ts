import type { EntityClass, EntityData, EntityManager } from "@mikro-orm/core";
import type { SqlEntityManager } from "@mikro-orm/knex";
import { USER_ID, type UserOwned } from "./entities.js";
import { scopedUser } from "./scope.js";

export interface UpsertSpec<T extends UserOwned> {
  /** The unique key inside the user's rows, e.g. `{ exerciseName }`. A unique constraint on (userId, ...key) must exist. */
  where: EntityData<T>;
  /** Written on insert and on conflict. */
  set: EntityData<T>;
  /** Written only when the row is new (defaults, creation times, values an update must not clear). */
  insertOnly?: EntityData<T>;
}

export interface UpsertResult<T> {
  entity: T;
  /** True when this call created the row. */
  created: boolean;
}

/** A concurrent delete between the two statements is answered by trying again, a few times at most. */
const ATTEMPTS = 3;

/**
 * Insert-or-update of one of the caller's rows, race-safe and in as few statements as the database
 * allows: `INSERT ... ON CONFLICT DO NOTHING RETURNING *` creates the row (one statement), and only
 * when it already exists `UPDATE ... RETURNING *` changes it. Concurrent calls for one key end with one
 * row and no constraint error. The user id comes from the scoped EntityManager, never from the data.
 */
export async function upsertOwned<T extends UserOwned>(em: EntityManager, entity: EntityClass<T>, spec: UpsertSpec<T>): Promise<UpsertResult<T>> {
  const userId = scopedUser(em);
  if (userId === undefined) throw new Error("upsertOwned needs the user-scoped EntityManager of a command call.");
  const sql = em as unknown as SqlEntityManager;
  const key = { ...(spec.where as Record<string, unknown>), [USER_ID]: userId };
  const conflictFields = Object.keys(key);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const inserted = await sql
      .createQueryBuilder(entity)
      .insert({ ...(spec.insertOnly ?? {}), ...spec.set, ...key } as never)
      .onConflict(conflictFields as never)
      .ignore()
      .returning("*" as never)
      .execute("all", false);
    const created = rows(inserted)[0];
    if (created) return { entity: sql.map(entity, created as never), created: true };
    const updated = await sql
      .createQueryBuilder(entity)
      .update(spec.set as never)
      .where(key as never)
      .returning("*" as never)
      .execute("all", false);
    const row = rows(updated)[0];
    if (row) return { entity: sql.map(entity, row as never), created: false };
  }
  throw new Error(`upsertOwned: the ${entity.name} row kept disappearing between insert and update.`);
}

function rows(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result)) return result as Record<string, unknown>[];
  const withRows = result as { rows?: Record<string, unknown>[] } | undefined;
  return withRows?.rows ?? [];
}
